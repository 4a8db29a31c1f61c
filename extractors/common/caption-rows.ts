/**
 * Word and spreadsheet tables often carry their caption inside the grid: a first row "附表1",
 * a merged row with the title, a row "单位：万元" (budget systems export them so). PDF and HTML
 * print these as lines above the table. Notes (注：…) printed in the last rows go below it. Lifting such leading rows out as text lines lets the same
 * caption stage attach title, unit and banner whatever the format.
 */
import type { Table } from '../../schemas/document.js';
import type { FlowItem } from './layout.js';
import { NOTE_LINE, TABLE_LABEL_LINE } from './layout.js';
import { BANNER_LINE, UNIT_LINE, unitOf } from './vocabulary.js';
import { detectHeaderRows, isNumericCell, tableFromSpannedCells, tableToGrid } from './table-grid.js';

const MAX_TITLE = 60;

function distinctTexts(row: readonly string[]): string[] {
  return [...new Set(row.map((c) => c.trim()).filter((c) => c !== ''))];
}

const isBannerOrUnit = (text: string) => UNIT_LINE.test(text) || BANNER_LINE.test(text) || (unitOf(text) !== null && text.length <= 80);
const isTitleLike = (text: string) => text.length >= 4 && text.length <= MAX_TITLE && !isNumericCell(text) && !/[。；;]/.test(text);

/** A table's own title: "收支总表（预算表1）", "部门收入总表". */
const NAMES_A_TABLE = /表(?:[（(][^（）()]*[）)])?$/;

export interface CaptionOptions {
  /**
   * Lift a lone text as the title only when it names a table (…表). Where a lone merged cell
   * over all columns is as often a header (一般公共预算支出 over 合计 | 基本 | 项目), as in a
   * ruled PDF grid, a title must say it is one.
   */
  titlesNameTables?: boolean;
}

/** The caption line a leading row holds, or null when the row is part of the table proper. */
function captionOfRow(row: readonly string[], nCols: number, opts: CaptionOptions): string | null {
  const texts = distinctTexts(row);
  if (texts.length === 0) return '';
  if (texts.length === 1) {
    const text = texts[0]!;
    const compact = text.replace(/\s+/g, '');
    if (isBannerOrUnit(text) || TABLE_LABEL_LINE.test(compact)) return text;
    if (opts.titlesNameTables && !NAMES_A_TABLE.test(compact)) return null;
    // A lone title in a one- or two-column table may just as well be a header cell.
    return nCols >= 3 && isTitleLike(text) ? text : null;
  }
  return texts.every(isBannerOrUnit) ? texts.join(' ') : null;
}

/** The table without its first `k` rows; cells spanning into the rest keep the remainder. */
function dropLeadingRows(table: Table, k: number): Table {
  const cells = table.cells
    .filter((c) => c.row + c.rowSpan > k)
    .map((c) => {
      const row = Math.max(0, c.row - k);
      const { isHeader: _isHeader, ...cell } = c;
      return { ...cell, row, rowSpan: c.row + c.rowSpan - k - row, text: c.row < k ? '' : c.text };
    });
  const nRows = table.nRows - k;
  const grid = tableToGrid({ cells: cells.map((c) => ({ ...c, isHeader: false })), nRows, nCols: table.nCols });
  const part = table.parts[0]!;
  const lifted = tableFromSpannedCells(cells, nRows, table.nCols, Math.min(detectHeaderRows(grid), nRows), {
    prov: table.prov, page: table.pageFirst, title: table.title, unit: table.unit, notes: table.notes,
  });
  return { ...lifted, parts: [{ ...part, lastRow: Math.max(0, nRows - 1) }], pageLast: table.pageLast };
}

/** Splits a table's leading caption rows (title, 附表 label, unit, banner) from its grid. */
export function splitCaptionRows(table: Table, opts: CaptionOptions = {}): { lines: string[]; table: Table } {
  if (table.parts.length !== 1) return { lines: [], table };
  const grid = tableToGrid(table);
  const lines: string[] = [];
  let k = 0;
  for (; k < grid.length - 1; k++) {
    const caption = captionOfRow(grid[k]!, table.nCols, opts);
    if (caption === null) break;
    if (caption !== '') lines.push(caption);
  }
  return k === 0 ? { lines, table } : { lines, table: dropLeadingRows(table, k) };
}

/** The table without its last `k` rows; cells spanning into them are cut at the table's end. */
function dropTrailingRows(table: Table, k: number): Table {
  const nRows = table.nRows - k;
  const cells = table.cells.filter((c) => c.row < nRows).map((c) => ({ ...c, rowSpan: Math.min(c.rowSpan, nRows - c.row) }));
  const part = table.parts[0]!;
  return { ...table, cells, nRows, headerRows: Math.min(table.headerRows, nRows), parts: [{ ...part, lastRow: Math.max(0, nRows - 1) }] };
}

/** Splits a table's closing note rows (注：…, 备注：…) from its grid. */
export function splitNoteRows(table: Table): { table: Table; notes: string[] } {
  if (table.parts.length !== 1) return { table, notes: [] };
  const grid = tableToGrid(table);
  const notes: string[] = [];
  let k = 0;
  for (let r = grid.length - 1; r > table.headerRows - 1 && r > 0; r--) {
    const texts = distinctTexts(grid[r]!);
    if (texts.length !== 1 || !NOTE_LINE.test(texts[0]!)) break;
    notes.unshift(texts[0]!);
    k++;
  }
  return k === 0 ? { table, notes } : { table: dropTrailingRows(table, k), notes };
}

/** Every table in the flow with its caption rows before it and its note rows after it, as text lines. */
export function liftCaptionRows(flow: readonly FlowItem[], opts: CaptionOptions = {}): FlowItem[] {
  return flow.flatMap((item): FlowItem[] => {
    if (item.kind !== 'table') return [item];
    const captioned = splitCaptionRows(item.table, opts);
    const { table, notes } = splitNoteRows(captioned.table);
    const line = (text: string): FlowItem => ({ kind: 'text', text, prov: table.prov });
    return [...captioned.lines.map(line), { kind: 'table', table }, ...notes.map(line)];
  });
}
