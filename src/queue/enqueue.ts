/**
 * `enqueue`: files, directories and URLs onto the queue. Each file's bytes go to the shared raw
 * store first, then a parse job naming their sha256; a file that cannot be read is stored at once
 * as a failed document with its reason, as `ingest` does. Each URL becomes a fetch job on the
 * per-host queue, so it is fetched politely, and what it fetched becomes parse jobs.
 */
import { resolve } from 'node:path';
import { failedRow, readInput } from '../pipeline/ingest.js';
import { expandInputs, type InputFile } from '../pipeline/inputs.js';
import { openPostgres, type PgPool, storeDocumentPg } from '../store/pg/store.js';
import type { SiteProfile } from '../crawl/profile.js';
import { CRAWL_QUEUE, type HostJob, HostJob as HostJobSchema, PARSE_QUEUE, type ParseJob, SCHEDULE_PREFIX, startBoss } from './boss.js';
import { hostOf } from './crawl-job.js';
import { putRaw, sha256Of } from './raw.js';

export interface EnqueueOptions {
  /** How long a worker holds a job before it is handed to another (seconds). */
  leaseSeconds: number;
  /** Attempts after the first before a job ends failed. */
  retries: number;
  /** For URLs: the pause between two requests to one host (seconds). */
  delayS?: number;
}

const isUrl = (input: string) => /^https?:\/\//i.test(input);

/** The fetch job for a URL given to enqueue, or why it cannot be fetched. */
function fetchJob(target: string, delayS: number | undefined): HostJob | { reason: string } {
  let host: string;
  try {
    host = new URL(target).host;
  } catch {
    return { reason: 'not a URL that can be fetched' };
  }
  const job = HostJobSchema.safeParse({ kind: 'fetch', host, urls: [target], delayS });
  return job.success ? job.data : { reason: `not a URL that can be fetched (${job.error.issues.map((i) => i.message).join('; ')})` };
}

export interface EnqueueSummary {
  /** Files put on the queue to parse. */
  queued: number;
  /** URLs put on the queue to fetch (and then parse what they hold). */
  urls: number;
  failed: number;
}

/** A file's bytes put in raw_files (its sha256), or the reason it could not be read, stored as a failed document. */
export async function storeRawFile(pool: PgPool, file: InputFile): Promise<{ sha256: string; source: string } | null> {
  const source = file.source ?? file.path;
  const read = await readInput(file);
  if ('reason' in read) {
    await storeDocumentPg(pool, failedRow(source, sha256Of(Buffer.from(`unreadable:${resolve(source)}`)), null, null, read.reason), null);
    return null;
  }
  return { sha256: await putRaw(pool, read.bytes, source), source };
}

export async function enqueueFiles(url: string, inputs: string[], opts: EnqueueOptions): Promise<EnqueueSummary> {
  const pool = await openPostgres(url);
  const boss = await startBoss(url);
  const summary: EnqueueSummary = { queued: 0, urls: 0, failed: 0 };
  try {
    for (const target of inputs.filter(isUrl)) {
      const job = fetchJob(target, opts.delayS);
      if ('reason' in job) {
        // As an unreadable file: a failed document with the reason, and the others go on.
        await storeDocumentPg(pool, failedRow(target, sha256Of(Buffer.from(`unfetchable:${target}`)), null, null, job.reason), null);
        summary.failed++;
        continue;
      }
      await boss.send(CRAWL_QUEUE, job, { singletonKey: job.host, expireInSeconds: 3600, retryLimit: opts.retries, retryDelay: 30 });
      summary.urls++;
    }
    for (const file of await expandInputs(inputs.filter((i) => !isUrl(i)))) {
      const stored = await storeRawFile(pool, file);
      if (!stored) {
        summary.failed++;
        continue;
      }
      const job: ParseJob = { sha256: stored.sha256, source: stored.source, seenAt: new Date().toISOString() };
      await boss.send(PARSE_QUEUE, job, { expireInSeconds: opts.leaseSeconds, retryLimit: opts.retries, retryDelay: 1 });
      summary.queued++;
    }
    return summary;
  } finally {
    await boss.stop({ graceful: false, wait: true });
    await pool.end();
  }
}

/** `crawl --queue`: one crawl job per site, singleton by its host. */
export async function enqueueCrawls(url: string, profiles: SiteProfile[], opts: { delayS?: number }): Promise<number> {
  const boss = await startBoss(url);
  try {
    for (const profile of profiles) {
      const job: HostJob = { kind: 'crawl', profile, host: hostOf(profile), delayS: opts.delayS };
      await boss.send(CRAWL_QUEUE, job, { singletonKey: job.host, expireInSeconds: 6 * 3600, retryLimit: 1 });
    }
    return profiles.length;
  } finally {
    await boss.stop({ graceful: false, wait: true });
  }
}

/** `schedule crawl`: the site crawled on a cron schedule by whichever worker is free. */
export async function scheduleCrawl(url: string, profile: SiteProfile, cron: string, opts: { delayS?: number; tz?: string }): Promise<string> {
  const boss = await startBoss(url);
  try {
    const job: HostJob = { kind: 'crawl', profile, host: hostOf(profile), delayS: opts.delayS };
    const name = `${SCHEDULE_PREFIX}${job.host}`;
    if (!(await boss.getQueue(name))) await boss.createQueue(name, { name, policy: 'short' });
    await boss.schedule(name, cron, job, { tz: opts.tz ?? 'Asia/Shanghai' });
    return name;
  } finally {
    await boss.stop({ graceful: false, wait: true });
  }
}
