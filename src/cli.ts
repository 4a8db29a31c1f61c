#!/usr/bin/env node
/**
 * The command line. stdout carries data (with --json, one JSON object); stderr carries progress
 * and logs. Exit codes: 0 all inputs ingested, 1 some inputs failed or were partial, 2 fatal,
 * 130 interrupted (Ctrl-C; the documents in flight were finished and stored).
 */
import { createWriteStream, existsSync, type WriteStream } from 'node:fs';
import { availableParallelism } from 'node:os';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { Command, CommanderError, Option } from 'commander';
import { formatRows, OUTPUT_FORMATS, type OutputFormat } from './cli/output.js';
import { INSPECT_FORMATS, loadModel, parsePages, renderModel, writeOutputs, writePageSvgs, type InspectFormat } from './cli/inspect.js';
import { FatalError, MACHINE_RAW_DIR, memoryCeiling, MIN_MEMORY_MB, nonNegativeSeconds, positiveInt, positiveNumber, runOrInstant } from './cli/options.js';
import { startProgress } from './cli/progress.js';
import { queueCrawl, registerQueueCommands } from './cli/queue-commands.js';
import { isPostgresUrl, redact } from './store/url.js';
import type { CrawlSummary } from './crawl/run.js';
import { HTTP_DEFAULTS } from './crawl/http.js';
import type { SiteProfile } from './crawl/profile.js';
import { DEFAULT_MAX_MEMORY_MB, DEFAULT_TIMEOUT_S, ingestFiles } from './pipeline/ingest.js';
import { ParsePool } from './pipeline/pool.js';
import { expandInputs } from './pipeline/inputs.js';
import { tuneV8ForParsing } from './pipeline/v8-tuning.js';
import { planBatch } from './pipeline/order.js';
import { formatSummary, summarise } from './pipeline/summary.js';
import { DatabaseError, openDatabase } from './store/db.js';
import { storageFault, StorageFault } from './store/faults.js';
import { finishRun, runCounts, startRun } from './store/runs.js';
import { searchSections } from './store/search.js';
import { VERSION } from './version.js';
import cliProgress from 'cli-progress';
import { DEFAULT_EXPORT } from './export/datasets.js';
import { EXPORT_FORMATS, type ExportFormat } from './export/writers.js';

// PostgreSQL, crawling and export load when their command runs: a CLI that loads every command's
// modules spends half a second and 25 MB on ones an ingest never calls.

const EXIT_OK = 0;
const EXIT_SOME_FAILED = 1;
const EXIT_FATAL = 2;
/** The shell's code for a run stopped by SIGINT. */
const EXIT_INTERRUPTED = 130;

function openForReading(path: string) {
  if (!existsSync(path)) throw new FatalError(`database ${path} does not exist; create it with "fiscal-extract ingest … --db ${path}"`);
  return openDatabase(path, { readonly: true });
}

const program = new Command('fiscal-extract')
  .description('Chinese government fiscal disclosures (budgets, final accounts, performance self-evaluations) into one SQLite dataset.')
  .version(VERSION)
  .exitOverride()
  .showHelpAfterError();


interface IngestCliOptions {
  db: string;
  concurrency: number;
  timeout: number;
  maxMemory: number;
  force?: boolean;
  json?: boolean;
  exitZero?: boolean;
  logFile?: string;
  listFailed?: boolean;
  /** Commander's negated --no-ocr: false when given. */
  ocr: boolean;
}

/** `ingest --list-failed`: the stored failures, one path per line (JSON with reasons under --json). */
function listFailed(opts: IngestCliOptions): void {
  if (isPostgresUrl(opts.db)) throw new FatalError(`--list-failed reads a SQLite database; on PostgreSQL: fiscal-extract query "SELECT source, error FROM failed_documents" --db …`);
  const db = openForReading(opts.db);
  try {
    const rows = db.prepare('SELECT source, error FROM failed_documents ORDER BY source').all() as { source: string; error: string }[];
    process.stdout.write(opts.json ? `${JSON.stringify(rows)}\n` : rows.map((r) => `${r.source}\n`).join(''));
  } finally {
    db.close();
  }
}

/** Every command's --db: a SQLite file or a PostgreSQL URL, FISCAL_DB when not given. */
const DB_OPTION = ['--db <file|url>', 'database file, or a PostgreSQL URL (default: FISCAL_DB, else ./fiscal.db)', process.env['FISCAL_DB'] ?? './fiscal.db'] as const;

program
  .command('ingest')
  .description('Parse files, directories or globs into the database, in parallel; re-running skips what is stored.')
  .argument('[inputs...]', 'files, directories (walked) or glob patterns')
  .option(...DB_OPTION)
  .option('--concurrency <n>', 'parser threads (default: one per core)', positiveInt, availableParallelism())
  .option('--timeout <seconds>', 'time limit per file; a file over it is stored as failed', positiveNumber, DEFAULT_TIMEOUT_S)
  .option('--max-memory <MB>', `memory ceiling per parser thread, at least ${MIN_MEMORY_MB}; a file over it is stored as failed`, memoryCeiling, DEFAULT_MAX_MEMORY_MB)
  .option('--force', 're-parse files whose bytes are already stored')
  .option('--no-ocr', 'do not read PDF pages without a text layer by OCR: store scans as failed, with that reason')
  .option('--json', 'print one JSON summary object on stdout')
  .option('--log-file <file>', 'append one JSON line per file to this file')
  .option('--list-failed', 'print the paths of the stored documents that failed, one per line, and exit')
  .option('--exit-zero', 'exit 0 even when some inputs failed or were partial (fatal errors still exit 2)')
  .action(async (inputs: string[], opts: IngestCliOptions) => {
    if (opts.listFailed) return listFailed(opts);
    if (inputs.length === 0) throw new FatalError('ingest needs at least one file, directory or glob (or --list-failed)');
    if (isPostgresUrl(opts.db)) {
      const { ingestToPostgres } = await import('./queue/ingest-postgres.js');
      const { run, counts, allOk } = await ingestToPostgres(opts.db, inputs, {
        concurrency: opts.concurrency, timeoutMs: opts.timeout * 1000, maxMemoryMb: opts.maxMemory, ocr: opts.ocr, args: process.argv.slice(3),
        onFile: (f) => process.stderr.write(`${f.outcome.padEnd(8)} ${f.source}\n`),
      });
      process.stdout.write(opts.json ? `${JSON.stringify({ run, ...counts })}\n` : `fiscal-extract: run ${run}: ${Object.entries(counts).map(([k, v]) => `${v} ${k}`).join(', ')}\n`);
      process.exitCode = allOk || opts.exitZero ? EXIT_OK : EXIT_SOME_FAILED;
      return;
    }
    const db = openDatabase(opts.db);
    const log = opts.logFile ? openLog(opts.logFile) : null;
    const interrupt = new AbortController();
    const halt = new AbortController();
    const files = await expandInputs(inputs);
    const plan = await planBatch(files);
    const progress = startProgress(files.length, plan.costs.reduce((sum, cost) => sum + cost, 0));
    // Once: finish what is in flight. Twice: stop that too, at the next page or model run. Not
    // process.exit: an OCR thread killed inside a model run aborts the process.
    const onSigint = () => {
      if (halt.signal.aborted) return progress.note('fiscal-extract: still stopping: the pages being read finish first');
      if (interrupt.signal.aborted) {
        progress.note('fiscal-extract: stopping the documents in flight; they are not stored');
        return halt.abort();
      }
      progress.note('fiscal-extract: interrupted; finishing the documents in flight (Ctrl-C again to stop them, losing only those)');
      interrupt.abort();
    };
    process.on('SIGINT', onSigint);
    const runId = startRun(db, 'ingest', process.argv.slice(3));
    try {
      const results = await ingestFiles(files, {
        db,
        force: opts.force ?? false,
        ocr: opts.ocr,
        concurrency: opts.concurrency,
        timeoutMs: opts.timeout * 1000,
        maxMemoryMb: opts.maxMemory,
        signal: interrupt.signal,
        halt: halt.signal,
        plan,
        onOcrPage: (i, done, total) => progress.ocrPage(i, files[i]!.source ?? files[i]!.path, done, total, plan.costs[i]!),
        onResult: (r, i) => {
          progress.fileDone(r, plan.costs[i]!, i);
          log?.write(`${JSON.stringify({ at: new Date().toISOString(), run: runId, ...r, ms: Math.round(r.ms) })}\n`);
        },
      });
      progress.stop();
      const interrupted = interrupt.signal.aborted;
      finishRun(db, runId, runCounts(files.length, results), interrupted ? 'interrupted' : 'finished');
      const summary = summarise(db, opts.db, results, { id: runId, interrupted });
      process.stdout.write(`${opts.json ? JSON.stringify(summary) : formatSummary(summary)}\n`);
      const allOk = results.every((r) => r.status === 'ok');
      process.exitCode = interrupted ? EXIT_INTERRUPTED : allOk || opts.exitZero ? EXIT_OK : EXIT_SOME_FAILED;
    } catch (e) {
      // The run is recorded as stopped if the database still takes a write.
      if (e instanceof StorageFault) {
        try {
          finishRun(db, runId, runCounts(files.length, []), 'interrupted');
        } catch {
          // the fault itself is the message
        }
      }
      throw e;
    } finally {
      process.off('SIGINT', onSigint);
      progress.stop();
      await new Promise<void>((resolve) => (log ? log.end(resolve) : resolve()));
      db.close();
    }
  });

function openLog(path: string): WriteStream {
  const stream = createWriteStream(path, { flags: 'a' });
  stream.on('error', (e) => process.stderr.write(`fiscal-extract: cannot write the log file ${path}: ${e.message}\n`));
  return stream;
}


interface CrawlCliOptions {
  db: string;
  site?: string[];
  rawDir?: string;
  delay: number;
  timeout: number;
  concurrency: number;
  json?: boolean;
  exitZero?: boolean;
  queue?: boolean;
}

/** Where a crawl keeps the bytes it fetched when --raw-dir is not given: beside the database. */
function defaultRawDir(db: string): string {
  return join(dirname(resolve(db)), `${basename(db, extname(db))}-raw`);
}

/**
 * Runs `work` with Ctrl-C wired to its signals: once finishes the requests and documents in
 * flight; twice exits at once, or, while documents are being parsed, stops them at their next
 * page (an OCR thread killed inside a model run would abort the process).
 */
async function interruptible<T>(work: (signal: AbortSignal, halt: AbortSignal) => Promise<T>): Promise<T> {
  const interrupt = new AbortController();
  const halt = new AbortController();
  const onSigint = () => {
    if (interrupt.signal.aborted && ParsePool.open === 0) process.exit(EXIT_INTERRUPTED);
    if (interrupt.signal.aborted) {
      if (!halt.signal.aborted) process.stderr.write('fiscal-extract: stopping the documents in flight; they are not stored\n');
      return halt.abort();
    }
    process.stderr.write('fiscal-extract: interrupted; finishing the requests and documents in flight (Ctrl-C again to stop them)\n');
    interrupt.abort();
  };
  process.on('SIGINT', onSigint);
  try {
    return await work(interrupt.signal, halt.signal);
  } finally {
    process.off('SIGINT', onSigint);
  }
}

/** A crawl's request, as a line on stderr (not with --json). */
const fetchLine = (json: boolean | undefined) => (f: { status: number | null; kind: string; url: string; error: string | null }) => {
  if (!json) process.stderr.write(`${String(f.status ?? 'ERR').padEnd(4)} ${f.kind.padEnd(10)} ${f.url}${f.error ? `  (${f.error})` : ''}\n`);
};

function printFetchReport(fetches: CrawlSummary['fetches']): void {
  process.stdout.write(`fiscal-extract crawl: ${fetches.requests} requests — ${fetches.downloaded} new or changed, ${fetches.unchanged} unchanged (304), ${fetches.failed} failed, ${fetches.refused_by_robots.length} refused by robots.txt\n`);
  for (const f of fetches.failures) process.stdout.write(`  failed  ${f.url}: ${f.error}\n`);
}

/** `crawl --db postgres://…` run here: each host under the lock workers take, its files parsed here. */
async function crawlIntoPostgres(opts: CrawlCliOptions, profiles: SiteProfile[]): Promise<void> {
  const { crawlToPostgres } = await import('./queue/ingest-postgres.js');
  const { hostOf } = await import('./queue/crawl-job.js');
  await interruptible(async (signal, halt) => {
    const jobs = profiles.map((profile) => ({ kind: 'crawl' as const, profile, host: hostOf(profile), delayS: opts.delay, timeoutS: opts.timeout }));
    const { run, counts, allOk, fetches } = await crawlToPostgres(opts.db, jobs, {
      concurrency: opts.concurrency, timeoutMs: DEFAULT_TIMEOUT_S * 1000, maxMemoryMb: DEFAULT_MAX_MEMORY_MB, ocr: true, args: process.argv.slice(3),
      rawDir: opts.rawDir ?? MACHINE_RAW_DIR, signal, halt, onFetch: fetchLine(opts.json),
      onWaiting: (host) => process.stderr.write(`fiscal-extract: ${host} is being crawled elsewhere (a worker or another crawl); waiting for it to finish (Ctrl-C to stop)\n`),
      onFile: (f) => {
        if (!opts.json) process.stderr.write(`${f.outcome.padEnd(8)} ${f.source}\n`);
      },
    });
    const report = { requests: fetches.requests, downloaded: fetches.downloaded, unchanged: fetches.unchanged, failed: fetches.failures.length, failures: fetches.failures, refused_by_robots: fetches.refused };
    const summary = { fetches: report, documents: counts, run, interrupted: signal.aborted };
    if (opts.json) process.stdout.write(`${JSON.stringify(summary)}\n`);
    else {
      printFetchReport(report);
      process.stdout.write(`fiscal-extract: run ${run}: ${Object.entries(counts).map(([k, v]) => `${v} ${k}`).join(', ') || 'no documents'}\n`);
    }
    const clean = allOk && fetches.failures.length === 0;
    process.exitCode = summary.interrupted ? EXIT_INTERRUPTED : clean || opts.exitZero ? EXIT_OK : EXIT_SOME_FAILED;
  });
}

program
  .command('crawl')
  .description('Fetch portal pages and their attachments politely (robots.txt, one request per host at a time), then ingest what is new; re-running asks only for what changed.')
  .argument('[start-urls...]', 'listing pages to start from (a portal\'s 预算/决算 columns)')
  .option('--site <file...>', 'site profile(s), JSON (see samples/site.example.json)')
  .option(...DB_OPTION)
  .option('--raw-dir <dir>', 'where fetched bytes are kept, by sha256 (default: <db name>-raw beside the database)')
  .option('--delay <seconds>', 'pause between two requests to the same host', nonNegativeSeconds, HTTP_DEFAULTS.delayS)
  .option('--timeout <seconds>', 'time limit per request attempt', nonNegativeSeconds, HTTP_DEFAULTS.timeoutS)
  .option('--concurrency <n>', 'parser threads for the ingest', positiveInt, availableParallelism())
  .option('--json', 'print one JSON summary object on stdout')
  .option('--exit-zero', 'exit 0 even when some fetches or documents failed (fatal errors still exit 2)')
  .option('--queue', 'hand the crawl to the workers of a PostgreSQL --db instead of running it here')
  .action(async (startUrls: string[], opts: CrawlCliOptions) => {
    if (opts.queue) return queueCrawl(opts.db, startUrls, opts.site ?? [], opts.delay);
    const { loadProfile, profileOfUrls } = await import('./crawl/profile.js');
    const profiles = [...(opts.site ?? []).map(loadProfile), ...(startUrls.length > 0 ? [profileOfUrls(startUrls)] : [])];
    if (profiles.length === 0) throw new FatalError('crawl needs at least one start URL or --site profile');
    if (isPostgresUrl(opts.db)) return crawlIntoPostgres(opts, profiles);
    const { runCrawl } = await import('./crawl/run.js');
    const { RawStore } = await import('./crawl/raw-store.js');
    const db = openDatabase(opts.db);
    try {
      await interruptible(async (signal, halt) => {
        const { summary, clean } = await runCrawl({
          db, database: opts.db, profiles, args: process.argv.slice(3), signal, halt, concurrency: opts.concurrency,
          raw: new RawStore(opts.rawDir ?? defaultRawDir(opts.db)),
          http: { ...HTTP_DEFAULTS, delayS: opts.delay, timeoutS: opts.timeout },
          onFetch: fetchLine(opts.json),
        });
        if (opts.json) process.stdout.write(`${JSON.stringify(summary)}\n`);
        else {
          printFetchReport(summary.fetches);
          process.stdout.write(`${formatSummary(summary)}\n`);
        }
        process.exitCode = summary.interrupted ? EXIT_INTERRUPTED : clean || opts.exitZero ? EXIT_OK : EXIT_SOME_FAILED;
      });
    } finally {
      db.close();
    }
  });

program
  .command('query')
  .description('Run a read-only SQL query against the database.')
  .argument('<sql>', 'a SELECT statement')
  .option(...DB_OPTION)
  .addOption(new Option('--format <format>', 'output format').choices(OUTPUT_FORMATS).default('table'))
  .action(async (sql: string, opts: { db: string; format: OutputFormat }) => {
    if (isPostgresUrl(opts.db)) {
      const { queryPostgres } = await import('./store/pg/query.js');
      const { columns, rows } = await queryPostgres(opts.db, sql);
      process.stdout.write(`${formatRows(rows, columns, opts.format)}\n`);
      return;
    }
    const db = openForReading(opts.db);
    try {
      let stmt;
      try {
        stmt = db.prepare(sql);
      } catch (e) {
        throw new FatalError(`invalid query: ${(e as Error).message}`);
      }
      if (!stmt.reader) throw new FatalError('query must be a statement that returns rows (SELECT, WITH, PRAGMA …); the database is opened read-only');
      const columns = stmt.columns().map((c) => c.name);
      let rows: Record<string, unknown>[];
      try {
        rows = stmt.all() as Record<string, unknown>[];
      } catch (e) {
        throw new FatalError(`query failed: ${(e as Error).message}`);
      }
      process.stdout.write(`${formatRows(rows, columns, opts.format)}\n`);
    } finally {
      db.close();
    }
  });

program
  .command('search')
  .description('Full-text search of document sections (works for Chinese; one- and two-character queries scan).')
  .argument('<text>', 'the words to find')
  .option(...DB_OPTION)
  .option('--limit <n>', 'most hits to show', positiveInt, 20)
  .addOption(new Option('--format <format>', 'output format').choices(OUTPUT_FORMATS).default('table'))
  .action(async (text: string, opts: { db: string; limit: number; format: OutputFormat }) => {
    if (isPostgresUrl(opts.db)) {
      const { searchSectionsPg } = await import('./store/pg/search.js');
      const hits = await searchSectionsPg(opts.db, text, opts.limit);
      process.stdout.write(`${formatRows(hits as unknown as Record<string, unknown>[], ['source', 'seq', 'heading', 'snippet'], opts.format)}\n`);
      return;
    }
    const db = openForReading(opts.db);
    try {
      const hits = searchSections(db, text, opts.limit);
      process.stdout.write(`${formatRows(hits as unknown as Record<string, unknown>[], ['source', 'seq', 'heading', 'snippet'], opts.format)}\n`);
    } finally {
      db.close();
    }
  });

program
  .command('inspect')
  .description('Show what the extractors saw in one file: blocks and tables (text, md), the model (json), or for a PDF one debug SVG per page (svg).')
  .argument('<file>', 'a document')
  .addOption(new Option('--format <format>', 'output format').choices(INSPECT_FORMATS).default('text'))
  .option('--pages <pages>', 'PDF pages to read, e.g. 3, 3-5 or 1,4-6')
  .option('--out <dir>', 'write the output into this directory instead of printing it (svg: default ./inspect)')
  .action(async (file: string, opts: { format: InspectFormat; pages?: string; out?: string }) => {
    const pages = opts.pages ? parsePages(opts.pages) : undefined;
    if (opts.format === 'svg') {
      const written = await writePageSvgs(file, opts.out ?? 'inspect', pages);
      process.stdout.write(`${written.join('\n')}\n`);
      return;
    }
    const rendered = `${renderModel(await loadModel(file, pages), opts.format)}\n`;
    if (!opts.out) {
      process.stdout.write(rendered);
      return;
    }
    const [target] = writeOutputs(opts.out, [[`${basename(file, extname(file))}.${opts.format === 'text' ? 'txt' : opts.format}`, rendered]]);
    process.stdout.write(`${target}\n`);
  });

program
  .command('export')
  .description('Write the dataset\'s views and tables as files to load elsewhere (pandas, R, DuckDB, Excel), with datapackage.json describing them.')
  .option(...DB_OPTION)
  .option('--out <dir>', 'output directory', './export')
  .addOption(new Option('--format <format>', 'file format').choices(EXPORT_FORMATS).default('csv'))
  .option('--tables <names>', `comma-separated tables or views (default: ${DEFAULT_EXPORT.join(',')})`, (v: string) => v.split(',').map((x) => x.trim()).filter(Boolean))
  .option('--since <run|time>', 'only documents stored since this ingest or crawl run (runs.id), or since a date/time (ISO 8601, UTC unless an offset is given), for nightly increments', runOrInstant)
  .option('--excel', 'CSV for Excel: a byte-order mark and CRLF line ends')
  .action(async (opts: { db: string; out: string; format: ExportFormat; tables?: string[]; since?: number | string; excel?: boolean }) => {
    const postgres = isPostgresUrl(opts.db);
    if (!postgres && !existsSync(opts.db)) throw new FatalError(`database ${opts.db} does not exist; create it with "fiscal-extract ingest … --db ${opts.db}"`);
    const { ExportError, exportFrom, sqliteSource } = await import('./export/index.js');
    // SQLite is opened for writing only so an older dataset is brought to the current schema (its views).
    const db = postgres ? null : openDatabase(opts.db);
    const pgSource = postgres ? await (await import('./export/postgres.js')).postgresSource(opts.db) : null;
    const source = pgSource ?? sqliteSource(db!);
    const bar = process.stderr.isTTY ? new cliProgress.SingleBar({ format: 'export {bar} {value}/{total} {name}', stream: process.stderr }, cliProgress.Presets.shades_classic) : null;
    try {
      bar?.start(opts.tables?.length ?? DEFAULT_EXPORT.length, 0, { name: '' });
      const result = await exportFrom(source, { out: opts.out, format: opts.format, tables: opts.tables, since: opts.since, excel: opts.excel, onProgress: (done, _total, name) => bar?.update(done, { name }) });
      bar?.stop();
      for (const f of result.files) process.stdout.write(`${f.path}\t${f.rows}\n`);
      process.stdout.write(`${result.datapackage}\n`);
    } catch (e) {
      bar?.stop();
      if (e instanceof ExportError) throw new FatalError(e.message);
      throw e;
    } finally {
      db?.close();
      await pgSource?.close();
    }
  });

program
  .command('serve')
  .description('Review the dataset in the browser: documents, their figures, and each figure on the page it came from. Read-only.')
  .option(...DB_OPTION)
  .option('--host <host>', 'address to listen on (only this machine by default)', '127.0.0.1')
  .option('--port <n>', 'port', (v: string) => (v === '0' ? 0 : positiveInt(v)), 8080)
  .action(async (opts: { db: string; host: string; port: number }) => {
    const postgres = isPostgresUrl(opts.db);
    if (!postgres && !existsSync(opts.db)) throw new FatalError(`database ${opts.db} does not exist; create it with "fiscal-extract ingest … --db ${opts.db}"`);
    const { startServer } = await import('./serve/index.js');
    let running;
    try {
      running = await startServer({ dbPath: opts.db, host: opts.host, port: opts.port });
    } catch (e) {
      if (e instanceof DatabaseError) throw e;
      throw new FatalError(`cannot listen on ${opts.host}:${opts.port}: ${(e as Error).message}`);
    }
    process.stderr.write(`fiscal-extract: serving ${postgres ? redact(opts.db) : opts.db} at ${running.url} (Ctrl-C to stop)\n`);
    process.stdout.write(`${running.url}\n`);
    await new Promise<void>((done) => {
      const stop = () => void running.close().then(done);
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
  });

registerQueueCommands(program);


async function main(): Promise<void> {
  tuneV8ForParsing();
  try {
    await program.parseAsync(process.argv);
  } catch (e) {
    if (e instanceof CommanderError) {
      const shown = e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help';
      process.exitCode = shown ? EXIT_OK : EXIT_FATAL;
      return;
    }
    const fault = storageFault(e);
    if (fault) {
      // A fault of the place the database lives, not of us: the last transaction was rolled back.
      const said = fault === e ? fault.message : `${fault.message}; everything stored before is kept — fix that and run again`;
      process.stderr.write(`fiscal-extract: ${said}\n`);
      process.exitCode = EXIT_FATAL;
      return;
    }
    const known = e instanceof FatalError || e instanceof DatabaseError || ['ProfileError', 'InputError', 'QueueError'].includes((e as Error).name);
    process.stderr.write(`fiscal-extract: ${(e as Error).message}\n`);
    if (!known && (e as Error).stack) process.stderr.write(`${(e as Error).stack}\n`);
    process.exitCode = EXIT_FATAL;
  }
}

await main();
