/**
 * A host job: one site profile crawled, or given URLs fetched, by whichever worker takes it. The
 * host's lock (host-lock.ts) lets one host job per host run at a time across all workers and
 * machines, and the crawler sends one request at a time to a host, the delay apart — so
 * politeness holds across machines. What a crawl remembers between nights (the fetches table with its validators,
 * robots.txt among them) is kept per host in PostgreSQL (crawl_state) as a small SQLite file, so
 * the next night's crawl, on any worker, asks conditionally. Bodies go to raw_files and each
 * notice or attachment becomes a parse job.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type PgBoss from 'pg-boss';
import { Crawler, type CrawlOptions, type CrawlResult } from '../crawl/crawl.js';
import { HTTP_DEFAULTS } from '../crawl/http.js';
import type { SiteProfile } from '../crawl/profile.js';
import { RawStore } from '../crawl/raw-store.js';
import { openDatabase } from '../store/db.js';
import type { PgPool } from '../store/pg/store.js';
import { finishRun, startRun } from '../store/runs.js';
import { HOST_BUSY_RETRY_S, type HostJob, PARSE_QUEUE, type ParseJob, QueueError, sendHostJob } from './boss.js';
import { acquireHostLock, type HostLock } from './host-lock.js';
export { CRAWL_QUEUE } from './boss.js';
import { getRaw, putRaw } from './raw.js';

/** The host whose politeness a job keeps: the key of its lock. */
export const hostOf = (profile: SiteProfile): string => new URL(profile.start[0]!).host;

/**
 * A raw store that also finds bodies written here under their hash with another extension (those
 * loaded from raw_files, or fetched under another URL). A body found so is copied to the name
 * asked for, because the crawler hands that path (pathOf) on as the file to parse.
 */
class SharedRawStore extends RawStore {
  override get(sha256: string, ext: string): Uint8Array | null {
    const local = super.get(sha256, ext);
    if (local) return local;
    let bytes: Uint8Array | null = null;
    try {
      const dir = join(this.dir, sha256.slice(0, 2));
      const name = readdirSync(dir).find((f) => f.startsWith(sha256) && !f.endsWith('.tmp'));
      bytes = name ? new Uint8Array(readFileSync(join(dir, name))) : null;
    } catch {
      return null;
    }
    if (bytes && ext !== '') this.put(bytes, ext);
    return bytes;
  }
}

async function loadState(pool: PgPool, host: string, path: string): Promise<void> {
  const r = await pool.query<{ db: Buffer }>('SELECT db FROM crawl_state WHERE host = $1', [host]);
  if (r.rows[0]) writeFileSync(path, r.rows[0].db);
}

async function saveState(pool: PgPool, host: string, path: string): Promise<void> {
  await pool.query(
    'INSERT INTO crawl_state (host, db, saved_at) VALUES ($1, $2, $3) ON CONFLICT (host) DO UPDATE SET db = excluded.db, saved_at = excluded.saved_at',
    [host, readFileSync(path), new Date().toISOString()],
  );
}

/** What one host's crawl or fetch left in raw_files for parsing, and its report. */
export interface HostCrawl {
  files: { sha256: string; source: string }[];
  result: CrawlResult;
}

/**
 * Crawls a site or fetches URLs of one host, politely, remembering what it saw in crawl_state.
 * The caller holds the host's lock (host-lock.ts); losing it stops the crawl and throws.
 */
export async function crawlHost(pool: PgPool, job: HostJob, lock: HostLock, opts: { rawDir: string; signal?: AbortSignal; onFetch?: CrawlOptions['onFetch'] }): Promise<HostCrawl> {
  const signal = opts.signal ? AbortSignal.any([opts.signal, lock.lost]) : lock.lost;
  const crawled = await (async () => {
    const work = mkdtempSync(join(tmpdir(), 'fiscal-crawl-job-'));
    try {
      const statePath = join(work, 'state.db');
      await loadState(pool, job.host, statePath);
      const db = openDatabase(statePath);
      const raw = new SharedRawStore(opts.rawDir);
      mkdirSync(opts.rawDir, { recursive: true });
      let result: CrawlResult;
      let bodies: { sha256: string; url: string }[];
      try {
        // Bodies earlier crawls stored, so this one can ask conditionally for them.
        const known = db.prepare('SELECT DISTINCT sha256 FROM fetches WHERE sha256 IS NOT NULL').all() as { sha256: string }[];
        for (const { sha256 } of known) {
          if (raw.get(sha256, '')) continue;
          const bytes = await getRaw(pool, sha256);
          if (bytes) raw.put(bytes, '.prev');
        }
        const runId = startRun(db, 'crawl', job.kind === 'fetch' ? job.urls : [job.host]);
        const crawler = new Crawler({ db, runId, raw, http: { ...HTTP_DEFAULTS, delayS: job.delayS ?? HTTP_DEFAULTS.delayS, timeoutS: job.timeoutS ?? HTTP_DEFAULTS.timeoutS }, signal, onFetch: opts.onFetch });
        result = job.kind === 'fetch' ? await crawler.fetchDocuments(job.urls) : await crawler.crawl([job.profile]);
        finishRun(db, runId, { files_seen: result.files.length, files_new: result.downloaded, files_skipped: result.unchanged, files_failed: result.failures.length, pages: 0 }, 'finished');
        bodies = db.prepare('SELECT DISTINCT sha256, url FROM fetches WHERE run_id = ? AND sha256 IS NOT NULL').all(runId) as { sha256: string; url: string }[];
      } finally {
        db.close();
      }
      // Every body this crawl holds — listing pages and robots.txt too, not only what is parsed — goes
      // to raw_files, so the next crawl of the host can ask conditionally from any worker.
      for (const { sha256, url } of bodies) {
        const bytes = raw.get(sha256, '');
        if (bytes) await putRaw(pool, bytes, url);
      }
      const files: HostCrawl['files'] = [];
      for (const file of result.files) {
        const source = file.source ?? file.path;
        files.push({ sha256: await putRaw(pool, new Uint8Array(readFileSync(file.path)), source), source });
      }
      await saveState(pool, job.host, statePath);
      return { files, result };
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  })();
  // Another worker may have taken the host since: what was fetched is kept, the job is retried.
  if (lock.lost.aborted) throw lock.lost.reason as Error;
  return crawled;
}

/**
 * A host job on a worker: the crawl, then a parse job for each file it found. A host another
 * worker (or a crawl by hand) holds is not waited for: the job goes back on the queue for later,
 * so one busy host never holds up the others.
 */
export async function runCrawlJob(pool: PgPool, boss: PgBoss, job: HostJob, opts: { rawDir: string; leaseSeconds: number }): Promise<{ files: number; requests: number } | 'deferred'> {
  const lock = await acquireHostLock(pool, job.host, { wait: false });
  if (!lock) {
    await sendHostJob(boss, job, { startAfterSeconds: HOST_BUSY_RETRY_S });
    return 'deferred';
  }
  let crawled: HostCrawl;
  try {
    crawled = await crawlHost(pool, job, lock, { rawDir: opts.rawDir });
  } finally {
    await lock.release();
  }
  const { files, result } = crawled;
  for (const file of files) {
    const parse: ParseJob = { ...file, seenAt: new Date().toISOString() };
    await boss.send(PARSE_QUEUE, parse, { expireInSeconds: opts.leaseSeconds, retryLimit: 2, retryDelay: 1 });
  }
  // A URL given to fetch that could not be: the job fails with why (retried, then listed by
  // `status`). A site crawl's failed links are the crawl's report, not the job's failure.
  const failed = [...result.failures.map((f) => `${f.url}: ${f.error}`), ...result.refused.map((url) => `${url}: refused by robots.txt`)];
  if (job.kind === 'fetch' && failed.length > 0) throw new QueueError(failed.join('; '));
  return { files: files.length, requests: result.requests };
}
