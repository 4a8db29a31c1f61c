#!/usr/bin/env node
/**
 * The command line. stdout carries data (with --json, one JSON object); stderr carries progress
 * and logs. Exit codes: 0 all inputs ingested, 1 some inputs failed or were partial, 2 fatal.
 */
import { existsSync } from 'node:fs';
import { basename, extname } from 'node:path';
import { Command, CommanderError, Option } from 'commander';
import { formatRows, OUTPUT_FORMATS, type OutputFormat } from './cli/output.js';
import { INSPECT_FORMATS, loadModel, parsePages, renderModel, writeOutputs, writePageSvgs, type InspectFormat } from './cli/inspect.js';
import { ingestFiles } from './pipeline/ingest.js';
import { expandInputs } from './pipeline/inputs.js';
import { formatSummary, summarise } from './pipeline/summary.js';
import { DatabaseError, openDatabase } from './store/db.js';
import { searchSections } from './store/search.js';
import { VERSION } from './version.js';

const EXIT_OK = 0;
const EXIT_SOME_FAILED = 1;
const EXIT_FATAL = 2;

/** A problem with the command itself (arguments, database), not with an input file. */
class FatalError extends Error {}

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new FatalError(`expected a positive whole number, got "${value}"`);
  return n;
}

function openForReading(path: string) {
  if (!existsSync(path)) throw new FatalError(`database ${path} does not exist; create it with "fiscal-extract ingest … --db ${path}"`);
  return openDatabase(path, { readonly: true });
}

const program = new Command('fiscal-extract')
  .description('Chinese government fiscal disclosures (budgets, final accounts, performance self-evaluations) into one SQLite dataset.')
  .version(VERSION)
  .exitOverride()
  .showHelpAfterError();

program
  .command('ingest')
  .description('Parse files, directories or globs into the database.')
  .argument('<inputs...>', 'files, directories (walked) or glob patterns')
  .option('--db <file>', 'database file', './fiscal.db')
  .option('--concurrency <n>', 'files read in parallel', positiveInt, 1)
  .option('--force', 're-parse files whose bytes are already stored')
  .option('--json', 'print one JSON summary object on stdout')
  .option('--exit-zero', 'exit 0 even when some inputs failed or were partial (fatal errors still exit 2)')
  .action(async (inputs: string[], opts: { db: string; concurrency: number; force?: boolean; json?: boolean; exitZero?: boolean }) => {
    const db = openDatabase(opts.db);
    try {
      const files = await expandInputs(inputs);
      const results = await ingestFiles(files, {
        db,
        force: opts.force ?? false,
        concurrency: opts.concurrency,
        onResult: (r) => {
          const what = r.outcome === 'skipped' ? `unchanged (${r.status})` : r.status;
          process.stderr.write(`${what.padEnd(18)} ${(r.family ?? '-').padEnd(15)} ${r.source}\n`);
        },
      });
      const summary = summarise(db, opts.db, results);
      process.stdout.write(`${opts.json ? JSON.stringify(summary) : formatSummary(summary)}\n`);
      const allOk = results.every((r) => r.status === 'ok');
      process.exitCode = allOk || opts.exitZero ? EXIT_OK : EXIT_SOME_FAILED;
    } finally {
      db.close();
    }
  });

program
  .command('query')
  .description('Run a read-only SQL query against the database.')
  .argument('<sql>', 'a SELECT statement')
  .option('--db <file>', 'database file', './fiscal.db')
  .addOption(new Option('--format <format>', 'output format').choices(OUTPUT_FORMATS).default('table'))
  .action((sql: string, opts: { db: string; format: OutputFormat }) => {
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
  .option('--db <file>', 'database file', './fiscal.db')
  .option('--limit <n>', 'most hits to show', positiveInt, 20)
  .addOption(new Option('--format <format>', 'output format').choices(OUTPUT_FORMATS).default('table'))
  .action((text: string, opts: { db: string; limit: number; format: OutputFormat }) => {
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

async function main(): Promise<void> {
  try {
    await program.parseAsync(process.argv);
  } catch (e) {
    if (e instanceof CommanderError) {
      const shown = e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help';
      process.exitCode = shown ? EXIT_OK : EXIT_FATAL;
      return;
    }
    const known = e instanceof FatalError || e instanceof DatabaseError || (e as Error).name === 'InputError';
    process.stderr.write(`fiscal-extract: ${(e as Error).message}\n`);
    if (!known && (e as Error).stack) process.stderr.write(`${(e as Error).stack}\n`);
    process.exitCode = EXIT_FATAL;
  }
}

await main();
