/**
 * Glyphs → lines → segments. A line is the glyphs sharing a baseline, left to right; a segment
 * is a run of a line without a wide gap (a cell of an unruled table, or the whole line of prose).
 */
import { joinLetterSpacing } from '../common/normalize.js';
import { median, union, type Box } from './geometry.js';
import type { Glyph } from './glyphs.js';

export interface LineSettings {
  /** Baselines closer than this many ems are one line. */
  baselineTolerance: number;
  /** A gap wider than this many ems is printed as a space. */
  spaceGap: number;
  /** A gap wider than this many ems splits a line into segments. */
  segmentGap: number;
  /** The same character within this many ems of itself was drawn twice (faux bold): kept once. */
  overprintTolerance: number;
}

export const LINE_SETTINGS: LineSettings = {
  baselineTolerance: 0.3,
  spaceGap: 0.25,
  segmentGap: 1.5,
  overprintTolerance: 0.3,
};

export interface Segment extends Box {
  text: string;
  glyphs: Glyph[];
}

export interface TextLine extends Box {
  text: string;
  size: number;
  baseline: number;
  segments: Segment[];
  /** Width of the unbreakable run the line opens with (a Latin word or figure, else one character). */
  leadWidth: number;
}

/** Clusters glyphs by baseline, in reading order (top to bottom). */
export function clusterBaselines(glyphs: readonly Glyph[], settings: LineSettings = LINE_SETTINGS): Glyph[][] {
  const sorted = [...glyphs].sort((a, b) => a.baseline - b.baseline || a.x0 - b.x0);
  const lines: Glyph[][] = [];
  let current: Glyph[] = [];
  let anchor = 0;
  for (const g of sorted) {
    if (current.length > 0 && g.baseline - anchor <= Math.max(1, settings.baselineTolerance * g.size)) {
      current.push(g);
      continue;
    }
    if (current.length) lines.push(current);
    current = [g];
    anchor = g.baseline;
  }
  if (current.length) lines.push(current);
  return lines;
}

/** Drops a glyph drawn again on top of itself (faux bold, shadowed text). */
export function dropOverprint(sortedByX: readonly Glyph[], settings: LineSettings = LINE_SETTINGS): Glyph[] {
  const kept: Glyph[] = [];
  for (const g of sortedByX) {
    // Relative to the glyph's own width: condensed figures (Tz 50) stand closer than a faux-bold offset of a wide one.
    const tol = settings.overprintTolerance * Math.min(g.size, Math.max(g.x1 - g.x0, 0.1));
    let duplicate = false;
    for (let k = kept.length - 1; k >= 0 && k >= kept.length - 3; k--) {
      const p = kept[k]!;
      if (p.text === g.text && Math.abs(p.x0 - g.x0) <= tol && Math.abs(p.baseline - g.baseline) <= tol) {
        duplicate = true;
        break;
      }
    }
    if (!duplicate) kept.push(g);
  }
  return kept;
}

/** The text of glyphs left to right, a space where the gap is wide, letter-spacing removed. */
export function textOfRun(glyphs: readonly Glyph[], settings: LineSettings = LINE_SETTINGS): string {
  let text = '';
  let prev: Glyph | null = null;
  let spaced = false;
  for (const g of glyphs) {
    if (g.text === ' ') {
      spaced = prev !== null;
      continue;
    }
    if (prev && (spaced || g.x0 - prev.x1 > settings.spaceGap * Math.min(g.size, prev.size))) text += ' ';
    text += g.text;
    prev = g;
    spaced = false;
  }
  return joinLetterSpacing(text);
}

export const isSpace = (g: Glyph) => g.text === ' ';

/** Splits a line at wide gaps; spaces only carry text, they neither bridge nor open a gap. */
function segmentsOf(glyphs: readonly Glyph[], settings: LineSettings): Segment[] {
  const segments: Glyph[][] = [];
  let current: Glyph[] = [];
  let prev: Glyph | null = null;
  for (const g of glyphs) {
    if (isSpace(g)) {
      if (prev) current.push(g);
      continue;
    }
    if (prev && g.x0 - prev.x1 > settings.segmentGap * Math.min(g.size, prev.size)) {
      segments.push(current);
      current = [];
    }
    current.push(g);
    prev = g;
  }
  if (current.length) segments.push(current);
  return segments.map((gs) => {
    const ink = gs.filter((g) => !isSpace(g));
    return { ...union(ink), text: textOfRun(gs, settings), glyphs: ink };
  });
}

/**
 * A title letter-spaced across the page (部　　门　　预　　算) splits into one-character
 * segments at even gaps; it is one segment.
 */
function joinLetterSpacedSegments(segments: Segment[]): Segment[] {
  if (segments.length < 3 || !segments.every((s) => s.glyphs.length === 1 && /[\u3400-\u9fff]/.test(s.text))) return segments;
  const gaps = segments.slice(1).map((s, i) => s.x0 - segments[i]!.x1);
  const mid = median(gaps);
  if (!gaps.every((g) => Math.abs(g - mid) <= Math.max(2, mid * 0.25))) return segments;
  const glyphs = segments.flatMap((s) => s.glyphs);
  return [{ ...union(glyphs), text: glyphs.map((g) => g.text).join(''), glyphs }];
}

/**
 * Width of the unbreakable run glyphs open with: a Latin word or figure, else one character,
 * with any opening bracket before it and closing punctuation after it (neither is ever left
 * alone at a line's edge). Paragraph flow asks whether it would have fitted on the line above.
 */
export function leadingRunWidth(glyphs: readonly Glyph[]): number {
  const first = glyphs[0];
  if (!first) return 0;
  let end = 0;
  while (end + 1 < glyphs.length && /[（(《“‘〔【\[]/.test(glyphs[end]!.text)) end++;
  if (/[A-Za-z0-9]/.test(glyphs[end]!.text)) {
    while (end + 1 < glyphs.length && /[A-Za-z0-9.,%\-]/.test(glyphs[end + 1]!.text)) end++;
  }
  while (end + 1 < glyphs.length && /[，。；：、）)》”’」』】〕！？%,.;:]/.test(glyphs[end + 1]!.text)) end++;
  return glyphs[end]!.x1 - first.x0;
}

/** Builds a line from glyphs sharing a baseline; at least one must not be a space. */
export function buildLine(glyphs: readonly Glyph[], settings: LineSettings = LINE_SETTINGS): TextLine {
  const all = dropOverprint([...glyphs].sort((a, b) => a.x0 - b.x0), settings);
  const ordered = all.filter((g) => !isSpace(g));
  const segments = joinLetterSpacedSegments(segmentsOf(all, settings));
  return {
    ...union(ordered),
    // A tab between runs: the shared layout keeps it as a space where it would drop a plain
    // space between Chinese and a figure (a column gap is not autospacing).
    text: segments.map((s) => s.text).join('\t'),
    size: median(ordered.map((g) => g.size)),
    baseline: median(ordered.map((g) => g.baseline)),
    segments,
    leadWidth: leadingRunWidth(segments[0]?.glyphs ?? []),
  };
}

export function linesOf(glyphs: readonly Glyph[], settings: LineSettings = LINE_SETTINGS): TextLine[] {
  return clusterBaselines(glyphs, settings)
    .filter((gs) => gs.some((g) => !isSpace(g)))
    .map((gs) => buildLine(gs, settings));
}
