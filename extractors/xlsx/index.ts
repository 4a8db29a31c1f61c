/**
 * Workbooks (XLSX, and XLS once converted): each visible sheet becomes a table, merged ranges
 * become spans, and every cell reads as Excel displays it (its number format applied by numfmt)
 * with the stored number kept beside the text. Hidden sheets, rows and columns are skipped and
 * said so; rows a budget system exported above the real table (DEBT_T_XXGK…, FIELD#value) are
 * told apart from the header and dropped with a warning. A sheet of prose (封面, 部门职能) is read
 * as lines of text, not as a one-column table.
 */
import { format as formatNumber } from 'numfmt';
import type { DocumentModel } from '../../schemas/document.js';
import { liftCaptionRows } from '../common/caption-rows.js';
import { blocksFromFlow, LAYOUT_OPTIONS, TABLE_LABEL_LINE, type FlowItem } from '../common/layout.js';
import { BANNER_LINE, unitOf } from '../common/vocabulary.js';
import { normalizeText } from '../common/normalize.js';
import { detectHeaderRows, tableFromSpannedCells, type SpannedCell } from '../common/table-grid.js';
import { readWorkbook, type MergeRange, type RawCell, type SheetData } from './workbook.js';

/** A cell's text as displayed and, when it holds a number, that number. */
export interface DisplayedCell {
  text: string;
  number?: number;
}

/** What a cell shows: its number through its number format (numfmt), booleans as Excel prints them. */
export function displayedValue(cell: RawCell | undefined): DisplayedCell {
  const value = cell?.value ?? null;
  if (value === null) return { text: '' };
  if (typeof value === 'boolean') return { text: value ? 'TRUE' : 'FALSE' };
  if (typeof value === 'string') return { text: value };
  try {
    return { text: formatNumber(cell!.numFmt, value).trim(), number: value };
  } catch {
    return { text: String(value), number: value };
  }
}

/**
 * Export artefacts of budget and debt systems: a table code (DEBT_T_XXGK_XDXE), field bindings
 * (AD_CODE_GK#13, ROW_NUM#), a query fragment (and T.SET_YEAR_GK ='2023').
 */
const SYSTEM_CELL = /^(?:[A-Z][A-Z0-9]*(?:_[A-Z0-9]+){2,}|[A-Za-z][A-Za-z0-9_]*#.*|.*\bT\.[A-Z_]+\s*=.*)$/;

export function isSystemMetadataRow(texts: readonly string[]): boolean {
  return texts.some((t) => SYSTEM_CELL.test(t.trim()));
}

/** An export's bookkeeping value: a flag (0, VALID#), a field id (xe_y1), nothing a reader reads. */
const SYSTEM_TOKEN = /^(?:[A-Za-z][A-Za-z0-9_]*#?|0)$/;
/** Fields a system binds to columns of row numbers and internal ids. */
const SYSTEM_FIELD = /^(?:ROW_NUM|[A-Z0-9_]*_ID|[A-Z0-9_]*_CODE)#/i;

/**
 * Columns an export system adds beside the table: every text in them a bookkeeping token, or
 * bound by the metadata rows to a row-number or id field and without a header of their own.
 */
function systemColumns(metadataRows: number[], rows: number[], cols: number[], textAt: (r: number, c: number) => string): Set<number> {
  const system = new Set<number>();
  for (const c of cols) {
    const texts = rows.map((r) => textAt(r, c)).filter((t) => t !== '');
    if (texts.length > 0 && texts.every((t) => SYSTEM_TOKEN.test(t))) {
      system.add(c);
      continue;
    }
    const bound = metadataRows.some((r) => SYSTEM_FIELD.test(textAt(r, c)));
    if (bound && !texts.some((t) => /[\u3400-\u9fff]/.test(t))) system.add(c);
  }
  return system;
}

interface SheetGrid {
  /** Visible rows and columns, 1-based as Excel numbers them. */
  rows: number[];
  cols: number[];
  hiddenRows: number;
  hiddenCols: number;
}

function visibleGrid(sheet: SheetData): SheetGrid {
  // Only rows and columns that hold a cell: a sheet may declare (or place one cell at) row
  // 1,048,576 and column XFD, and walking every row by every column would never end.
  const rowSet = new Set<number>();
  const colSet = new Set<number>();
  for (const key of sheet.cells.keys()) {
    const at = key.indexOf(':');
    const r = Number(key.slice(0, at));
    const c = Number(key.slice(at + 1));
    if (!sheet.hiddenRows.has(r)) rowSet.add(r);
    if (!sheet.hiddenCols.has(c)) colSet.add(c);
  }
  const rows = [...rowSet].sort((a, b) => a - b);
  const cols = [...colSet].sort((a, b) => a - b);
  return { rows, cols, hiddenRows: sheet.hiddenRows.size, hiddenCols: sheet.hiddenCols.size };
}

/** Merges up to this many cells have their covered cells listed; larger ones are checked by range. */
const LISTED_MERGE_CELLS = 10_000;

/**
 * Merged ranges by their top-left cell, and the cells they cover. A range overlapping one seen
 * before (converters write such) loses the cells already covered, not the whole sheet.
 */
function mergesOf(sheet: SheetData): { byMaster: Map<string, MergeRange>; covered: { has(key: string): boolean } } {
  const byMaster = new Map<string, MergeRange>();
  const listed = new Set<string>();
  // A hostile (or careless) sheet may merge A2:XFD1048575: its cells are never listed one by one.
  const large: MergeRange[] = [];
  const covered = {
    has(key: string): boolean {
      if (listed.has(key)) return true;
      if (large.length === 0) return false;
      const [r, c] = key.split(':').map(Number) as [number, number];
      return large.some((m) => r >= m.top && r <= m.bottom && c >= m.left && c <= m.right && (r !== m.top || c !== m.left));
    },
  };
  for (const m of sheet.merges) {
    const key = `${m.top}:${m.left}`;
    if (covered.has(key) || byMaster.has(key)) continue;
    byMaster.set(key, m);
    if ((m.bottom - m.top + 1) * (m.right - m.left + 1) > LISTED_MERGE_CELLS) large.push(m);
    else for (let r = m.top; r <= m.bottom; r++) for (let c = m.left; c <= m.right; c++) if (r !== m.top || c !== m.left) listed.add(`${r}:${c}`);
  }
  return { byMaster, covered };
}

const GENERIC_SHEET_NAME = /^(?:sheet|工作表|表)\s*\d*$/i;

/**
 * The sheet's name as the table's title when the sheet prints none above the table: budget
 * workbooks name each sheet after its table (部门收支总表).
 */
function sheetTitleLine(sheet: string, flow: readonly FlowItem[]): string | null {
  const name = sheet.trim();
  if (name === '' || GENERIC_SHEET_NAME.test(name)) return null;
  const printsTitle = flow.some((i) => i.kind === 'text' && !unitOf(i.text) && !BANNER_LINE.test(i.text) && !TABLE_LABEL_LINE.test(i.text.replace(/\s+/g, '')));
  return printsTitle ? null : name;
}

export interface SheetFlow {
  flow: FlowItem[];
  warnings: string[];
}

/** One sheet as lines and a table. */
export function sheetFlow(data: SheetData): SheetFlow {
  const sheet = data.name;
  const prov = { sheet };
  const warnings: string[] = [];
  const { rows, hiddenRows, hiddenCols, ...visible } = visibleGrid(data);
  let cols = visible.cols;
  if (hiddenRows + hiddenCols > 0) warnings.push(`sheet "${sheet}": ${hiddenRows} hidden rows and ${hiddenCols} hidden columns skipped`);
  const { byMaster: merges, covered } = mergesOf(data);

  // Each cell is formatted once, however many of the stages below look at it.
  const shownAt = new Map<string, DisplayedCell>();
  const textAt = (r: number, c: number): DisplayedCell => {
    const key = `${r}:${c}`;
    let cell = shownAt.get(key);
    if (!cell) {
      const shown = displayedValue(data.cells.get(key));
      cell = { ...shown, text: normalizeText(shown.text).replace(/\r\n?/g, '\n').trim() };
      shownAt.set(key, cell);
    }
    return cell;
  };

  // Leading system rows: export artefacts above the table.
  let first = 0;
  while (first < rows.length && isSystemMetadataRow(cols.map((c) => textAt(rows[first]!, c).text))) first++;
  if (first > 0) warnings.push(`sheet "${sheet}": ${first} system metadata rows above the table skipped (${cols.map((c) => textAt(rows[0]!, c).text).find((t) => SYSTEM_CELL.test(t)) ?? ''})`);
  const systemCols = systemColumns(rows.slice(0, first), rows.slice(first), cols, (r, c) => (covered.has(`${r}:${c}`) ? '' : textAt(r, c).text));
  if (systemCols.size > 0) {
    warnings.push(`sheet "${sheet}": ${systemCols.size} system columns beside the table skipped`);
    cols = cols.filter((c) => !systemCols.has(c));
  }

  // Masters with their text; rows and columns that hold nothing are dropped.
  const masters: { r: number; c: number; cell: DisplayedCell; merge: MergeRange | undefined }[] = [];
  const keptRows = rows.slice(first);
  const rowSet = new Set(keptRows);
  const colSet = new Set(cols);
  const usedRows = new Set<number>();
  const usedCols = new Set<number>();
  for (const r of keptRows) {
    for (const c of cols) {
      if (covered.has(`${r}:${c}`)) continue;
      const cell = textAt(r, c);
      const merge = merges.get(`${r}:${c}`);
      if (cell.text === '') continue;
      masters.push({ r, c, cell, merge });
      const bottom = merge?.bottom ?? r;
      const right = merge?.right ?? c;
      for (let rr = r; rr <= bottom; rr++) if (rowSet.has(rr)) usedRows.add(rr);
      for (let cc = c; cc <= right; cc++) if (colSet.has(cc)) usedCols.add(cc);
    }
  }
  const rowIndex = new Map([...usedRows].sort((a, b) => a - b).map((r, i) => [r, i]));
  const colIndex = new Map([...usedCols].sort((a, b) => a - b).map((c, i) => [c, i]));
  if (rowIndex.size === 0) return { flow: [], warnings };

  const span = (from: number, to: number, index: Map<number, number>) => {
    let n = 0;
    for (let i = from; i <= to; i++) if (index.has(i)) n++;
    return Math.max(1, n);
  };
  const cells: SpannedCell[] = masters.map(({ r, c, cell, merge }) => ({
    row: rowIndex.get(r)!,
    col: colIndex.get(c)!,
    rowSpan: merge ? span(r, merge.bottom, rowIndex) : 1,
    colSpan: merge ? span(c, merge.right, colIndex) : 1,
    text: cell.text,
    ...(cell.number !== undefined ? { number: cell.number } : {}),
  }));
  const nRows = rowIndex.size;
  const nCols = colIndex.size;
  const grid = Array.from({ length: nRows }, () => Array<string>(nCols).fill(''));
  for (const c of cells) grid[c.row]![c.col] = c.text;

  // A sheet of prose: every row holds one text.
  if (nCols === 1 || grid.every((row) => row.filter((t) => t !== '').length <= 1)) {
    const lines = grid.flatMap((row) => row.filter((t) => t !== '')).flatMap((t) => t.split('\n'));
    return { flow: lines.map((text): FlowItem => ({ kind: 'text', text, prov })), warnings };
  }
  const table = tableFromSpannedCells(cells, nRows, nCols, detectHeaderRows(grid), { prov });
  const flow = liftCaptionRows([{ kind: 'table', table }]);
  const title = sheetTitleLine(sheet, flow);
  return { flow: title ? [{ kind: 'text', text: title, prov }, ...flow] : flow, warnings };
}

export async function extractXlsx(bytes: Uint8Array): Promise<DocumentModel> {
  const workbook = await readWorkbook(bytes);
  const warnings: string[] = [];
  const problems: string[] = [];
  const flow: FlowItem[] = [];
  for (const sheet of workbook.sheets) {
    if (sheet.state !== 'visible') {
      warnings.push(`sheet "${sheet.name}" is ${sheet.state === 'veryHidden' ? 'very hidden' : 'hidden'} and was skipped`);
      continue;
    }
    const read = sheetFlow(sheet);
    flow.push(...read.flow);
    warnings.push(...read.warnings);
  }
  if (flow.length === 0) problems.push('no visible sheet holds any text');
  return { format: 'xlsx', pages: null, title: workbook.title, notice: null, blocks: blocksFromFlow(flow, problems, { ...LAYOUT_OPTIONS, documentTitle: false }), warnings, problems };
}
