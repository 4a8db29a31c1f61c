/**
 * Text items → glyphs. A pdf.js text item is not a word: it can be one character, a run that
 * crosses a cell border, or a space of zero height. Each item is cut into characters placed by
 * their share of the item's advance, so every character can later be assigned to the cell that
 * contains its centre.
 */
import type { TextItem } from 'pdfjs-dist/types/src/display/api.js';
import { normalizeText } from '../common/normalize.js';
import { multiply, type Box, type Matrix } from './geometry.js';

export interface Glyph extends Box {
  /** One character (after code point normalisation); ' ' for any printed space. */
  text: string;
  /** Font size in points. */
  size: number;
  /** The baseline's y; for text not written left to right, the y the character sits on. */
  baseline: number;
  /** True for text written along the page's x axis (not rotated or vertical). */
  upright: boolean;
}

const WIDE = /[\u1100-\u11ff\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/;

/** Estimated advance of a character in ems: full width for CJK and full-width forms. */
function emWidth(ch: string): number {
  if (WIDE.test(ch)) return 1;
  if (ch === ' ') return 0.28;
  return /[ilI.,:;'|!]/.test(ch) ? 0.3 : 0.55;
}

// The share of the em box above the baseline, for CJK fonts' usual -0.12…0.88 design.
const ASCENT = 0.88;
const DESCENT = 0.12;

/** The glyphs of one text item, in viewport space. */
export function glyphsOfItem(item: TextItem, viewport: Matrix): Glyph[] {
  const chars = Array.from(normalizeText(item.str));
  if (chars.length === 0) return [];
  const m = multiply(viewport, item.transform as unknown as Matrix);
  const size = Math.hypot(m[2], m[3]) || Math.hypot(m[0], m[1]);
  if (!(size > 0)) return [];
  const scale = Math.hypot(m[0], m[1]) || size;
  const dx = m[0] / scale;
  const dy = m[1] / scale;
  const upright = Math.abs(dy) < 0.05 && dx > 0;
  const ems = chars.map(emWidth);
  const totalEms = ems.reduce((a, b) => a + b, 0);
  // item.width is the advance in user space; with a scale-1 viewport that is points.
  const advance = item.width > 0 ? item.width : totalEms * size;
  const glyphs: Glyph[] = [];
  let at = 0;
  chars.forEach((ch, i) => {
    const w = (advance * ems[i]!) / totalEms;
    const start = at;
    at += w;
    // Origin of this character on the baseline, then its box: along the writing direction and
    // "up" from the baseline (up is (dy, -dx) with y growing downwards).
    const ox = m[4] + dx * start;
    const oy = m[5] + dy * start;
    const corners: [number, number][] = [
      [ox - dy * DESCENT * size, oy + dx * DESCENT * size],
      [ox + dx * w - dy * DESCENT * size, oy + dy * w + dx * DESCENT * size],
      [ox + dy * ASCENT * size, oy - dx * ASCENT * size],
      [ox + dx * w + dy * ASCENT * size, oy + dy * w - dx * ASCENT * size],
    ];
    const xs = corners.map((c) => c[0]);
    const ys = corners.map((c) => c[1]);
    const box = { x0: Math.min(...xs), x1: Math.max(...xs), top: Math.min(...ys), bottom: Math.max(...ys) };
    const text = ch.trim() === '' ? ' ' : ch;
    glyphs.push({ ...box, text, size, baseline: upright ? oy : box.bottom - DESCENT * size, upright });
  });
  return glyphs;
}

export function glyphsOfPage(items: readonly unknown[], viewport: Matrix): Glyph[] {
  const out: Glyph[] = [];
  for (const item of items) {
    if (typeof item === 'object' && item !== null && 'str' in item) out.push(...glyphsOfItem(item as TextItem, viewport));
  }
  return out;
}
