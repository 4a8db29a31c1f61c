/**
 * One crawl run: the walk (crawl.ts), then the ingest of what it found, recorded as a `runs` row.
 * Interrupted, it skips the ingest: the bytes are in the raw store and the next run, answered with
 * 304s, ingests them.
 */
import type { FetchRow } from '../../schemas/records.js';
import { ingestFiles } from '../pipeline/ingest.js';
import { summarise, type IngestSummary } from '../pipeline/summary.js';
import type { Db } from '../store/db.js';
import { finishRun, runCounts, startRun } from '../store/runs.js';
import { Crawler } from './crawl.js';
import type { HttpOptions } from './http.js';
import type { SiteProfile } from './profile.js';
import type { RawStore } from './raw-store.js';

export interface CrawlRunOptions {
  db: Db;
  /** The database's path, as the summary names it. */
  database: string;
  profiles: readonly SiteProfile[];
  raw: RawStore;
  http: HttpOptions;
  /** Parser threads for the ingest. */
  concurrency?: number;
  /** The command line, for the runs row. */
  args: readonly string[];
  signal?: AbortSignal;
  /** Once aborted, the documents being parsed are stopped too, and not stored. */
  halt?: AbortSignal;
  onFetch?: (fetch: Omit<FetchRow, 'id'>) => void;
}

export interface CrawlSummary extends IngestSummary {
  fetches: { requests: number; downloaded: number; unchanged: number; failed: number; failures: { url: string; error: string }[]; refused_by_robots: string[] };
}

/** Runs a crawl; `clean` is false when a fetch failed or a document is not ok. */
export async function runCrawl(opts: CrawlRunOptions): Promise<{ summary: CrawlSummary; clean: boolean }> {
  const { db, signal } = opts;
  const runId = startRun(db, 'crawl', opts.args);
  const crawler = new Crawler({ db, runId, raw: opts.raw, http: opts.http, signal, onFetch: opts.onFetch });
  const crawled = await crawler.crawl(opts.profiles);
  const results = signal?.aborted ? [] : await ingestFiles(crawled.files, { db, concurrency: opts.concurrency, signal, halt: opts.halt });
  const interrupted = signal?.aborted ?? false;
  finishRun(db, runId, runCounts(crawled.files.length, results), interrupted ? 'interrupted' : 'finished');
  const fetches = { requests: crawled.requests, downloaded: crawled.downloaded, unchanged: crawled.unchanged, failed: crawled.failures.length, failures: crawled.failures, refused_by_robots: crawled.refused };
  const summary = { ...summarise(db, opts.database, results, { id: runId, interrupted }), fetches };
  return { summary, clean: crawled.failures.length === 0 && results.every((r) => r.status === 'ok') };
}
