/**
 * `fiscal-extract export`: the dataset's views and tables as files a data team loads directly —
 * CSV, JSON lines, Parquet or one workbook — with datapackage.json describing them. Only current
 * documents are exported (the content each path last held); `since` keeps those stored since a run.
 */
import { existsSync, mkdirSync, renameSync, rmdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import type { Db } from '../store/db.js';
import { VERSION } from '../version.js';
import { columnTypes } from './columns.js';
import { dataPackage, type Resource } from './datapackage.js';
import { datasetNamed, DEFAULT_EXPORT, EXPORTABLE, type Dataset } from './datasets.js';
import { writeSheets, type ExportFormat, type Sheet } from './writers.js';

export class ExportError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ExportError';
  }
}

export interface ExportOptions {
  out: string;
  format: ExportFormat;
  tables?: string[];
  /** Only documents stored since this run started (runs.id), or since this instant (ISO 8601, UTC). */
  since?: number | string;
  excel?: boolean;
  /** Called after each dataset is read, with how many are done of how many. */
  onProgress?: (done: number, total: number, name: string) => void;
}

export interface ExportResult {
  files: { name: string; path: string; rows: number }[];
  datapackage: string;
}

/** Where export reads from: the SQLite file, or a PostgreSQL database (export/postgres.ts). */
export interface ExportSource {
  /** When run `id` started, if there is such a run. */
  runStartedAt(id: number): Promise<string | undefined>;
  /** A query's columns and rows; `?` marks each parameter. */
  rows(sql: string, params: unknown[]): Promise<{ columns: string[]; rows: Record<string, unknown>[] }>;
}

export function sqliteSource(db: Db): ExportSource {
  return {
    runStartedAt: async (id) => (db.prepare('SELECT started_at FROM runs WHERE id = ?').get(id) as { started_at: string } | undefined)?.started_at,
    rows: async (sql, params) => {
      const stmt = db.prepare(sql).safeIntegers(true);
      const columns = stmt.columns().map((c) => c.name);
      const rows = (stmt.all(...params) as Record<string, unknown>[]).map((r) => {
        // Integers that fit a double are plain numbers; only 分 beyond 2^53 would stay BigInt.
        for (const k of columns) if (typeof r[k] === 'bigint' && Number.isSafeInteger(Number(r[k]))) r[k] = Number(r[k]);
        return r;
      });
      return { columns, rows };
    },
  };
}

async function sinceOf(source: ExportSource, run: number | string): Promise<string> {
  if (typeof run === 'string') return run;
  const started = await source.runStartedAt(run);
  if (!started) throw new ExportError(`--since ${run}: no such run (see the runs table: SELECT id, kind, started_at FROM runs)`);
  return started;
}

function sourceSql(d: Dataset): string {
  // documents go out with their department_key and stage; every table only for current documents.
  if (d.name === 'documents') return 'SELECT * FROM documents_keyed';
  return d.kind === 'table' && d.docColumn ? `SELECT * FROM "${d.name}" WHERE "${d.docColumn}" IN (SELECT id FROM current_documents)` : `SELECT * FROM "${d.name}"`;
}

async function readSheet(source: ExportSource, d: Dataset, since: string | null): Promise<Sheet> {
  let sql = sourceSql(d);
  const params: unknown[] = [];
  if (since !== null && d.docColumn) {
    sql = `SELECT * FROM (${sql}) AS x WHERE "${d.docColumn}" IN (SELECT id FROM documents WHERE ingested_at >= ?)`;
    params.push(since);
  }
  const { columns, rows } = await source.rows(sql, params);
  return { name: d.name, columns, types: columnTypes(columns, rows), rows };
}

/** mkdir -p, bounded: Node's recursive mkdirSync spins forever where mkdir answers ENOENT under a parent that exists (/proc). */
function makeDirs(dir: string): void {
  try {
    mkdirSync(dir);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EEXIST' && statSync(dir).isDirectory()) return;
    if (code !== 'ENOENT' || dirname(dir) === dir) throw e;
    makeDirs(dirname(dir));
    mkdirSync(dir);
  }
}

/** The reason a file-system error gives, said for the export's output directory. */
function cannotWrite(out: string, e: unknown): ExportError {
  const err = e as NodeJS.ErrnoException;
  const why: Record<string, string> = {
    EEXIST: 'a file is in the way (the output must be a directory)',
    ENOTDIR: 'a file is in the way (the output must be a directory)',
    EACCES: 'permission denied',
    EPERM: 'permission denied',
    EROFS: 'the file system is read-only',
    ENOSPC: 'the disk is full',
    EDQUOT: 'the disk quota is used up',
    ENOENT: 'the directory cannot be created there',
  };
  return new ExportError(`cannot write the export to ${out}: ${why[err.code ?? ''] ?? err.message}`);
}

export function exportDataset(db: Db, opts: ExportOptions): Promise<ExportResult> {
  return exportFrom(sqliteSource(db), opts);
}

export async function exportFrom(source: ExportSource, opts: ExportOptions): Promise<ExportResult> {
  const names = opts.tables ?? DEFAULT_EXPORT;
  if (names.length === 0) throw new ExportError(`no table or view to export was named; these can be exported: ${EXPORTABLE.join(', ')}`);
  const datasets = names.map((n) => datasetNamed(n) ?? (() => { throw new ExportError(`no table or view named ${n}; these can be exported: ${EXPORTABLE.join(', ')}`); })());
  const since = opts.since !== undefined ? await sinceOf(source, opts.since) : null;
  const created = !existsSync(opts.out);
  try {
    makeDirs(opts.out);
  } catch (e) {
    throw cannotWrite(opts.out, e);
  }
  // Written into a staging folder inside `out` and moved into place only once every file is whole
  // (datapackage.json last), so a failed export leaves nothing a user could take for its result.
  const staging = join(opts.out, `.export-${process.pid}.partial`);
  let resources: Resource[];
  try {
    const sheets: Sheet[] = [];
    for (const [i, d] of datasets.entries()) {
      sheets.push(await readSheet(source, d, since));
      opts.onProgress?.(i + 1, datasets.length, d.name);
    }
    mkdirSync(staging);
    const paths = (await writeSheets(staging, opts.format, sheets, { excel: opts.excel })).map((p) => relative(staging, p));
    resources = sheets.map((s, i) => ({
      dataset: datasets[i]!,
      path: paths[opts.format === 'xlsx' ? 0 : i]!,
      columns: s.columns,
      types: s.types,
      rows: s.rows.length,
    }));
    writeFileSync(join(staging, 'datapackage.json'), `${JSON.stringify(dataPackage(resources, opts.format, { version: VERSION, created: new Date().toISOString(), since: opts.since ?? null }), null, 2)}\n`);
    for (const name of [...new Set(paths), 'datapackage.json']) renameSync(join(staging, name), join(opts.out, name));
  } catch (e) {
    rmSync(staging, { recursive: true, force: true });
    if (created) {
      try {
        rmdirSync(opts.out);
      } catch {
        // not empty or already gone: leave it
      }
    }
    throw typeof (e as NodeJS.ErrnoException).syscall === 'string' ? cannotWrite(opts.out, e) : e;
  }
  rmSync(staging, { recursive: true, force: true });
  const datapackage = join(opts.out, 'datapackage.json');
  return { files: resources.map((r) => ({ name: r.dataset.name, path: join(opts.out, r.path), rows: r.rows })), datapackage };
}
