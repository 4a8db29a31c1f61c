/**
 * Rows that no rule separates. A table ruled only around its header and between its columns
 * prints many rows of figures inside one ruled band; the lines of text that sit side by side in
 * several columns, or that stand a full line apart, are rows of their own. Lines wrapped inside
 * one cell (tight, in one column, figures centred beside them) stay one row.
 */
import { isNumericCell } from '../common/table-grid.js';
import { centreX, centreY } from './geometry.js';
import type { Glyph } from './glyphs.js';
import { gridOfGroup, intervalOf, LATTICE_SETTINGS, type LatticeGrid, type LatticeSettings } from './lattice.js';
import type { Edge } from './rules.js';

export interface TextRowSettings {
  /** Lines whose baselines are closer than this many ems belong to one line. */
  baselineTolerance: number;
  /** Lines further apart than this many ems are separate rows even in one column. */
  rowGap: number;
  /** A band is split only when it holds at least this many lines spanning two or more columns. */
  minAlignedLines: number;
}

export const TEXT_ROW_SETTINGS: TextRowSettings = { baselineTolerance: 0.3, rowGap: 1.3, minAlignedLines: 2 };

interface BandLine {
  baseline: number;
  top: number;
  bottom: number;
  size: number;
  /** The glyphs of this line in each column it reaches. */
  columns: Map<number, Glyph[]>;
}

/** The lines of text inside one band of a grid (from glyphs already inside the grid), with the columns each reaches. */
export function bandLines(grid: LatticeGrid, glyphs: readonly Glyph[], top: number, bottom: number, settings: TextRowSettings = TEXT_ROW_SETTINGS): BandLine[] {
  const inBand = glyphs.filter((g) => centreY(g) > top && centreY(g) < bottom).sort((a, b) => a.baseline - b.baseline);
  const lines: BandLine[] = [];
  for (const g of inBand) {
    const col = intervalOf(grid.xs, centreX(g));
    let line = lines[lines.length - 1];
    if (!line || g.baseline - line.baseline > settings.baselineTolerance * g.size) {
      line = { baseline: g.baseline, top: g.top, bottom: g.bottom, size: g.size, columns: new Map() };
      lines.push(line);
    }
    line.top = Math.min(line.top, g.top);
    line.bottom = Math.max(line.bottom, g.bottom);
    const cell = line.columns.get(col);
    if (cell) cell.push(g);
    else line.columns.set(col, [g]);
  }
  return lines;
}

/** A line that prints a figure in a column of its own: a row of data, not wrapped words. */
function carriesFigure(line: BandLine): boolean {
  for (const gs of line.columns.values()) {
    const text = [...gs].sort((a, b) => a.x0 - b.x0).map((g) => g.text).join('');
    if (isNumericCell(text)) return true;
  }
  return false;
}

/**
 * Where to cut a band between its rows of text, or nothing when it reads as one row. A band is
 * cut only when several of its lines are rows of data (side by side in two or more columns, one
 * of them a figure); wrapped headers and form cells never are.
 */
export function rowCuts(lines: readonly BandLine[], settings: TextRowSettings = TEXT_ROW_SETTINGS): number[] {
  const dataLines = lines.filter((l) => l.columns.size >= 2 && carriesFigure(l));
  if (dataLines.length < settings.minAlignedLines) return [];
  const cuts = new Set<number>();
  // Lines that fill different columns are one row printed with mixed vertical alignment
  // (figures at the top of a tall row, its name centred): rows repeat the same columns.
  const shareColumn = (a: BandLine, b: BandLine) => [...a.columns.keys()].some((c) => b.columns.has(c));
  let lastAligned = -1;
  for (let i = 0; i < lines.length; i++) {
    const b = lines[i]!;
    if (i > 0) {
      const a = lines[i - 1]!;
      const apart = b.baseline - a.baseline > settings.rowGap * Math.max(a.size, b.size);
      if (apart && shareColumn(a, b)) cuts.add((a.bottom + b.top) / 2);
    }
    if (b.columns.size < 2) continue;
    const a = lines[lastAligned];
    if (a && shareColumn(a, b)) {
      // Two rows side by side in the same columns; a name wrapped onto a line of its own between
      // them (长白山管委会本|级, 前郭尔罗斯蒙古族|自治县) goes with the row it is nearer to: the cut
      // is the widest gap between them.
      let at = lastAligned;
      for (let k = lastAligned + 1; k < i; k++) if (lines[k + 1]!.top - lines[k]!.bottom > lines[at + 1]!.top - lines[at]!.bottom) at = k;
      cuts.add((lines[at]!.bottom + lines[at + 1]!.top) / 2);
    }
    lastAligned = i;
  }
  return [...cuts].sort((x, y) => x - y);
}

/** The grid with rows cut where text rows stand unruled inside one ruled band. */
export function splitTextRows(grid: LatticeGrid, glyphs: readonly Glyph[], settings: TextRowSettings = TEXT_ROW_SETTINGS, lattice: LatticeSettings = LATTICE_SETTINGS): LatticeGrid {
  const cuts: number[] = [];
  // Each glyph goes to its band once; filtering all of them per band was quadratic on long tables.
  const byBand: Glyph[][] = grid.ys.slice(1).map(() => []);
  for (const g of glyphs) {
    if (g.text === ' ' || !(centreX(g) > grid.x0 && centreX(g) < grid.x1)) continue;
    const cy = centreY(g);
    if (!(cy > grid.top && cy < grid.bottom)) continue;
    byBand[intervalOf(grid.ys, cy)]?.push(g);
  }
  for (let r = 0; r + 1 < grid.ys.length; r++) {
    const top = grid.ys[r]!;
    const bottom = grid.ys[r + 1]!;
    for (const y of rowCuts(bandLines(grid, byBand[r]!, top, bottom, settings), settings)) {
      if (y - top > lattice.snapTolerance && bottom - y > lattice.snapTolerance) cuts.push(y);
    }
  }
  if (cuts.length === 0) return grid;
  const added: Edge[] = cuts.map((y) => ({ orient: 'h', x0: grid.x0, x1: grid.x1, top: y, bottom: y }));
  return gridOfGroup([...grid.edges, ...added], lattice) ?? grid;
}
