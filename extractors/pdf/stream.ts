/**
 * Tables with no rules at all, from text alignment (pdfplumber's "text" strategy, in stages):
 *
 *   tableRuns (lines printed in three or more runs, one under another)
 *   → columnBounds (the gaps no line's run crosses: whitespace rivers, so right-aligned
 *     figures and left-aligned labels both fall between them)
 *   → streamGrid (one row per line, one column per river-separated band)
 *
 * Ruled and partly ruled tables never reach this stage: it sees only lines outside every grid.
 */
import { union } from './geometry.js';
import type { LatticeCell, LatticeGrid } from './lattice.js';
import type { TextLine } from './lines.js';

export interface StreamSettings {
  /** A line with at least this many runs may be a table row. */
  minRuns: number;
  /** At least this many such lines in a row make a table. */
  minRows: number;
  /** Rows further apart than this many ems end the table. */
  maxRowGap: number;
}

export const STREAM_SETTINGS: StreamSettings = { minRuns: 3, minRows: 3, maxRowGap: 2.5 };

/** Consecutive lines that read as rows of an unruled table, as [start, end) index ranges. */
export function tableRuns(lines: readonly TextLine[], settings: StreamSettings = STREAM_SETTINGS): [number, number][] {
  const runs: [number, number][] = [];
  let start = -1;
  const close = (end: number) => {
    if (start >= 0 && end - start >= settings.minRows) runs.push([start, end]);
    start = -1;
  };
  lines.forEach((line, i) => {
    const prev = lines[i - 1];
    const isRow = line.segments.length >= settings.minRuns;
    const near = prev !== undefined && line.baseline - prev.baseline <= settings.maxRowGap * line.size;
    if (isRow && start >= 0 && near) return;
    close(i);
    if (isRow) start = i;
  });
  close(lines.length);
  return runs;
}

/** Column boundaries: the left and right ends and the middle of every gap no run crosses. */
export function columnBounds(lines: readonly TextLine[]): number[] {
  const spans = lines.flatMap((l) => l.segments.map((s) => [s.x0, s.x1] as const)).sort((a, b) => a[0] - b[0]);
  const bounds = [spans[0]![0]];
  let reach = spans[0]![1];
  for (const [x0, x1] of spans.slice(1)) {
    if (x0 > reach) bounds.push((reach + x0) / 2);
    reach = Math.max(reach, x1);
  }
  bounds.push(reach);
  return bounds;
}

/** A grid of one row per line and the given columns, each run in the column holding its centre. */
export function streamGrid(lines: readonly TextLine[], xs: readonly number[]): { grid: LatticeGrid; texts: string[] } {
  const box = union(lines);
  const ys = [box.top, ...lines.slice(1).map((l, i) => (lines[i]!.bottom + l.top) / 2), box.bottom];
  const cells: LatticeCell[] = [];
  const texts: string[] = [];
  const cellAt = lines.map(() => Array<number>(xs.length - 1).fill(-1));
  lines.forEach((line, r) => {
    const byCol = new Map<number, string[]>();
    for (const s of line.segments) {
      const mid = (s.x0 + s.x1) / 2;
      const c = Math.max(0, xs.findIndex((x, k) => k + 1 < xs.length && mid >= x && mid <= xs[k + 1]!));
      byCol.set(c, [...(byCol.get(c) ?? []), s.text]);
    }
    for (let c = 0; c + 1 < xs.length; c++) {
      cellAt[r]![c] = cells.length;
      cells.push({ x0: xs[c]!, x1: xs[c + 1]!, top: ys[r]!, bottom: ys[r + 1]!, row: r, col: c, rowSpan: 1, colSpan: 1 });
      texts.push((byCol.get(c) ?? []).join(' '));
    }
  });
  return { grid: { ...box, x0: xs[0]!, x1: xs[xs.length - 1]!, edges: [], xs: [...xs], ys, cells, cellAt }, texts };
}
