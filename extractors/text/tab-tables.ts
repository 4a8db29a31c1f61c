/**
 * Tables in plain text written with tabs: tab-separated rows, and the layout Word's text export
 * uses for a table — one tab-led line per cell, a blank line after each row, line breaks inside
 * a cell as lines without a tab.
 */
import type { Table } from '../../schemas/document.js';
import { tableFromRows } from '../common/table-grid.js';
import type { Line } from './index.js';

const CELL_LINE = /^\t[^\t]*$/;
const MAX_CELL_RUN_WIDTH = 20;

export function tabCellRunAt(lines: Line[], start: number): { table: Table; end: number } | null {
  if (!CELL_LINE.test(lines[start]?.text ?? '')) return null;
  const groups: string[][] = [];
  let current: string[] | null = null;
  let end = start;
  for (let j = start; j < lines.length; j++) {
    const text = lines[j]!.text;
    if (CELL_LINE.test(text)) {
      if (!current) groups.push((current = []));
      current.push(text.slice(1).trim());
    } else if (text.trim() === '') {
      current = null;
      continue;
    } else if (current && current.length > 0) {
      const last = current.length - 1;
      current[last] = current[last] === '' ? text.trim() : `${current[last]}\n${text.trim()}`;
    } else break;
    end = j + 1;
  }
  const header = groups[0];
  if (!header || groups.length < 2) return null;
  const width = header.length;
  if (width < 2 || width > MAX_CELL_RUN_WIDTH || header.some((c) => c === '' || c.length > 24)) return null;
  const fullRows = groups.slice(1).filter((g) => g.length === width).length;
  if (fullRows < (groups.length - 1) / 2) return null;
  const rows = groups.map((g) => (g.length < width ? [...g, ...Array<string>(width - g.length).fill('')] : g));
  return { table: tableFromRows(rows, { headerRows: 1, prov: { line: lines[start]!.no } }), end };
}

function isTsvLine(text: string): boolean {
  if (!text.includes('\t') || CELL_LINE.test(text)) return false;
  return text.split('\t').filter((c) => c.trim() !== '').length >= 1;
}

export function tsvRunAt(lines: Line[], start: number): { table: Table; end: number } | null {
  let end = start;
  while (end < lines.length && isTsvLine(lines[end]!.text)) end++;
  if (end === start) return null;
  const rows = lines.slice(start, end).map((l) => l.text.split('\t').map((c) => c.trim()));
  const width = rows.reduce((m, r) => Math.max(m, r.filter((c) => c !== '').length), 0);
  if (rows.length === 1 && width <= 2) return null;
  return { table: tableFromRows(rows, { prov: { line: lines[start]!.no } }), end };
}
