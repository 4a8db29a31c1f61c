/**
 * Building model tables from grids of cell texts, shared by the extractors that see rows of
 * strings (plain text, flattened paragraphs) and by those that see spans (HTML, DOCX).
 */
import type { Cell, Provenance, Table } from '../../schemas/document.js';
import { asciiDigits, joinLetterSpacedCjk, tightenCjkSpacing } from './normalize.js';

export interface SpannedCell {
  row: number;
  col: number;
  rowSpan: number;
  colSpan: number;
  text: string;
  /** A spreadsheet cell's stored number, when `text` displays it. */
  number?: number;
  /** A PDF cell's place on its page. */
  box?: { page: number; x0: number; y0: number; x1: number; y1: number };
}

// Groups of three after each separator; the first group may be longer ("120258,600": some
// exports separate only the last thousand).
const NUMBER = /^[-+−]?(?:\d+(?:,\d{3})+|\d+)(?:\.\d+)?%?$/;

/** True for a cell that holds a figure: 1, 11,897.36, -5.5, 95%, full-width digits too. */
export function isNumericCell(text: string): boolean {
  return NUMBER.test(asciiDigits(text).replace(/\s+/g, ''));
}

/** What a column-number row prints over the columns it does not number (the code and the name). */
const UNNUMBERED_MARK = /^(?:\*+|[—－–-]+|\/|[xX×])$/;

/**
 * A row that numbers the columns (栏次 1 2 3 …, or ** ** 1 2 3 … with marks over the code and
 * name columns): header furniture, never figures.
 */
export function isColumnIndexRow(row: readonly string[]): boolean {
  const cells = row.map((c) => c.replace(/\s+/g, '')).filter((c) => c !== '');
  if (cells.length === 0) return false;
  if (/^栏次$/.test(cells[0]!)) return true;
  let marks = 0;
  while (marks < cells.length && UNNUMBERED_MARK.test(cells[marks]!)) marks++;
  const numbers = cells.slice(marks);
  if (numbers.length < (marks > 0 ? 2 : 3)) return false;
  return numbers.every((c, i) => c === String(i + 1));
}

const MAX_HEADER_ROWS = 5;

/** The 类 | 款 | 项 row under 科目编码 names the parts of a code; it belongs to the header. */
export function isCodePartsRow(row: readonly string[]): boolean {
  const cells = row.map((c) => c.replace(/\s+/g, '')).filter((c) => c !== '');
  return cells.length >= 2 && cells.every((c) => /^[类款项目]$/.test(c));
}

/**
 * How many leading rows are header: rows before the first row that carries a figure, with the
 * 栏次 row counted in the header. A table of words only has its first row as header — unless it
 * is an empty table (空表) whose 类/款/项 or 栏次 row still says where its header ends.
 */
export function detectHeaderRows(rows: readonly (readonly string[])[]): number {
  if (rows.length < 2) return 0;
  let marked = 0;
  for (let r = 0; r < rows.length && r <= MAX_HEADER_ROWS; r++) {
    if (isCodePartsRow(rows[r]!) || isColumnIndexRow(rows[r]!)) marked = r + 1;
  }
  // A 合计 row opening the body ends the header, figures or not (a form printed blank), and so
  // does a row of numbered sections under the name columns (一、部门预算 heading the rows below).
  const total = rows.findIndex((row, r) => r > 0 && r <= MAX_HEADER_ROWS && (isLeadingTotalRow(row) || isSectionRow(row, rows.slice(0, r))));
  const header = Math.max(marked, figureHeaderRows(rows));
  return total > 0 ? Math.min(header, total) : header;
}

/**
 * The row a table's body opens with when it opens with its total: 合计 (or 总计) alone in a label
 * column, with figures or nothing beside it — a body row even in a form printed without figures.
 */
function isLeadingTotalRow(row: readonly string[]): boolean {
  const filled = row.map((c, col) => [c.replace(/\s+/g, ''), col] as const).filter(([c]) => c !== '');
  const [first, col] = filled[0] ?? ['', -1];
  return col >= 0 && col <= 1 && /^(?:合计|总计)$/.test(first) && filled.slice(1).every(([c]) => isNumericCell(c));
}

/** Chinese numbering that opens a section's label: 一、 二、 （一） (三). */
const SECTION_NUMBER = /^[（(]?[一二三四五六七八九十]{1,3}[）)、]/;
/** What the header prints over a column of names. */
const NAME_HEADER = /项目|名称|科目/;

/**
 * A row of numbered section labels (一、部门预算) with no figures, each under a column the header
 * names as names: the body's first row, which groups the rows below it, not a header row.
 */
function isSectionRow(row: readonly string[], above: readonly (readonly string[])[]): boolean {
  const filled = row.map((c, col) => [c.replace(/\s+/g, ''), col] as const).filter(([c]) => c !== '');
  return (
    filled.length > 0 &&
    filled.every(([c, col]) => SECTION_NUMBER.test(c) && !isNumericCell(c) && above.some((r) => NAME_HEADER.test(r[col] ?? '')))
  );
}

function figureHeaderRows(rows: readonly (readonly string[])[]): number {
  for (let r = 0; r < rows.length && r <= MAX_HEADER_ROWS; r++) {
    const row = rows[r]!;
    if (isColumnIndexRow(row)) continue;
    if (row.some((c) => isNumericCell(c))) return r;
  }
  const first = rows[0]!;
  const filled = first.filter((c) => c.trim() !== '').length;
  return filled >= Math.min(2, first.length) ? 1 : 0;
}

export interface GridOptions {
  headerRows?: number;
  prov: Provenance;
  page?: number | null;
  title?: string | null;
  unit?: string | null;
  notes?: string[];
}

/**
 * A cell's words as meant: padding between characters (王　平, 合　计), spaces where a converter
 * wrapped the cell (资金支出计 划) and autospacing removed. Inside one cell a space between two
 * Chinese characters is layout, not a word boundary.
 */
function cellText(text: string): string {
  return tightenCjkSpacing(joinLetterSpacedCjk(text));
}

/**
 * The model's cell, written out field by field. Not `{ ...c, isHeader }`: in Node 20 an object
 * spread that then adds a key is allocated with room for many more properties (some 380 bytes
 * instead of 90), and a long PDF holds every one of its tens of thousands of cells until parsed.
 */
function modelCell(c: SpannedCell, headerRows: number): Cell {
  return {
    row: c.row,
    col: c.col,
    rowSpan: c.rowSpan,
    colSpan: c.colSpan,
    text: cellText(c.text),
    ...(c.number !== undefined ? { number: c.number } : {}),
    ...(c.box !== undefined ? { box: c.box } : {}),
    isHeader: c.row < headerRows,
  };
}

/** A table from spanned cells (HTML rowspan/colspan, DOCX gridSpan/vMerge). */
export function tableFromSpannedCells(cells: SpannedCell[], nRows: number, nCols: number, headerRows: number, opts: GridOptions): Table {
  const page = opts.page ?? null;
  const modelCells: Cell[] = cells
    .slice()
    .sort((a, b) => a.row - b.row || a.col - b.col)
    .map((c) => modelCell(c, headerRows));
  return {
    type: 'table',
    title: opts.title ?? null,
    unit: opts.unit ?? null,
    notes: opts.notes ?? [],
    headerRows,
    nRows,
    nCols,
    cells: modelCells,
    parts: [{ firstRow: 0, lastRow: Math.max(0, nRows - 1), nCols: Math.max(1, nCols), page, prov: opts.prov }],
    pageFirst: page,
    pageLast: page,
    prov: opts.prov,
  };
}

/** A table from plain rows of text, one cell per string; short rows stay short. */
export function tableFromRows(rows: readonly (readonly string[])[], opts: GridOptions): Table {
  const nCols = rows.reduce((m, r) => Math.max(m, r.length), 0);
  const headerRows = opts.headerRows ?? detectHeaderRows(rows);
  const cells: SpannedCell[] = [];
  rows.forEach((row, r) => row.forEach((text, c) => cells.push({ row: r, col: c, rowSpan: 1, colSpan: 1, text })));
  return tableFromSpannedCells(cells, rows.length, nCols, headerRows, opts);
}

/** The cell texts of a table as a dense grid; a spanned cell's text sits at its top-left only. */
export function tableToGrid(table: Pick<Table, 'cells' | 'nRows' | 'nCols'>): string[][] {
  const grid = Array.from({ length: table.nRows }, () => Array<string>(table.nCols).fill(''));
  for (const c of table.cells) {
    const row = grid[c.row];
    if (row && c.col < table.nCols) row[c.col] = c.text;
  }
  return grid;
}
