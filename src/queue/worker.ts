/**
 * `worker`: runs parse jobs, and the host jobs (crawl-job.ts), from the queue until SIGTERM or
 * SIGINT. A parse job parses the file's
 * bytes from the raw store in the parse pool (the same timeout and memory ceiling as `ingest`) and
 * writes the document in one transaction. Jobs are idempotent by sha256: bytes this version has
 * stored only gain a source. A worker killed mid-job loses nothing: the job's lease expires and
 * another worker runs it; what was stored is whole.
 */
import type { DocumentRow } from '../../schemas/records.js';
import type PgBoss from 'pg-boss';
import { convertTimeoutFor, documentRow, failedRow } from '../pipeline/ingest.js';
import { ParsePool } from '../pipeline/pool.js';
import { sniffFormat } from '../pipeline/sniff.js';
import { storageFault } from '../store/faults.js';
import { documentVersionPg, openPostgres, type PgPool, recordSourcePg, storeDocumentPg } from '../store/pg/store.js';
import { VERSION } from '../version.js';
import { CRAWL_QUEUE, type HostJob, hostJobData, PARSE_QUEUE, type ParseJob, parseJobData, SCHEDULE_PREFIX, sendHostJob, startBoss } from './boss.js';
import { runCrawlJob } from './crawl-job.js';
import { getRaw } from './raw.js';

export interface WorkerOptions {
  concurrency: number;
  timeoutMs: number;
  maxMemoryMb: number;
  ocr: boolean;
  /** Where this machine keeps crawled bodies between crawls (a cache of raw_files). */
  rawDir: string;
  /** Lease of the parse jobs a crawl puts on the queue. */
  leaseSeconds: number;
  /** Called after each job with what became of it. */
  onJob?: (line: { sha256: string; source: string; outcome: string; ms: number }) => void;
}

/** What a parse job did ('skipped': these bytes were stored by this version) and the document's status. */
export interface ParseOutcome {
  outcome: DocumentRow['status'] | 'skipped';
  status: DocumentRow['status'];
  /** Pages parsed (0 when skipped or failed before parsing). */
  pages: number;
}

/** A parse job stopped before its document was done: not stored, to be run again. */
export class ParseStopped extends Error {
  constructor(source: string) {
    super(`${source}: stopped before it was done; not stored`);
    this.name = 'ParseStopped';
  }
}

export async function runParseJob(pool: PgPool, parser: ParsePool, job: ParseJob, opts: { ocr: boolean; timeoutMs: number }): Promise<ParseOutcome> {
  const { sha256, source } = job;
  const stored = await documentVersionPg(pool, sha256);
  if (stored && stored.parser_version === VERSION) {
    await recordSourcePg(pool, sha256, source, job.seenAt);
    return { outcome: 'skipped', status: stored.status as DocumentRow['status'], pages: 0 };
  }
  const bytes = await getRaw(pool, sha256);
  if (!bytes) {
    await storeDocumentPg(pool, failedRow(source, sha256, null, null, 'its bytes are not in the raw store (raw_files)'), null);
    return { outcome: 'failed', status: 'failed', pages: 0 };
  }
  const sniffed = sniffFormat(bytes, source);
  if (!sniffed.ok) {
    await storeDocumentPg(pool, failedRow(source, sha256, null, bytes.length, sniffed.reason), null);
    return { outcome: 'failed', status: 'failed', pages: 0 };
  }
  const outcome = await parser.parse({ bytes, format: sniffed.format, name: source, ocr: opts.ocr, convertTimeoutMs: convertTimeoutFor(opts.timeoutMs) });
  // Stopped by its host (the worker or the batch is stopping): nothing is stored; the job is retried.
  if (!outcome.ok && outcome.stopped) throw new ParseStopped(source);
  let row = outcome.ok ? documentRow(source, sha256, sniffed.format, bytes.length, outcome.pages, outcome.parsed) : failedRow(source, sha256, sniffed.format, bytes.length, outcome.reason);
  try {
    await storeDocumentPg(pool, row, outcome.ok ? outcome.parsed : null);
  } catch (e) {
    // The server's or the connection's fault, not the document's: the job is retried later.
    const fault = storageFault(e);
    if (fault) throw fault;
    row = failedRow(source, sha256, sniffed.format, bytes.length, `internal error while storing its records: ${(e as Error).message.slice(0, 500)}`);
    await storeDocumentPg(pool, row, null);
  }
  return { outcome: row.status, status: row.status, pages: outcome.ok ? (outcome.pages ?? 0) : 0 };
}

export async function runWorker(url: string, opts: WorkerOptions): Promise<void> {
  const pool = await openPostgres(url, { max: opts.concurrency + 2 });
  const boss: PgBoss = await startBoss(url);
  const parser = new ParsePool({ threads: opts.concurrency, timeoutMs: opts.timeoutMs, maxMemoryMb: opts.maxMemoryMb });
  let stopping: Promise<void> | null = null;
  const stop = () =>
    (stopping ??= (async () => {
      // Graceful: no new job is fetched; the jobs in hand are finished and stored first.
      await boss.offWork(PARSE_QUEUE).catch(() => {});
      await boss.stop({ graceful: true, wait: true, timeout: opts.timeoutMs + 30_000 }).catch(() => {});
      await parser.close();
      await pool.end();
    })());
  const done = new Promise<void>((resolve) => {
    process.once('SIGTERM', () => void stop().then(resolve));
    process.once('SIGINT', () => void stop().then(resolve));
  });
  for (let i = 0; i < opts.concurrency; i++) {
    await boss.work<ParseJob>(PARSE_QUEUE, { batchSize: 1, pollingIntervalSeconds: 0.5 }, async ([job]) => {
      const started = performance.now();
      const data = parseJobData(job!.data);
      const { outcome } = await runParseJob(pool, parser, data, opts);
      opts.onJob?.({ sha256: data.sha256, source: data.source, outcome, ms: Math.round(performance.now() - started) });
    });
  }
  await boss.work<HostJob>(CRAWL_QUEUE, { batchSize: 1, pollingIntervalSeconds: 1 }, async ([job]) => {
    const started = performance.now();
    const data = hostJobData(job!.data);
    const r = await runCrawlJob(pool, boss, data, { rawDir: opts.rawDir, leaseSeconds: opts.leaseSeconds });
    const source = r === 'deferred' ? `${data.kind} ${data.host}: the host is busy, tried again later` : `${data.kind} ${data.host}: ${r.requests} requests, ${r.files} files queued`;
    opts.onJob?.({ sha256: '', source, outcome: r === 'deferred' ? 'deferred' : 'crawled', ms: Math.round(performance.now() - started) });
  });
  // A scheduled crawl's job is handed on to the crawl queue, where the host's lock applies.
  const worked = new Set<string>();
  const watchSchedules = async () => {
    for (const q of await boss.getQueues().catch(() => [])) {
      if (!q.name.startsWith(SCHEDULE_PREFIX) || worked.has(q.name)) continue;
      worked.add(q.name);
      await boss.work<HostJob>(q.name, { batchSize: 1, pollingIntervalSeconds: 5 }, async ([job]) => {
        const data = hostJobData(job!.data);
        await sendHostJob(boss, data);
      });
    }
  };
  await watchSchedules();
  const watcher = setInterval(() => void watchSchedules(), 30_000);
  watcher.unref();
  await done;
  clearInterval(watcher);
}
