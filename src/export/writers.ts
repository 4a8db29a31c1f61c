/**
 * One writer per format, chosen from a table of them: each takes a dataset's rows and column
 * types and writes `<name>.<ext>` into the output directory.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ColumnType } from './columns.js';

export const EXPORT_FORMATS = ['csv', 'jsonl', 'parquet', 'xlsx'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface Sheet {
  name: string;
  columns: string[];
  types: ColumnType[];
  rows: Record<string, unknown>[];
}

export interface WriteOptions {
  /** CSV for Excel: a byte-order mark and CRLF line ends, so Chinese opens correctly. */
  excel?: boolean;
}

const plain = (v: unknown) => (typeof v === 'bigint' ? Number(v) : v);

function csvField(v: unknown): string {
  if (v === null || v === undefined) return '';
  const s = String(plain(v));
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function writeCsv(dir: string, sheet: Sheet, opts: WriteOptions): string {
  const eol = opts.excel ? '\r\n' : '\n';
  const lines = [sheet.columns.map(csvField).join(','), ...sheet.rows.map((r) => sheet.columns.map((c) => csvField(r[c])).join(','))];
  const path = join(dir, `${sheet.name}.csv`);
  writeFileSync(path, (opts.excel ? '\ufeff' : '') + lines.join(eol) + eol);
  return path;
}

function writeJsonl(dir: string, sheet: Sheet): string {
  const path = join(dir, `${sheet.name}.jsonl`);
  writeFileSync(path, sheet.rows.map((r) => JSON.stringify(Object.fromEntries(sheet.columns.map((c) => [c, plain(r[c]) ?? null])))).join('\n') + (sheet.rows.length ? '\n' : ''));
  return path;
}

async function writeParquet(dir: string, sheet: Sheet): Promise<string> {
  const { parquetWriteBuffer } = await import('hyparquet-writer');
  // An explicit schema: DATE has no basic type, and every column may hold nulls.
  const ELEMENT = {
    integer: { type: 'INT64' },
    number: { type: 'DOUBLE' },
    date: { type: 'INT32', converted_type: 'DATE' },
    string: { type: 'BYTE_ARRAY', converted_type: 'UTF8' },
  } as const;
  const schema = [
    { name: 'root', num_children: sheet.columns.length },
    ...sheet.columns.map((name, i) => ({ name, repetition_type: 'OPTIONAL' as const, ...ELEMENT[sheet.types[i]!] })),
  ];
  const columnData = sheet.columns.map((name, i) => {
    const type = sheet.types[i]!;
    const values = sheet.rows.map((r) => r[name] ?? null);
    if (type === 'integer') return { name, data: values.map((v) => (v === null ? null : BigInt(v as number | bigint))) };
    if (type === 'number') return { name, data: values.map((v) => (v === null ? null : Number(v))) };
    if (type === 'date') return { name, data: values.map((v) => (v === null ? null : new Date(`${v as string}T00:00:00Z`))) };
    return { name, data: values.map((v) => (v === null ? null : String(v))) };
  });
  const path = join(dir, `${sheet.name}.parquet`);
  type Write = Parameters<typeof parquetWriteBuffer>[0];
  writeFileSync(path, Buffer.from(parquetWriteBuffer({ columnData: columnData as Write['columnData'], schema: schema as Write['schema'] })));
  return path;
}

/** All sheets in one workbook (export.xlsx), one sheet per dataset. */
async function writeXlsx(dir: string, sheets: readonly Sheet[]): Promise<string> {
  const { default: ExcelJS } = await import('exceljs');
  const book = new ExcelJS.Workbook();
  for (const sheet of sheets) {
    // Excel caps sheet names at 31 characters.
    const ws = book.addWorksheet(sheet.name.slice(0, 31));
    ws.addRow(sheet.columns);
    for (const r of sheet.rows) {
      ws.addRow(sheet.columns.map((c, i) => {
        const v = plain(r[c]);
        return v === null || v === undefined ? null : sheet.types[i] === 'date' ? new Date(`${v as string}T00:00:00Z`) : v;
      }));
    }
  }
  const path = join(dir, 'export.xlsx');
  await book.xlsx.writeFile(path);
  return path;
}

/** Writes every sheet in the format; returns the files written. */
export async function writeSheets(dir: string, format: ExportFormat, sheets: readonly Sheet[], opts: WriteOptions = {}): Promise<string[]> {
  const perSheet: Record<Exclude<ExportFormat, 'xlsx'>, (s: Sheet) => string | Promise<string>> = {
    csv: (s) => writeCsv(dir, s, opts),
    jsonl: (s) => writeJsonl(dir, s),
    parquet: (s) => writeParquet(dir, s),
  };
  if (format === 'xlsx') return [await writeXlsx(dir, sheets)];
  const out: string[] = [];
  for (const s of sheets) out.push(await perSheet[format](s));
  return out;
}

export const EXTENSION: Record<ExportFormat, string> = { csv: 'csv', jsonl: 'jsonl', parquet: 'parquet', xlsx: 'xlsx' };
