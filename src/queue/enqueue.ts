/**
 * `enqueue`: files, directories and URLs onto the queue. Each file's bytes go to the shared raw
 * store first, then a parse job naming their sha256; a file that cannot be read is stored at once
 * as a failed document with its reason, as `ingest` does. Each URL becomes a fetch job on the
 * per-host queue, so it is fetched politely, and what it fetched becomes parse jobs.
 */
import { RawStore } from '../crawl/raw-store.js';
import { failedRow, readInput, unreadableRow } from '../pipeline/ingest.js';
import { expandInputs, type InputFile } from '../pipeline/inputs.js';
import { openPostgres, type PgPool, storeDocumentPg } from '../store/pg/store.js';
import type { SiteProfile } from '../crawl/profile.js';
import { type HostJob, HostJob as HostJobSchema, PARSE_QUEUE, type ParseJob, SCHEDULE_PREFIX, sendHostJob, startBoss } from './boss.js';
import { hostOf } from './crawl-job.js';
import { putRaw } from './raw.js';

export interface EnqueueOptions {
  /** How long a worker holds a job before it is handed to another (seconds). */
  leaseSeconds: number;
  /** Attempts after the first before a job ends failed. */
  retries: number;
  /** For URLs: the pause between two requests to one host (seconds). */
  delayS?: number;
}

const isUrl = (input: string) => /^https?:\/\//i.test(input);

/** URLs in one fetch job, at most: its lease is long enough for them at any polite delay. */
const URLS_PER_JOB = 100;

/** The host of a URL given to enqueue, or why it cannot be fetched. */
function hostOfUrl(target: string): { host: string } | { reason: string } {
  try {
    const url = new URL(target);
    if (url.host !== '' && HostJobSchema.safeParse({ kind: 'fetch', host: url.host, urls: [target] }).success) return { host: url.host };
  } catch {
    // reported below
  }
  return { reason: 'not a URL that can be fetched' };
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
    await storeDocumentPg(pool, unreadableRow(source, read.reason), null);
    return null;
  }
  return { sha256: await putRaw(pool, read.bytes, source), source };
}

export async function enqueueFiles(url: string, inputs: string[], opts: EnqueueOptions): Promise<EnqueueSummary> {
  const pool = await openPostgres(url);
  const boss = await startBoss(url);
  const summary: EnqueueSummary = { queued: 0, urls: 0, failed: 0 };
  try {
    const byHost = new Map<string, string[]>();
    for (const target of inputs.filter(isUrl)) {
      const host = hostOfUrl(target);
      if ('reason' in host) {
        // As an unreadable file: a failed document with the reason, and the others go on.
        await storeDocumentPg(pool, failedRow(target, RawStore.sha256(Buffer.from(`unfetchable:${target}`)), null, null, host.reason), null);
        summary.failed++;
        continue;
      }
      byHost.set(host.host, [...(byHost.get(host.host) ?? []), target]);
    }
    // A job per host (per URLS_PER_JOB of them): its URLs are fetched one after another anyway.
    for (const [host, urls] of byHost) {
      for (let at = 0; at < urls.length; at += URLS_PER_JOB) {
        await sendHostJob(boss, HostJobSchema.parse({ kind: 'fetch', host, urls: urls.slice(at, at + URLS_PER_JOB), delayS: opts.delayS }), { retries: opts.retries });
      }
      summary.urls += urls.length;
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

/** `crawl --queue`: one crawl job per site. */
export async function enqueueCrawls(url: string, profiles: SiteProfile[], opts: { delayS?: number }): Promise<number> {
  const boss = await startBoss(url);
  try {
    for (const profile of profiles) {
      await sendHostJob(boss, { kind: 'crawl', profile, host: hostOf(profile), delayS: opts.delayS });
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
