/** Markdown pipe tables: | a | b |, an optional |---| separator under the header. */
import type { Table } from '../../schemas/document.js';
import { detectHeaderRows, isColumnIndexRow, isNumericCell, tableFromRows } from '../common/table-grid.js';
import type { Line } from './index.js';

export function isMarkdownRow(text: string): boolean {
  const t = text.trim();
  return t.startsWith('|') && t.length > 1;
}

function splitRow(text: string): string[] {
  const inner = text.trim().replace(/^\|/, '').replace(/\|$/, '');
  return inner.split(/(?<!\\)\|/).map((c) =>
    c
      .replace(/\\\|/g, '|')
      .replace(/<br\s*\/?>/gi, '\n')
      .trim(),
  );
}

const SEPARATOR_CELL = /^:?-{2,}:?$/;

function isSeparator(cells: string[]): boolean {
  return cells.length > 0 && cells.every((c) => SEPARATOR_CELL.test(c) || c === '') && cells.some((c) => c !== '');
}

/** Rows before the first row with figures, when there is one near the top; else none. */
function headerRowsInBody(rows: string[][]): number {
  for (let r = 0; r < rows.length && r <= 4; r++) {
    if (isColumnIndexRow(rows[r]!)) continue;
    if (rows[r]!.some(isNumericCell)) return r;
  }
  return 0;
}

export function parseMarkdownTable(lines: Line[]): Table | null {
  const rows = lines.map((l) => splitRow(l.text));
  const sep = rows.findIndex(isSeparator);
  const prov = { line: lines[0]!.no };
  if (sep < 0) return rows.length ? tableFromRows(rows, { prov, headerRows: detectHeaderRows(rows) }) : null;
  const header = rows.slice(0, sep);
  const body = rows.slice(sep + 1);
  // A blank header row is how converters print a table without one (or a continuation chunk).
  const blankHeader = header.every((r) => r.every((c) => c === ''));
  const kept = blankHeader ? body : [...header, ...body];
  if (kept.length === 0) return null;
  const headerRows = blankHeader ? 0 : header.length + headerRowsInBody(body);
  return tableFromRows(kept, { prov, headerRows });
}
