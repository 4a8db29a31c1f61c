/**
 * The job queue: pg-boss on the same PostgreSQL database as the dataset (its own schema, pgboss).
 * pg-boss rather than graphile-worker: it runs on Node 20 (graphile-worker's current line needs
 * 22), and it has what the queue needs built in — leases that expire into retries (a killed
 * worker's job comes back), retry limits that end a poison job as failed, delayed jobs and
 * cron schedules.
 */
import PgBoss from 'pg-boss';
import { z } from 'zod';
import { SiteProfile } from '../crawl/profile.js';
import { DatabaseError } from '../store/db.js';
import { redact } from '../store/pg/store.js';

/** Parse a stored file (data: ParseJob). */
export const PARSE_QUEUE = 'parse';
/**
 * Work that sends requests to one host (data: HostJob): crawl a site, or fetch given URLs. One
 * such job per host runs at a time, by the host's lock (host-lock.ts) rather than a pg-boss
 * singleton: a singleton queue fetches jobs oldest first and stalls every host behind a queued
 * job whose host is busy.
 */
export const CRAWL_QUEUE = 'crawl';
/** How long a host job waits before it is tried again when its host is busy. */
export const HOST_BUSY_RETRY_S = 20;
/** Scheduled crawls: queue `schedule/<host>`, whose jobs are handed on to CRAWL_QUEUE. */
export const SCHEDULE_PREFIX = 'schedule/';

export const ParseJob = z.object({
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  /** Where the bytes were found: a path or a URL. */
  source: z.string().min(1),
  seenAt: z.string().min(1),
});
export type ParseJob = z.infer<typeof ParseJob>;

const httpUrl = z.string().url().refine((u) => /^https?:\/\//i.test(u), 'must be an http(s) URL');

/** The two kinds of job that talk to a host: a site crawl (by its profile) and fetches of given URLs. */
export const HostJob = z.union([
  z.object({ kind: z.literal('crawl').default('crawl'), host: z.string().min(1), delayS: z.number().nonnegative().optional(), timeoutS: z.number().nonnegative().optional(), profile: SiteProfile }).strict(),
  z.object({ kind: z.literal('fetch'), host: z.string().min(1), delayS: z.number().nonnegative().optional(), timeoutS: z.number().nonnegative().optional(), urls: z.array(httpUrl).min(1) }).strict(),
]);
export type HostJob = z.infer<typeof HostJob>;

function checked<T>(schema: z.ZodType<T>, what: string, data: unknown): T {
  const r = schema.safeParse(data);
  if (!r.success) throw new QueueError(`not a ${what} job (${r.error.issues.map((i) => `${i.path.join('.') || 'data'}: ${i.message}`).join('; ')})`);
  return r.data;
}

/** A job's data checked at the queue's boundary: anything else fails the job with the reason. */
export const parseJobData = (data: unknown): ParseJob => checked(ParseJob, 'parse', data);
export const hostJobData = (data: unknown): HostJob => checked(HostJob, 'crawl or fetch', data);

import { QueueError } from './errors.js';

export { QueueError };

/** Puts a host job on its queue: a crawl may run for hours, a fetch of a few URLs not. */
export async function sendHostJob(boss: PgBoss, job: HostJob, opts: { retries?: number; startAfterSeconds?: number } = {}): Promise<void> {
  const fetch = job.kind === 'fetch';
  await boss.send(CRAWL_QUEUE, job, {
    expireInSeconds: fetch ? 3600 : 6 * 3600,
    retryLimit: opts.retries ?? (fetch ? 2 : 1),
    retryDelay: 30,
    ...(opts.startAfterSeconds ? { startAfter: opts.startAfterSeconds } : {}),
  });
}

export interface BossOptions {
  /** How often expired leases are turned into retries (seconds). */
  maintenanceIntervalSeconds?: number;
}

export async function startBoss(url: string, opts: BossOptions = {}): Promise<PgBoss> {
  const boss = new PgBoss({
    connectionString: url,
    max: 4,
    application_name: 'fiscal-extract-queue',
    maintenanceIntervalSeconds: opts.maintenanceIntervalSeconds ?? Number(process.env['FISCAL_QUEUE_MAINTENANCE_S'] ?? 30),
  });
  boss.on('error', (e: Error) => process.stderr.write(`fiscal-extract: queue: ${e.message}\n`));
  try {
    await boss.start();
    if (!(await boss.getQueue(PARSE_QUEUE))) await boss.createQueue(PARSE_QUEUE, { name: PARSE_QUEUE, policy: 'standard' });
    const hosts = await boss.getQueue(CRAWL_QUEUE);
    if (!hosts) await boss.createQueue(CRAWL_QUEUE, { name: CRAWL_QUEUE, policy: 'standard' });
    // Made by 0.2.0 as a singleton queue: the host lock does that job now, without the stalls.
    else if (hosts.policy !== 'standard') await boss.updateQueue(CRAWL_QUEUE, { name: CRAWL_QUEUE, policy: 'standard' });
  } catch (e) {
    await boss.stop({ graceful: false, wait: false }).catch(() => {});
    throw new DatabaseError(`cannot start the job queue on ${redact(url)}: ${(e as Error).message}`);
  }
  return boss;
}
