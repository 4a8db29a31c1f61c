/**
 * `ingest` and `crawl` with `--db postgres://…`: the work done here, without the queue, into the
 * shared dataset — each file's bytes stored in raw_files and run as a parse job would be, so the
 * records are the ones a worker would write.
 */
import { availableParallelism } from 'node:os';
import pLimit from 'p-limit';
import type { CrawlOptions, CrawlResult } from '../crawl/crawl.js';
import { expandInputs } from '../pipeline/inputs.js';
import { ParsePool } from '../pipeline/pool.js';
import { finishRunPg, startRunPg } from '../store/pg/runs.js';
import { openPostgres, type PgPool } from '../store/pg/store.js';
import type { HostJob } from './boss.js';
import { crawlHost, type HostCrawl } from './crawl-job.js';
import { acquireHostLock } from './host-lock.js';
import { storeRawFile } from './enqueue.js';
import { ParseStopped, runParseJob } from './worker.js';

export interface PostgresIngestOptions {
  concurrency?: number;
  /** The command line, for the runs row. */
  args: readonly string[];
  signal?: AbortSignal;
  /** Once aborted, the documents being parsed are stopped too, and not stored. */
  halt?: AbortSignal;
  timeoutMs: number;
  maxMemoryMb: number;
  ocr: boolean;
  onFile?: (line: { source: string; outcome: string }) => void;
}

/** Counts of outcomes (ok, partial, failed, skipped). */
export type OutcomeCounts = Record<string, number>;

/** The run's id (runs), its counts, and whether every document named is stored ok (skipped ones by their stored status, as on SQLite). */
export interface IngestOutcome {
  run: number;
  counts: OutcomeCounts;
  allOk: boolean;
}

type Parse = (file: { sha256: string; source: string }) => Promise<void>;

/** A pool, parser threads and outcome counts for `work`, closed after it. */
async function parsing(url: string, kind: 'ingest' | 'crawl', opts: PostgresIngestOptions, work: (pool: PgPool, parse: Parse, note: (source: string, outcome: string) => void) => Promise<void>): Promise<IngestOutcome> {
  const threads = Math.max(1, opts.concurrency ?? availableParallelism());
  const pool = await openPostgres(url, { max: threads + 2 });
  const parser = new ParsePool({ threads, timeoutMs: opts.timeoutMs, maxMemoryMb: opts.maxMemoryMb });
  const stopParsing = () => parser.stopRunning();
  opts.halt?.addEventListener('abort', stopParsing, { once: true });
  const counts: OutcomeCounts = {};
  let allOk = true;
  let pages = 0;
  const note = (source: string, outcome: string, status = outcome) => {
    counts[outcome] = (counts[outcome] ?? 0) + 1;
    if (status !== 'ok') allOk = false;
    opts.onFile?.({ source, outcome });
  };
  const parse: Parse = async (file) => {
    const done = await runParseJob(pool, parser, { ...file, seenAt: new Date().toISOString() }, { ocr: opts.ocr, timeoutMs: opts.timeoutMs });
    pages += done.pages;
    note(file.source, done.outcome, done.status);
  };
  let run: number | null = null;
  try {
    run = await startRunPg(pool, kind, opts.args);
    await work(pool, parse, note);
    const seen = Object.values(counts).reduce((a, b) => a + b, 0);
    await finishRunPg(pool, run, { files_seen: seen, files_new: seen - (counts['skipped'] ?? 0), files_skipped: counts['skipped'] ?? 0, files_failed: counts['failed'] ?? 0, pages }, opts.signal?.aborted ? 'interrupted' : 'finished');
    return { run, counts, allOk };
  } finally {
    opts.halt?.removeEventListener('abort', stopParsing);
    await parser.close();
    await pool.end();
  }
}

export function ingestToPostgres(url: string, inputs: string[], opts: PostgresIngestOptions): Promise<IngestOutcome> {
  const slots = pLimit(Math.max(1, opts.concurrency ?? availableParallelism()));
  return parsing(url, 'ingest', opts, async (pool, parse, note) => {
    const files = await expandInputs(inputs);
    // The first error (the server's disk full, the connection lost) stops the batch: no file is
    // started after it, and it is thrown once the files in flight are done.
    let stopped: { error: unknown } | null = null;
    await Promise.all(
      files.map((file) =>
        slots(async () => {
          if (stopped || opts.signal?.aborted) return;
          try {
            const stored = await storeRawFile(pool, file);
            if (stored) await parse(stored);
            else note(file.source ?? file.path, 'failed');
          } catch (e) {
            // A file stopped by a halt is simply not stored; anything else stops the batch.
            if (!(e instanceof ParseStopped)) stopped ??= { error: e };
          }
        }),
      ),
    );
    if (stopped) throw (stopped as { error: unknown }).error;
  });
}

export interface PostgresCrawlOptions extends PostgresIngestOptions {
  rawDir: string;
  onFetch?: CrawlOptions['onFetch'];
  /** Told when a host is being crawled elsewhere and this run waits for it. */
  onWaiting?: (host: string) => void;
}

/** Each host crawled in turn (under its lock, so no worker crawls it meanwhile), then what it found parsed. */
export async function crawlToPostgres(url: string, jobs: HostJob[], opts: PostgresCrawlOptions): Promise<IngestOutcome & { fetches: Omit<CrawlResult, 'files'> }> {
  const fetches: Omit<CrawlResult, 'files'> = { requests: 0, downloaded: 0, unchanged: 0, failures: [], refused: [] };
  const slots = pLimit(Math.max(1, opts.concurrency ?? availableParallelism()));
  const parsed = await parsing(url, 'crawl', opts, async (pool, parse) => {
    for (const job of jobs) {
      if (opts.signal?.aborted) break;
      const lock = await acquireHostLock(pool, job.host, { wait: true, signal: opts.signal, onWaiting: () => opts.onWaiting?.(job.host) });
      if (!lock) break; // interrupted while waiting
      let crawled: HostCrawl;
      try {
        crawled = await crawlHost(pool, job, lock, { rawDir: opts.rawDir, signal: opts.signal, onFetch: opts.onFetch });
      } finally {
        await lock.release();
      }
      const { files, result } = crawled;
      fetches.requests += result.requests;
      fetches.downloaded += result.downloaded;
      fetches.unchanged += result.unchanged;
      fetches.failures.push(...result.failures);
      fetches.refused.push(...result.refused);
      // Interrupted: the bytes are in raw_files; the next run, answered with 304s, parses them.
      // A file stopped by a halt is not stored; the next run parses it.
      const parseUnlessHalted = (f: Parameters<Parse>[0]) => parse(f).catch((e: unknown) => {
        if (!(e instanceof ParseStopped)) throw e;
      });
      if (!opts.signal?.aborted) await Promise.all(files.map((f) => slots(() => parseUnlessHalted(f))));
    }
  });
  return { ...parsed, fetches };
}
