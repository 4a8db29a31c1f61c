/** The commands of running on many machines: enqueue, worker, status (PostgreSQL only). */
import { availableParallelism } from 'node:os';
import type { Command } from 'commander';
import { DEFAULT_MAX_MEMORY_MB, DEFAULT_TIMEOUT_S } from '../pipeline/ingest.js';
import { QueueError } from '../queue/errors.js';
import { loadProfile, profileOfUrls } from '../crawl/profile.js';
import { MACHINE_RAW_DIR, memoryCeiling, MIN_MEMORY_MB, nonNegativeInt, nonNegativeSeconds, positiveInt, positiveNumber } from './options.js';
import { isPostgresUrl } from '../store/url.js';

// The queue's modules (pg-boss, the PostgreSQL driver) load when a queue command runs, not with the CLI.
const enqueue = () => import('../queue/enqueue.js');

const DB_HELP = 'PostgreSQL URL (postgres://…); FISCAL_DB when not given';

function postgresUrl(db: string | undefined): string {
  const url = db ?? process.env['FISCAL_DB'];
  if (!url) throw new QueueError('give the shared database with --db postgres://… or FISCAL_DB');
  if (!isPostgresUrl(url)) throw new QueueError(`the queue needs a PostgreSQL database (postgres://…), not ${url}`);
  return url;
}

export function registerQueueCommands(program: Command): void {
  program
    .command('enqueue')
    .description('Put files, directories and URLs on the shared queue: a file\'s bytes go to the database with a parse job for the workers; a URL becomes a fetch job (one request per host at a time across workers), and what it fetched is parsed.')
    .argument('<inputs...>', 'files, directories (walked), glob patterns, or http(s) URLs of documents or notice pages')
    .option('--db <url>', DB_HELP)
    .option('--lease <seconds>', 'how long a worker may hold a job before another takes it over', positiveInt, DEFAULT_TIMEOUT_S + 60)
    .option('--retries <n>', 'attempts after the first before a job ends failed', nonNegativeInt, 2)
    .option('--delay <seconds>', 'for URLs: pause between two requests to the same host', nonNegativeSeconds)
    .action(async (inputs: string[], opts: { db?: string; lease: number; retries: number; delay?: number }) => {
      const summary = await (await enqueue()).enqueueFiles(postgresUrl(opts.db), inputs, { leaseSeconds: opts.lease, retries: opts.retries, delayS: opts.delay });
      const urls = summary.urls ? ` and ${summary.urls} URL${summary.urls === 1 ? '' : 's'} to fetch` : '';
      process.stdout.write(`queued ${summary.queued} files${urls}${summary.failed ? `; ${summary.failed} could not be read or fetched (stored as failed)` : ''}\n`);
      if (summary.failed) process.exitCode = 1;
    });

  program
    .command('worker')
    .description('Run parse jobs from the shared queue until SIGTERM or Ctrl-C (the jobs in hand are finished first).')
    .option('--db <url>', DB_HELP)
    .option('--concurrency <n>', 'jobs at once (parser threads)', positiveInt, availableParallelism())
    .option('--timeout <seconds>', 'time limit per file', positiveNumber, DEFAULT_TIMEOUT_S)
    .option('--max-memory <MB>', `memory ceiling per parser thread, at least ${MIN_MEMORY_MB}`, memoryCeiling, DEFAULT_MAX_MEMORY_MB)
    .option('--no-ocr', 'store scans as failed instead of reading them by OCR')
    .option('--raw-dir <dir>', 'where this machine caches crawled bodies between crawls', MACHINE_RAW_DIR)
    .option('--quiet', 'print nothing per job')
    .action(async (opts: { db?: string; concurrency: number; timeout: number; maxMemory: number; ocr: boolean; rawDir: string; quiet?: boolean }) => {
      const url = postgresUrl(opts.db);
      process.stderr.write(`fiscal-extract: worker ${process.pid} running ${opts.concurrency} jobs at once\n`);
      await (await import('../queue/worker.js')).runWorker(url, {
        concurrency: opts.concurrency,
        timeoutMs: opts.timeout * 1000,
        maxMemoryMb: opts.maxMemory,
        ocr: opts.ocr,
        rawDir: opts.rawDir,
        leaseSeconds: opts.timeout + 60,
        onJob: opts.quiet ? undefined : (j) => process.stdout.write(`${JSON.stringify({ at: new Date().toISOString(), worker: process.pid, ...j })}\n`),
      });
      process.stderr.write(`fiscal-extract: worker ${process.pid} stopped\n`);
    });

  program
    .command('schedule')
    .description('Crawl a site on a cron schedule, by whichever worker is free (replaces the cron line of a nightly crawl).')
    .argument('<what>', 'what to schedule: crawl')
    .argument('[urls...]', 'start URLs (or --site)')
    .requiredOption('--cron <expression>', 'when, as a cron expression, e.g. "0 2 * * *"')
    .option('--site <file>', 'a site profile (JSON)')
    .option('--tz <zone>', 'the time zone of the cron expression', 'Asia/Shanghai')
    .option('--delay <seconds>', 'pause between two requests to the host', nonNegativeSeconds)
    .option('--db <url>', DB_HELP)
    .action(async (what: string, urls: string[], opts: { cron: string; site?: string; tz: string; delay?: number; db?: string }) => {
      if (what !== 'crawl') throw new QueueError(`only crawls are scheduled; got "${what}"`);
      const profile = opts.site ? loadProfile(opts.site) : urls.length ? profileOfUrls(urls) : null;
      if (!profile) throw new QueueError('schedule crawl needs --site or start URLs');
      const name = await (await enqueue()).scheduleCrawl(postgresUrl(opts.db), profile, opts.cron, { delayS: opts.delay, tz: opts.tz });
      process.stdout.write(`scheduled ${name} at "${opts.cron}" (${opts.tz})\n`);
    });

  program
    .command('status')
    .description('The shared queue: jobs queued, active, completed and failed; documents stored and per minute.')
    .option('--db <url>', DB_HELP)
    .option('--json', 'one JSON object')
    .action(async (opts: { db?: string; json?: boolean }) => {
      const pool = await (await import('../store/pg/store.js')).openPostgres(postgresUrl(opts.db));
      try {
        const s = await (await import('../queue/status.js')).queueStatus(pool);
        if (opts.json) process.stdout.write(`${JSON.stringify(s)}\n`);
        else {
          process.stdout.write(`queued ${s.queued}, active ${s.active}, completed ${s.completed}, failed ${s.failed}\n`);
          process.stdout.write(`documents ${s.documents}; ${s.per_minute} per minute over the last 10 minutes\n`);
          for (const f of s.failures) process.stdout.write(`failed: ${f.source}: ${f.reason}\n`);
        }
      } finally {
        await pool.end();
      }
    });
}

/** `crawl --queue`: the crawl handed to the workers instead of run here. */
export async function queueCrawl(db: string | undefined, urls: string[], sites: string[], delayS?: number): Promise<void> {
  const profiles = [...sites.map(loadProfile), ...(urls.length ? [profileOfUrls(urls)] : [])];
  if (profiles.length === 0) throw new QueueError('crawl needs at least one start URL or --site profile');
  const n = await (await enqueue()).enqueueCrawls(postgresUrl(db), profiles, { delayS });
  process.stdout.write(`queued ${n} crawl job${n === 1 ? '' : 's'}\n`);
}
