/**
 * Ruling lines found in a page image, as Camelot's lattice does on images: ink is thresholded,
 * an opening along each axis keeps only runs longer than text strokes (`minLength`), and runs on
 * neighbouring rows (columns) are merged into one line segment. The segments become the same
 * edges vector rules give, so lattice.ts finds the table the same way.
 */
import type { Edge } from '../rules.js';

export interface RasterRuleSettings {
  /** Grey level (0–255) below which a pixel is ink. */
  inkBelow: number;
  /** Gaps (pixels) a scanned line may have and still be one run. */
  maxGap: number;
  /** Thicker than this (pixels) is a filled block, not a line. */
  maxThickness: number;
  /** How many pixels a line may drift per row (column) of a slightly skewed scan. */
  maxDrift: number;
}

export const RASTER_RULE_SETTINGS: RasterRuleSettings = { inkBelow: 160, maxGap: 3, maxThickness: 10, maxDrift: 2 };

interface Run {
  start: number;
  end: number;
}

/** Runs of ink at least `minLength` long along one row (or column) of the image. */
function longRuns(ink: (i: number) => boolean, length: number, minLength: number, maxGap: number): Run[] {
  const out: Run[] = [];
  let start = -1, last = -1;
  for (let i = 0; i <= length; i++) {
    if (i < length && ink(i)) {
      if (start < 0) start = i;
      else if (i - last - 1 > maxGap) {
        if (last - start + 1 >= minLength) out.push({ start, end: last + 1 });
        start = i;
      }
      last = i;
    }
  }
  if (start >= 0 && last - start + 1 >= minLength) out.push({ start, end: last + 1 });
  return out;
}

interface Segment extends Run {
  first: number;
  last: number;
}

/** Merges the runs of successive rows (columns) that overlap into segments. */
function segments(runsAt: Run[][], s: RasterRuleSettings): Segment[] {
  const done: Segment[] = [];
  let open: Segment[] = [];
  runsAt.forEach((runs, at) => {
    const next: Segment[] = [];
    for (const r of runs) {
      const seg = open.find((o) => at - o.last <= s.maxDrift && Math.min(o.end, r.end) - Math.max(o.start, r.start) > 0.5 * Math.min(o.end - o.start, r.end - r.start));
      if (seg) {
        seg.start = Math.min(seg.start, r.start);
        seg.end = Math.max(seg.end, r.end);
        seg.last = at;
        if (!next.includes(seg)) next.push(seg);
      } else next.push({ ...r, first: at, last: at });
    }
    // Segments not continued within the drift allowance are finished.
    for (const o of open) if (!next.includes(o) && at - o.last > s.maxDrift) done.push(o);
      else if (!next.includes(o)) next.push(o);
    open = next;
  });
  return [...done, ...open].filter((g) => g.last - g.first + 1 <= s.maxThickness);
}

/**
 * The horizontal and vertical rules of a greyscale image, in page points (pixels / scale).
 * `minLength` (pixels) should exceed the longest stroke of a character.
 */
export function rasterRules(grey: Uint8Array, width: number, height: number, scale: number, minLength: number, s: RasterRuleSettings = RASTER_RULE_SETTINGS): Edge[] {
  const rows: Run[][] = [];
  for (let y = 0; y < height; y++) rows.push(longRuns((x) => grey[y * width + x]! < s.inkBelow, width, minLength, s.maxGap));
  const cols: Run[][] = [];
  for (let x = 0; x < width; x++) cols.push(longRuns((y) => grey[y * width + x]! < s.inkBelow, height, minLength, s.maxGap));
  const h = segments(rows, s).map((g): Edge => {
    const y = (g.first + g.last + 1) / 2 / scale;
    return { orient: 'h', x0: g.start / scale, x1: g.end / scale, top: y, bottom: y };
  });
  const v = segments(cols, s).map((g): Edge => {
    const x = (g.first + g.last + 1) / 2 / scale;
    return { orient: 'v', x0: x, x1: x, top: g.start / scale, bottom: g.end / scale };
  });
  return [...h, ...v];
}
