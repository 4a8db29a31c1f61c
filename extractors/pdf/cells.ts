/**
 * Ruled grid + glyphs → model table. Each glyph goes to the cell that contains its centre; the
 * lines inside a cell are joined into one value (a header wrapped as 一般公共预算资|金 reads
 * 一般公共预算资金). Rows that hold no text at all are dropped (spacing, trailing blank rows);
 * empty columns are kept, because a chunk of a table continued on the next page must keep the
 * column positions of the whole.
 */
import type { Table } from '../../schemas/document.js';
import { detectHeaderRows, isNumericCell, tableFromSpannedCells, type SpannedCell } from '../common/table-grid.js';
import { centreX, centreY } from './geometry.js';
import type { Glyph } from './glyphs.js';
import { intervalOf, type LatticeGrid } from './lattice.js';
import { linesOf } from './lines.js';

/**
 * Joins the lines of text wrapped inside one cell: Chinese without a separator, words with a
 * space. Two lines that each hold a figure stay on lines of their own: figures do not wrap, so
 * they are two values (rows no rule separates) and must not be glued into a third.
 */
export function joinWrapped(lines: readonly string[]): string {
  let out = '';
  let last = '';
  for (const line of lines) {
    if (out === '') out = line;
    else if (isNumericCell(last) && isNumericCell(line)) out += `\n${line}`;
    else if (/\d$/.test(out) && /^\d/.test(line)) out += line; // a code or name wrapped mid-number: 石财教(2024)1|0号
    else if (/^[%)）,.，。、；：]/.test(line) || /[(（\-/~—–]$/.test(out)) out += line;
    else if (/[\u3400-\u9fff\uff00-\uffef（）“”、]$/.test(out) || /^[\u3400-\u9fff\uff00-\uffef（）“”、]/.test(line)) out += line;
    else out += ` ${line}`;
    last = line;
  }
  return out;
}

/**
 * Splits glyphs between the grids (by centre) and the rest. Returns, per grid, the glyphs of
 * each of its cells.
 */
export function assignGlyphs(grids: readonly LatticeGrid[], glyphs: readonly Glyph[]): { perCell: Glyph[][][]; outside: Glyph[] } {
  const perCell = grids.map((g) => g.cells.map((): Glyph[] => []));
  const outside: Glyph[] = [];
  for (const glyph of glyphs) {
    const x = centreX(glyph);
    const y = centreY(glyph);
    let placed = false;
    for (let t = 0; t < grids.length && !placed; t++) {
      const grid = grids[t]!;
      const c = intervalOf(grid.xs, x);
      const r = intervalOf(grid.ys, y);
      if (c < 0 || r < 0) continue;
      const cell = grid.cellAt[r]![c]!;
      if (cell < 0) continue;
      perCell[t]![cell]!.push(glyph);
      placed = true;
    }
    if (!placed) outside.push(glyph);
  }
  return { perCell, outside };
}

export function cellText(glyphs: readonly Glyph[]): string {
  if (glyphs.length === 0) return '';
  // Inside a cell a wide gap is letter-spacing (项　　目), not a column: runs joined by a space.
  return joinWrapped(linesOf(glyphs).map((l) => l.segments.map((s) => s.text).join(' ').trim()).filter((t) => t !== ''));
}

/** Indices kept after dropping the rows (or columns) no text-bearing cell covers. */
function keptIndices(n: number, spans: { from: number; to: number }[]): number[] {
  const used = Array<boolean>(n).fill(false);
  for (const s of spans) for (let i = s.from; i <= s.to; i++) used[i] = true;
  return used.flatMap((u, i) => (u ? [i] : []));
}

/** Extends a header boundary so that no header cell spans into the body. */
function headerEnd(cells: readonly SpannedCell[], headerRows: number): number {
  let end = headerRows;
  for (const c of cells) if (c.row < end && c.row + c.rowSpan > end) end = c.row + c.rowSpan;
  return end;
}

/**
 * A first row with text in one narrow cell only is not a header: it is the tail of a row that
 * broke over the page (a wrapped project name), to be joined to the row it belongs to.
 */
export function isFragmentRow(cells: readonly SpannedCell[], nCols: number): boolean {
  const first = cells.filter((c) => c.row === 0 && c.text.trim() !== '');
  return nCols >= 3 && first.length === 1 && first[0]!.colSpan === 1;
}

const round = (v: number) => Math.round(v * 10) / 10;

export function tableOfGrid(grid: LatticeGrid, texts: readonly string[], page: number): Table | null {
  const filled = grid.cells.map((c, i) => ({ c, text: texts[i] ?? '' })).filter((x) => x.text !== '');
  if (filled.length === 0) return null;
  const rows = keptIndices(grid.ys.length - 1, filled.map((x) => ({ from: x.c.row, to: x.c.row + x.c.rowSpan - 1 })));
  const cols = Array.from({ length: grid.xs.length - 1 }, (_, i) => i);
  const rowIndex = new Map(rows.map((r, i) => [r, i]));
  const colIndex = new Map(cols.map((c, i) => [c, i]));
  const cells: SpannedCell[] = [];
  grid.cells.forEach((c, i) => {
    const rs = rows.filter((r) => r >= c.row && r < c.row + c.rowSpan);
    const cs = cols.filter((k) => k >= c.col && k < c.col + c.colSpan);
    if (rs.length === 0 || cs.length === 0) return;
    const box = { page, x0: round(c.x0), y0: round(c.top), x1: round(c.x1), y1: round(c.bottom) };
    cells.push({ row: rowIndex.get(rs[0]!)!, col: colIndex.get(cs[0]!)!, rowSpan: rs.length, colSpan: cs.length, text: texts[i] ?? '', box });
  });
  const nRows = rows.length;
  const nCols = cols.length;
  const dense = Array.from({ length: nRows }, () => Array<string>(nCols).fill(''));
  for (const c of cells) dense[c.row]![c.col] = c.text;
  const headerRows = isFragmentRow(cells, nCols) ? 0 : headerEnd(cells, detectHeaderRows(dense));
  return tableFromSpannedCells(cells, nRows, nCols, headerRows, { prov: { page }, page });
}
