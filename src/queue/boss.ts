/**
 * The job queue: pg-boss on the same PostgreSQL database as the dataset (its own schema, pgboss).
 * pg-boss rather than graphile-worker: it runs on Node 20 (graphile-worker's current line needs
 * 22), and it has what the queue needs built in — leases that expire into retries (a killed
 * worker's job comes back), retry limits that end a poison job as failed, cron schedules, and
 * singleton keys.
 */
import PgBoss from 'pg-boss';
import { z } from 'zod';
import { DatabaseError } from '../store/db.js';
import { redact } from '../store/pg/store.js';

/** Parse a stored file (data: ParseJob). */
export const PARSE_QUEUE = 'parse';
/** Crawl one site (data: CrawlJob); singleton by host, so one crawl per host runs at a time. */
export const CRAWL_QUEUE = 'crawl';
/** Scheduled crawls: queue `schedule/<host>`, whose jobs are handed on to CRAWL_QUEUE. */
export const SCHEDULE_PREFIX = 'schedule/';

export const ParseJob = z.object({
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  /** Where the bytes were found: a path or a URL. */
  source: z.string().min(1),
  seenAt: z.string().min(1),
});
export type ParseJob = z.infer<typeof ParseJob>;

/** A job's data checked at the queue's boundary: anything else fails the job with the reason. */
export function parseJobData(data: unknown): ParseJob {
  const r = ParseJob.safeParse(data);
  if (!r.success) throw new QueueError(`not a parse job (${r.error.issues.map((i) => `${i.path.join('.') || 'data'}: ${i.message}`).join('; ')})`);
  return r.data;
}

export class QueueError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'QueueError';
  }
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
  boss.on('error', (e: Error & { code?: string; constraint?: string }) => {
    // A crawl job for a host another worker is crawling stays queued: the singleton index refuses it.
    if (e.code === '23505' && e.constraint === 'job_i2') return;
    process.stderr.write(`fiscal-extract: queue: ${e.message}\n`);
  });
  try {
    await boss.start();
    if (!(await boss.getQueue(PARSE_QUEUE))) await boss.createQueue(PARSE_QUEUE, { name: PARSE_QUEUE, policy: 'standard' });
    if (!(await boss.getQueue(CRAWL_QUEUE))) await boss.createQueue(CRAWL_QUEUE, { name: CRAWL_QUEUE, policy: 'singleton' });
  } catch (e) {
    await boss.stop({ graceful: false, wait: false }).catch(() => {});
    throw new DatabaseError(`cannot start the job queue on ${redact(url)}: ${(e as Error).message}`);
  }
  return boss;
}
