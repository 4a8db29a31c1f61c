/**
 * At most one crawl or fetch per host at a time, across every worker and machine: a PostgreSQL
 * session advisory lock keyed by the host, held on its own connection for the whole host job.
 * Workers only try it (a busy host's job is put back for later, so it never blocks the queue for
 * other hosts); `crawl --db postgres://` run by hand waits for it, saying so, and can be stopped.
 * If the connection holding it drops, PostgreSQL has released the lock: `lost` aborts the crawl.
 */
import type pg from 'pg';
import type { PgPool } from '../store/pg/store.js';

export interface HostLock {
  /** Aborted when the connection holding the lock is lost (the lock is gone with it). */
  lost: AbortSignal;
  release(): Promise<void>;
}

const KEY = "hashtextextended('host:' || $1, 0)";
const WAIT_POLL_MS = 1000;

/**
 * The host's lock, or null when another holds it and `wait` is off — or when `signal` is aborted
 * while waiting.
 */
export async function acquireHostLock(pool: PgPool, host: string, opts: { wait: boolean; signal?: AbortSignal; onWaiting?: () => void }): Promise<HostLock | null> {
  const client: pg.PoolClient = await pool.connect();
  const lost = new AbortController();
  // A checked-out client has no listener of the pool's: without this a dropped connection would
  // be an uncaught 'error' event and end the process.
  const onError = () => lost.abort(new Error(`lost the database connection holding the lock on ${host}`));
  client.on('error', onError);
  const done = (destroy: boolean) => {
    client.off('error', onError);
    client.release(destroy);
  };
  try {
    for (let waited = false; ; waited = true) {
      const r = await client.query<{ ok: boolean }>(`SELECT pg_try_advisory_lock(${KEY}) AS ok`, [host]);
      if (r.rows[0]?.ok) break;
      if (!opts.wait || opts.signal?.aborted) {
        done(false);
        return null;
      }
      if (!waited) opts.onWaiting?.();
      await new Promise((resolve) => setTimeout(resolve, WAIT_POLL_MS));
    }
  } catch (e) {
    done(true);
    throw e;
  }
  return {
    lost: lost.signal,
    async release() {
      // Unlocking fails only on a lost connection, which has released the lock already.
      const ok = await client.query(`SELECT pg_advisory_unlock(${KEY})`, [host]).then(() => true, () => false);
      done(!ok);
    },
  };
}
