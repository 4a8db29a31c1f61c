/**
 * `export` as a data team uses it: the samples and the corpus exported in every format and read
 * back by readers other than the writers (DuckDB for Parquet, CSV and JSON lines; ExcelJS reading
 * the workbook), with the same rows and sums as SQLite; datapackage.json; --since; the keys that
 * join departments across years.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { runOrInstant } from '../src/cli/options.js';
import { coverageOf, departmentNorm } from '../src/domain/identity.js';
import { exportDataset } from '../src/export/index.js';
import { EXPORT_FORMATS } from '../src/export/writers.js';
import { ingestFiles } from '../src/pipeline/ingest.js';
import { openDatabase, type Db } from '../src/store/db.js';
import { startRun } from '../src/store/runs.js';
import { CLI, CORPUS, HAS_CORPUS, ROOT, SAMPLES, tempDir } from './helpers.js';

/** What SQLite says each exported dataset holds: rows, and the sum of its amount column. */
const AMOUNT: Record<string, string | null> = {
  panel: 'amount_fen', line_items: 'amount_fen', headlines: 'expenditure_total', budget_execution: 'final_expenditure_total', facts: 'value_num', documents: 'bytes', disclosure_completeness: 'present',
  region_panel: 'debt_balance_total', region_figures: 'value_fen', indicators: null, project_results: null, checks: 'ok',
};

function sqliteFigures(db: Db, name: string): { rows: number; sum: number } {
  const source = name === 'documents' ? 'documents_keyed' : name;
  const current = ['facts', 'line_items', 'region_figures', 'indicators', 'project_results', 'checks'].includes(name) ? ' WHERE doc_id IN (SELECT id FROM current_documents)' : '';
  const amount = AMOUNT[name];
  const r = db.prepare(`SELECT count(*) AS rows, ${amount ? `coalesce(sum("${amount}"), 0)` : '0'} AS sum FROM "${source}"${current}`).get() as { rows: number; sum: number };
  return { rows: r.rows, sum: Math.round(r.sum) };
}

async function duckFigures(path: string, format: 'csv' | 'jsonl' | 'parquet', name: string): Promise<{ rows: number; sum: number }> {
  const instance = await DuckDBInstance.create(':memory:');
  const con = await instance.connect();
  const reader = format === 'parquet' ? 'read_parquet' : format === 'csv' ? 'read_csv' : 'read_json';
  const amount = AMOUNT[name];
  // A file of no rows has no columns for DuckDB to read the amount from.
  const options = format === 'csv' ? ", header = true, all_varchar = false" : '';
  const reading = await con.runAndReadAll(`SELECT count(*)::DOUBLE AS rows, ${amount ? `coalesce(sum(TRY_CAST("${amount}" AS DOUBLE)), 0)` : '0'}::DOUBLE AS sum FROM ${reader}('${path}'${options})`);
  const [row] = reading.getRowObjectsJson() as { rows: number; sum: number }[];
  con.closeSync();
  return { rows: Number(row!.rows), sum: Math.round(Number(row!.sum)) };
}

async function xlsxFigures(path: string, name: string): Promise<{ rows: number; sum: number }> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile(path);
  const sheet = book.getWorksheet(name.slice(0, 31))!;
  const header = (sheet.getRow(1).values as unknown[]).slice(1);
  const col = AMOUNT[name] ? header.indexOf(AMOUNT[name]) + 1 : 0;
  let rows = 0, sum = 0;
  sheet.eachRow((row, n) => {
    if (n === 1) return;
    rows++;
    if (col > 0) sum += Number(row.getCell(col).value ?? 0);
  });
  return { rows, sum: Math.round(sum) };
}

async function exportAndReadBack(db: Db, out: string) {
  for (const format of EXPORT_FORMATS) {
    const result = await exportDataset(db, { out: join(out, format), format });
    expect(result.files.map((f) => f.name)).toEqual(['headlines', 'budget_execution', 'panel', 'disclosure_completeness', 'region_panel', 'documents', 'facts', 'line_items', 'region_figures', 'indicators', 'project_results', 'checks']);
    for (const f of result.files) {
      if (f.rows === 0 && (format === 'csv' || format === 'jsonl')) {
        // No rows: a header-only CSV, an empty JSON-lines file; nothing for a reader to sum.
        expect(readFileSync(f.path, 'utf8').trim().split('\n').filter(Boolean).length).toBe(format === 'csv' ? 1 : 0);
        expect(sqliteFigures(db, f.name).rows).toBe(0);
        continue;
      }
      const expected = sqliteFigures(db, f.name);
      const got = format === 'xlsx' ? await xlsxFigures(f.path, f.name) : await duckFigures(f.path, format, f.name);
      expect({ format, name: f.name, ...got }).toEqual({ format, name: f.name, ...expected });
    }
  }
}

describe('export', () => {
  it('writes the samples in every format, and other readers find the rows and sums SQLite has', { timeout: 300_000 }, async () => {
    const dir = tempDir();
    const db = openDatabase(join(dir, 'samples.db'));
    try {
      await ingestFiles(readdirSync(SAMPLES).filter((f) => /^\d{3}-/.test(f)).map((f) => ({ path: join(SAMPLES, f) })), { db });
      expect(sqliteFigures(db, 'panel').rows).toBeGreaterThan(50);
      await exportAndReadBack(db, dir);
      const pkg = JSON.parse(readFileSync(join(dir, 'parquet', 'datapackage.json'), 'utf8'));
      const documents = pkg.resources.find((r: { name: string }) => r.name === 'documents');
      expect(documents.schema.primaryKey).toEqual(['id']);
      expect(documents.schema.fields.find((f: { name: string }) => f.name === 'published_on')).toMatchObject({ type: 'date' });
      expect(documents.schema.fields.find((f: { name: string }) => f.name === 'region_code').description).toMatch(/GB\/T 2260/);
      const panel = pkg.resources.find((r: { name: string }) => r.name === 'panel');
      expect(panel.schema.fields.find((f: { name: string }) => f.name === 'amount_fen')).toMatchObject({ type: 'integer' });
      expect(panel.schema.foreignKeys).toEqual([{ fields: ['doc_id'], reference: { resource: 'documents', fields: ['id'] } }]);
      expect(panel.model.measures.amount).toMatchObject({ source: 'amount_yuan', currency: 'CNY' });
    } finally {
      db.close();
    }
  });

  it('exports only the documents stored since a run with --since', async () => {
    const dir = tempDir();
    const db = openDatabase(join(dir, 'since.db'));
    try {
      await ingestFiles([{ path: join(SAMPLES, '002-luquan-2024-budget.pdf') }], { db });
      await new Promise((r) => setTimeout(r, 5));
      const run = startRun(db, 'ingest', []);
      await ingestFiles([{ path: join(SAMPLES, '004-zhengding-2023-self-evaluation.html') }], { db });
      const result = await exportDataset(db, { out: join(dir, 'out'), format: 'jsonl', tables: ['documents', 'panel'], since: run });
      const docs = readFileSync(result.files[0]!.path, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
      expect(docs.map((d) => d.source.split('/').pop())).toEqual(['004-zhengding-2023-self-evaluation.html']);
      expect(result.files[1]!.rows).toBe(0); // the budget's line items were stored before the run
      await expect(exportDataset(db, { out: join(dir, 'out'), format: 'csv', since: 99 })).rejects.toThrow(/no such run/);
      // Or by a time, as the command line's --since 2026-12-04T02:00:00+08:00 gives it.
      const started = (db.prepare('SELECT started_at FROM runs WHERE id = ?').get(run) as { started_at: string }).started_at;
      const byTime = await exportDataset(db, { out: join(dir, 'out-time'), format: 'jsonl', tables: ['documents'], since: runOrInstant(started) as string });
      expect(readFileSync(byTime.files[0]!.path, 'utf8').trim().split('\n').map((l) => JSON.parse(l).source.split('/').pop())).toEqual(['004-zhengding-2023-self-evaluation.html']);
      for (const notATime of ['2026-02-30T25:00', '2026-02-30', '2026-13-45', '2026-02-28T24:00', 'yesterday']) expect(() => runOrInstant(notATime)).toThrow(/--since takes a run id/);
    } finally {
      db.close();
    }
  });

  it('from the command line: CSV for Excel, a clear error for a name that is not there', () => {
    const dir = tempDir();
    const dbPath = join(dir, 'cli.db');
    spawnSync(process.execPath, [CLI, 'ingest', join(SAMPLES, '002-luquan-2024-budget.pdf'), '--db', dbPath], { cwd: ROOT, encoding: 'utf8' });
    const ok = spawnSync(process.execPath, [CLI, 'export', '--db', dbPath, '--out', join(dir, 'x'), '--tables', 'headlines', '--excel'], { cwd: ROOT, encoding: 'utf8' });
    expect(ok.status).toBe(0);
    expect(ok.stdout).toMatch(/headlines\.csv\t1\n/);
    const csv = readFileSync(join(dir, 'x', 'headlines.csv'));
    expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(csv.toString('utf8')).toContain('\r\n');
    const bad = spawnSync(process.execPath, [CLI, 'export', '--db', dbPath, '--out', join(dir, 'y'), '--tables', 'nonesuch'], { cwd: ROOT, encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/no table or view named nonesuch/);
  });
});

describe('identifiers that join', () => {
  it('normalises department names the same across their printed forms', () => {
    expect(departmentNorm('中国共产党江苏省委员会办公厅')).toBe('省委办公厅');
    expect(departmentNorm('中共江苏省委办公厅')).toBe('省委办公厅');
    expect(departmentNorm('江苏省委办公厅')).toBe('省委办公厅');
    expect(departmentNorm('上海市普陀区司法局（本级）')).toBe('司法局');
    expect(departmentNorm('国家信访局')).toBe('国家信访局');
    expect(coverageOf('某某局2024年度部门决算', null)).toBe('consolidated');
    expect(coverageOf('某某局（本级）2024年部门预算', null)).toBe('own');
    expect(coverageOf('某某单位2024年单位预算', null)).toBe('own');
  });

  it.skipIf(!HAS_CORPUS)('gives the corpus region codes, one key per department across Jiangsu’s 2017–2019 series, and exports it whole', { timeout: 600_000 }, async () => {
    const dir = tempDir();
    const db = openDatabase(join(dir, 'corpus.db'));
    try {
      const files = readdirSync(CORPUS).filter((f) => /\.(pdf|html|docx|xlsx|txt)$/.test(f)).map((f) => ({ path: join(CORPUS, f) }));
      await ingestFiles(files, { db, ocr: false });
      const unresolved = db.prepare("SELECT source, region FROM documents WHERE region IS NOT NULL AND region_code IS NULL").all();
      expect(unresolved).toEqual([]);
      const jiangsu = db.prepare("SELECT department_key, group_concat(DISTINCT fiscal_year) AS years FROM documents_keyed WHERE source LIKE '%jsob%' GROUP BY department_key ORDER BY department_key").all();
      expect(jiangsu).toEqual([
        { department_key: '320000:人大常委会办公厅', years: expect.stringMatching(/^(?=.*2017)(?=.*2018)(?=.*2019)/) },
        { department_key: '320000:人民检察院', years: expect.stringMatching(/^(?=.*2017)(?=.*2018)(?=.*2019)/) },
        { department_key: '320000:省委办公厅', years: expect.stringMatching(/^(?=.*2017)(?=.*2018)(?=.*2019)/) },
      ]);
      // A user's alias joins a renamed department at once.
      db.prepare("INSERT INTO department_aliases (region_code, alias, canonical, note) VALUES ('320000', '人民检察院', '检察院', 'test')").run();
      expect(db.prepare("SELECT count(*) AS n FROM headlines WHERE department_key = '320000:检察院'").get()).toEqual({ n: 3 });
      db.prepare('DELETE FROM department_aliases').run();
      // Budget against final account where both exist (the university's 2023 and 2024).
      expect((db.prepare('SELECT count(*) AS n FROM budget_execution').get() as { n: number }).n).toBeGreaterThanOrEqual(2);
      expect(db.prepare("SELECT min(score) >= 0 AND max(score) <= 1 AS ok FROM disclosure_completeness").get()).toEqual({ ok: 1 });
      await exportAndReadBack(db, dir);
    } finally {
      db.close();
    }
  });
});
