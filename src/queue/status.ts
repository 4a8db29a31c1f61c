/** `status`: the queue's depth, work in hand, failures and throughput, read from PostgreSQL. */
import type { PgPool } from '../store/pg/store.js';

export interface QueueStatus {
  queued: number;
  active: number;
  completed: number;
  failed: number;
  documents: number;
  /** Documents stored in the last ten minutes, per minute. */
  per_minute: number;
  failures: { source: string; reason: string }[];
}

export async function queueStatus(pool: PgPool): Promise<QueueStatus> {
  const hasQueue = (await pool.query("SELECT to_regclass('pgboss.job') IS NOT NULL AS ok")).rows[0].ok as boolean;
  if (!hasQueue) return { queued: 0, active: 0, completed: 0, failed: 0, documents: await countDocuments(pool), per_minute: 0, failures: [] };
  const states = await pool.query<{ state: string; n: number }>(
    `SELECT state, count(*)::bigint AS n FROM (SELECT state FROM pgboss.job UNION ALL SELECT state FROM pgboss.archive) j GROUP BY state`,
  );
  const by = (s: string[]) => states.rows.filter((r) => s.includes(r.state)).reduce((a, r) => a + Number(r.n), 0);
  const docs = await pool.query<{ n: number; recent: number }>(
    `SELECT count(*)::bigint AS n, count(*) FILTER (WHERE ingested_at >= $1)::bigint AS recent FROM documents`,
    [new Date(Date.now() - 600_000).toISOString()],
  );
  const failures = await pool.query<{ source: string; reason: string }>(
    `SELECT data->>'source' AS source, coalesce(output->>'message', output::text) AS reason FROM pgboss.job WHERE state = 'failed'
     UNION ALL SELECT data->>'source', coalesce(output->>'message', output::text) FROM pgboss.archive WHERE state = 'failed' LIMIT 50`,
  );
  return {
    queued: by(['created', 'retry']),
    active: by(['active']),
    completed: by(['completed']),
    failed: by(['failed']),
    documents: Number(docs.rows[0]!.n),
    per_minute: Math.round((Number(docs.rows[0]!.recent) / 10) * 10) / 10,
    failures: failures.rows,
  };
}

async function countDocuments(pool: PgPool): Promise<number> {
  return Number((await pool.query('SELECT count(*)::bigint AS n FROM documents')).rows[0].n);
}
