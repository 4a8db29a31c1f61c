import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach } from 'vitest';
import { tableFromRows, tableToGrid } from '../extractors/common/table-grid.js';
import type { ParsedDocument } from '../src/domain/parsed.js';
import type { Table } from '../schemas/document.js';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const CORPUS = join(ROOT, '..', 'shared', 'corpus');
export const HAS_CORPUS = existsSync(join(CORPUS, 'MANIFEST.tsv'));
/** LibreOffice, for DOC and XLS; tests that need it skip (saying so) without it. */
export const HAS_SOFFICE = !spawnSync(process.env['SOFFICE'] ?? 'soffice', ['--version'], { stdio: 'ignore' }).error;
export const SAMPLES = join(ROOT, 'samples');
export const CLI = join(ROOT, 'dist', 'src', 'cli.js');

/** The bytes of a seed text kept as a test fixture (test/fixtures/seeds/000_….txt). */
export function seedBytes(seed: string): Uint8Array {
  const dir = join(ROOT, 'test', 'fixtures', 'seeds');
  const name = readdirSync(dir).find((f) => f.startsWith(`${seed}_`));
  if (!name) throw new Error(`no seed ${seed}`);
  return new Uint8Array(readFileSync(join(dir, name)));
}

export function sampleBytes(prefix: string): Uint8Array {
  const name = readdirSync(SAMPLES).find((f) => f.startsWith(prefix));
  if (!name) throw new Error(`no sample ${prefix}`);
  return new Uint8Array(readFileSync(join(SAMPLES, name)));
}

export function corpusBytes(name: string): Uint8Array {
  return new Uint8Array(readFileSync(join(CORPUS, name)));
}

const temps: string[] = [];
afterEach(() => {
  while (temps.length) rmSync(temps.pop()!, { recursive: true, force: true });
});

/** A fresh directory removed after the test. */
export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'fiscal-test-'));
  temps.push(dir);
  return dir;
}

/** A model table built from rows of cell text, as the extractors would give it (unit 万元 unless said). */
export function modelTable(rows: string[][], opts: { title?: string; unit?: string; headerRows?: number } = {}): Table {
  return tableFromRows(rows, { prov: { line: 1 }, title: opts.title ?? null, unit: opts.unit ?? '万元', headerRows: opts.headerRows });
}

/** A parsed document without where things were found (pages, lines, table models), to compare formats. */
export function comparable(p: ParsedDocument): Record<string, unknown> {
  const { tables, ...rest } = p;
  const strip = (x: unknown): unknown =>
    JSON.parse(JSON.stringify(x, (k, val: unknown) => (k === 'prov' || k === 'page' || k === 'line' || k === 'box' ? undefined : val)));
  return { ...(strip(rest) as object), tables: tables.map((t) => [t.kind, t.table.title, t.table.nRows, t.table.nCols, tableToGrid(t.table)]) };
}
