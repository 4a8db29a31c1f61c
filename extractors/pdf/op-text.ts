/**
 * Glyphs from the operator list, so a page's content stream is parsed once, not twice (pdf.js's
 * getTextContent would parse it again). The text state is followed as pdf.js's own canvas
 * renderer does (display/canvas.js showText): Tm, Td/TD/T*, Tc, Tw, Tz, TL, Ts, Tf and the
 * current matrix; each glyph lands where it is painted, with its Unicode from the font's
 * ToUnicode map. Invisible text (render mode 3, the text layer of OCR'd scans) is kept.
 */
import './natives.js';
import { OPS } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { normalizeText } from '../common/normalize.js';
import { IDENTITY, multiply, type Matrix } from './geometry.js';
import type { Glyph } from './glyphs.js';
import type { OperatorList } from './rules.js';

/** What a font object pdf.js hands over carries that placing glyphs needs. */
export interface FontLike {
  fontMatrix?: number[];
  vertical?: boolean;
}

interface PdfGlyph {
  unicode?: string;
  width?: number;
  isSpace?: boolean;
}

interface TextState {
  ctm: Matrix;
  font: FontLike | null;
  fontSize: number;
  fontDirection: number;
  fontMatrix0: number;
  charSpacing: number;
  wordSpacing: number;
  hScale: number;
  leading: number;
  rise: number;
  textMatrix: Matrix;
  x: number;
  y: number;
  lineX: number;
  lineY: number;
}

const ASCENT = 0.88;
const DESCENT = 0.12;

function initial(): TextState {
  return {
    ctm: IDENTITY, font: null, fontSize: 0, fontDirection: 1, fontMatrix0: 0.001, charSpacing: 0, wordSpacing: 0,
    hScale: 1, leading: 0, rise: 0, textMatrix: IDENTITY, x: 0, y: 0, lineX: 0, lineY: 0,
  };
}

/** A glyph's box from its origin, advance and "up" vectors in viewport space. */
function placed(text: string, ox: number, oy: number, ax: number, ay: number, ux: number, uy: number): Glyph {
  const size = Math.hypot(ux, uy);
  // The box's corners: the baseline's ends moved down by the descent and up by the ascent.
  const bx = ox - ux * DESCENT;
  const by = oy - uy * DESCENT;
  const tx = ox + ux * ASCENT;
  const ty = oy + uy * ASCENT;
  const x0 = Math.min(bx, bx + ax, tx, tx + ax);
  const x1 = Math.max(bx, bx + ax, tx, tx + ax);
  const top = Math.min(by, by + ay, ty, ty + ay);
  const bottom = Math.max(by, by + ay, ty, ty + ay);
  const len = Math.hypot(ax, ay);
  const upright = len > 0 ? Math.abs(ay / len) < 0.05 && ax > 0 : Math.abs(ux) < 0.05 * size;
  return { x0, x1, top, bottom, text, size, baseline: upright ? oy : bottom - DESCENT * size, upright };
}

/**
 * The characters a font glyph prints, normalised, spaces as ' '. Memoised by Unicode string: a
 * page repeats a few hundred distinct characters thousands of times.
 */
const charsOfUnicode = new Map<string, readonly string[]>();
const MAX_MEMOISED = 50_000;

function charsOf(unicode: string): readonly string[] {
  let chars = charsOfUnicode.get(unicode);
  if (chars === undefined) {
    chars = Array.from(normalizeText(unicode), (ch) => (ch.trim() === '' ? ' ' : ch));
    if (charsOfUnicode.size >= MAX_MEMOISED) charsOfUnicode.clear();
    charsOfUnicode.set(unicode, chars);
  }
  return chars;
}

const SPACE: readonly string[] = [' '];

function showText(st: TextState, glyphs: readonly (PdfGlyph | number)[], viewport: Matrix, out: Glyph[]): void {
  if (!st.font || st.fontSize === 0) return;
  const m = multiply(viewport, multiply(st.ctm, st.textMatrix));
  const vertical = st.font.vertical === true;
  const advanceScale = st.fontSize * st.fontMatrix0;
  const hs = st.hScale * st.fontDirection;
  // "Up" in text space is (0, fontSize); in viewport space:
  const ux = m[2] * st.fontSize;
  const uy = m[3] * st.fontSize;
  let x = 0;
  for (const g of glyphs) {
    if (typeof g === 'number') {
      x += ((vertical ? 1 : -1) * g * st.fontSize) / 1000;
      continue;
    }
    const spacing = (g.isSpace ? st.wordSpacing : 0) + st.charSpacing;
    const width = g.width ?? 0;
    const charWidth = vertical ? width * advanceScale - spacing * st.fontDirection : width * advanceScale + spacing * st.fontDirection;
    // Origin and advance in text space, then through Tm, CTM and the viewport.
    const tx = vertical ? st.x : st.x + x * hs;
    const ty = vertical ? st.y - x : st.y + st.rise;
    const ox = m[0] * tx + m[2] * ty + m[4];
    const oy = m[1] * tx + m[3] * ty + m[5];
    const advX = vertical ? -m[2] * width * advanceScale : m[0] * width * advanceScale * hs;
    const advY = vertical ? -m[3] * width * advanceScale : m[1] * width * advanceScale * hs;
    let chars = charsOf(g.unicode ?? '');
    if (chars.length === 0 && g.isSpace) chars = SPACE;
    const share = 1 / chars.length;
    for (let i = 0; i < chars.length; i++) {
      out.push(placed(chars[i]!, ox + advX * share * i, oy + advY * share * i, advX * share, advY * share, ux, uy));
    }
    x += charWidth;
  }
  if (vertical) st.y -= x;
  else st.x += x * hs;
}

/** The glyphs a page paints, in viewport space; `fontOf` resolves a font by its loaded name. */
export function glyphsOfOperatorList(ops: OperatorList, viewport: Matrix, fontOf: (name: string) => FontLike | null): Glyph[] {
  const out: Glyph[] = [];
  const stack: TextState[] = [];
  let st = initial();
  const { fnArray, argsArray } = ops;
  for (let i = 0; i < fnArray.length; i++) {
    const args = argsArray[i] as unknown[];
    switch (fnArray[i]) {
      case OPS.save:
        stack.push({ ...st });
        break;
      case OPS.restore:
        st = stack.pop() ?? st;
        break;
      case OPS.transform:
        st.ctm = multiply(st.ctm, args as unknown as Matrix);
        break;
      case OPS.paintFormXObjectBegin: {
        stack.push({ ...st });
        const matrix = args[0] as Matrix | null;
        if (matrix) st.ctm = multiply(st.ctm, matrix);
        break;
      }
      case OPS.paintFormXObjectEnd:
        st = stack.pop() ?? st;
        break;
      case OPS.beginText:
        st.textMatrix = IDENTITY;
        st.x = st.lineX = 0;
        st.y = st.lineY = 0;
        break;
      case OPS.setFont: {
        const font = fontOf(args[0] as string);
        let size = args[1] as number;
        st.fontDirection = size < 0 ? -1 : 1;
        if (size < 0) size = -size;
        st.font = font;
        st.fontSize = size;
        st.fontMatrix0 = font?.fontMatrix?.[0] || 0.001;
        break;
      }
      case OPS.setTextMatrix: {
        const matrix = (Array.isArray(args[0]) || ArrayBuffer.isView(args[0]) ? args[0] : args) as unknown as Matrix;
        st.textMatrix = [matrix[0], matrix[1], matrix[2], matrix[3], matrix[4], matrix[5]];
        st.x = st.lineX = 0;
        st.y = st.lineY = 0;
        break;
      }
      case OPS.moveText:
        st.x = st.lineX += args[0] as number;
        st.y = st.lineY += args[1] as number;
        break;
      case OPS.setLeadingMoveText:
        st.leading = args[1] as number;
        st.x = st.lineX += args[0] as number;
        st.y = st.lineY += args[1] as number;
        break;
      case OPS.nextLine:
        st.x = st.lineX;
        st.y = st.lineY += st.leading;
        break;
      case OPS.setLeading:
        st.leading = -(args[0] as number);
        break;
      case OPS.setCharSpacing:
        st.charSpacing = args[0] as number;
        break;
      case OPS.setWordSpacing:
        st.wordSpacing = args[0] as number;
        break;
      case OPS.setHScale:
        st.hScale = (args[0] as number) / 100;
        break;
      case OPS.setTextRise:
        st.rise = args[0] as number;
        break;
      case OPS.showText:
      case OPS.showSpacedText:
        showText(st, (args[0] ?? []) as (PdfGlyph | number)[], viewport, out);
        break;
      case OPS.nextLineShowText:
        st.x = st.lineX;
        st.y = st.lineY += st.leading;
        showText(st, (args[0] ?? []) as (PdfGlyph | number)[], viewport, out);
        break;
      case OPS.nextLineSetSpacingShowText:
        st.wordSpacing = args[0] as number;
        st.charSpacing = args[1] as number;
        st.x = st.lineX;
        st.y = st.lineY += st.leading;
        showText(st, (args[2] ?? []) as (PdfGlyph | number)[], viewport, out);
        break;
      default:
        break;
    }
  }
  return out;
}
