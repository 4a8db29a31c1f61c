/**
 * OCR lines → the glyphs the text-layer path produces, so lines, paragraphs and tables are laid
 * out by the same stages. Each character is placed where the recogniser read it; figures are
 * normalised here, and only figures: a token that is mostly digits has its look-alikes
 * (O→0, l/I→1, full-width digits and separators) put right and stray spaces removed.
 */
import type { Glyph } from '../glyphs.js';
import type { OcrLine } from './engine.js';

const WIDE = /[\u2e80-\u9fff\uf900-\ufaff\uff01-\uff5e\u3000-\u303f]/;

/** A token that is a figure misread: digits with at most a third look-alikes. */
const FIGURE_CHARS = /^[-−]?[0-9０-９OoIl|,，.．。:]+%?$/;
const LOOK_ALIKES: Record<string, string> = { O: '0', o: '0', I: '1', l: '1', '|': '1', '，': ',', '．': '.', '。': '.', ':': '.', '−': '-' };

/** The figure a token spells, or null when it is not one. */
export function normaliseFigure(token: string): string | null {
  const t = token.replace(/\s+/g, '');
  if (!FIGURE_CHARS.test(t)) return null;
  const wide = t.replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0));
  const digits = (wide.match(/[0-9]/g) ?? []).length;
  const alike = (wide.match(/[OoIl|]/g) ?? []).length;
  if (digits < 1 || alike * 3 > digits + alike) return null;
  return wide.replace(/[OoIl|，．。:−]/g, (c) => LOOK_ALIKES[c]!);
}

/**
 * Words the recogniser reads with a look-alike: 入 as 人 after a verb that only takes 入 (收入 read
 * 收人), which no report prints as such.
 */
const MISREAD_WORDS: readonly [RegExp, string][] = [[/([收投纳列计转输录引流注购存融])人/g, '$1入']];

/**
 * Corrects what the recogniser is known to misread: look-alike words, and a line beginning with
 * 、 — its 一 (one thin stroke) lost, since nothing else starts a line with 、.
 */
export function correctReading(chars: OcrLine['chars']): OcrLine['chars'] {
  let out = chars;
  if (out[0]?.text === '、') {
    const first = out[0];
    const width = (first.x1 - first.x0) * 2;
    out = [{ text: '一', x0: first.x0 - width, x1: first.x0, confidence: first.confidence }, ...out];
  }
  const text = out.map((c) => c.text).join('');
  let fixed = text;
  for (const [re, to] of MISREAD_WORDS) fixed = fixed.replace(re, to);
  return fixed === text ? out : out.map((c, i) => ({ ...c, text: fixed[i]! }));
}

/** A figure that may be an amount, not a 类/款/项 code or a row number (integers of up to 3 digits). */
const isAmount = (figure: string) => /[.,]/.test(figure) || (figure.match(/\d/g) ?? []).length > 3;

export interface OcrGlyphs {
  glyphs: Glyph[];
  /** Figures with a character read below the confidence threshold, as read. */
  doubtful: string[];
}

/**
 * Places each line's characters on the page (pixels / scale = points). A character spans from
 * the step it was read at to the next one's; CJK characters are as wide as the line is tall,
 * others half that, where a token begins or ends.
 */
export function glyphsOfLines(lines: readonly OcrLine[], scale: number, minConfidence: number): OcrGlyphs {
  const glyphs: Glyph[] = [];
  const doubtful: string[] = [];
  for (const line of lines) {
    const h = line.bottom - line.top;
    // Tokens split at spaces the recogniser read; figures are normalised as a whole.
    const tokens: OcrLine['chars'][] = [[]];
    for (const c of correctReading(line.chars)) {
      if (c.text === ' ') tokens.push([]);
      else tokens[tokens.length - 1]!.push(c);
    }
    for (const token of tokens.filter((t) => t.length > 0)) {
      const text = token.map((c) => c.text).join('');
      const figure = normaliseFigure(text);
      // As PaddleOCR scores a line: the mean over its characters (one step's peak may be low at
      // a character boundary while the reading is sure).
      const mean = token.reduce((sum, c) => sum + c.confidence, 0) / token.length;
      if (figure !== null && isAmount(figure) && mean < minConfidence) doubtful.push(`${text} (${mean.toFixed(2)})`);
      const chars = figure !== null && figure.length === token.length ? token.map((c, i) => ({ ...c, text: figure[i]! })) : token;
      // Characters read together abut (the midpoint between centres); a token's ends take the
      // character's own width, so the gaps between tokens stay what they were.
      const centres = chars.map((c) => (c.x0 + c.x1) / 2);
      const widthOf = (t: string) => (WIDE.test(t) ? h * 0.9 : h * 0.5);
      chars.forEach((c, i) => {
        const left = i > 0 ? (centres[i - 1]! + centres[i]!) / 2 : centres[i]! - widthOf(c.text) / 2;
        const right = i < chars.length - 1 ? (centres[i]! + centres[i + 1]!) / 2 : centres[i]! + widthOf(c.text) / 2;
        glyphs.push({ text: c.text, x0: left / scale, x1: Math.max(left + 1, right) / scale, top: line.top / scale, bottom: line.bottom / scale, size: (h * 0.8) / scale, baseline: line.bottom / scale, upright: true });
      });
    }
  }
  return { glyphs, doubtful };
}
