/**
 * Character-level clean-up shared by every extractor.
 *
 * Publishers' fonts and converters leave code points that look right but do not match:
 * Kangxi radicals (⾦ U+2FA6) and CJK radical supplements (⻔ U+2ED4) instead of the unified
 * ideographs, compatibility ideographs, no-break and ideographic spaces, zero-width marks.
 * Full-width punctuation is kept: it is how Chinese prose is printed.
 */

const ZERO_WIDTH = /[\u200b-\u200d\u2060\ufeff\u00ad]/g;
// Control characters (broken font encodings map glyphs to them); tab and line breaks are kept.
const CONTROLS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;
const ODD_SPACES = /[\u00a0\u2000-\u200a\u202f\u205f\u3000]/g;
// Kangxi radicals, CJK radicals supplement, CJK compatibility ideographs (+ supplement).
const COMPAT_IDEOGRAPHS = /[\u2e80-\u2eff\u2f00-\u2fdf\uf900-\ufaff]|\ud87e[\udc00-\ude1f]/g;

/** Radicals supplement entries without a compatibility decomposition, mapped by hand. */
const RADICAL_SUPPLEMENT: Record<string, string> = {
  '⻔': '门', '⻓': '长', '⻢': '马', '⻋': '车', '⻉': '贝', '⻅': '见', '⻆': '角', '⻛': '风',
  '⻜': '飞', '⻝': '食', '⻘': '青', '⻚': '页', '⻬': '齐', '⻰': '龙', '⻳': '龟', '⻩': '黄',
  '⻄': '西', '⻨': '麦', '⻦': '鸟', '⻥': '鱼', '⻤': '鬼', '⻣': '骨', '⻑': '長', '⻌': '辶',
  '⺠': '民', '⺟': '母', '⺇': '几', '⺌': '小', '⺕': '彐', '⺡': '氵', '⺮': '竹',
  '⺻': '聿', '⻁': '虎', '⻈': '讠', '⻊': '足', '⻏': '阝', '⻖': '阝', '⻒': '镸', '⻗': '雨',
};

function unifyIdeograph(ch: string): string {
  const mapped = RADICAL_SUPPLEMENT[ch];
  if (mapped) return mapped;
  const nfkc = ch.normalize('NFKC');
  return nfkc.length > 0 ? nfkc : ch;
}

/** Normalises odd code points; keeps line breaks and the text's own punctuation. */
export function normalizeText(text: string): string {
  return text
    .replace(ZERO_WIDTH, '')
    .replace(CONTROLS, '')
    .replace(ODD_SPACES, ' ')
    .replace(COMPAT_IDEOGRAPHS, unifyIdeograph)
    .replace(/\r\n?/g, '\n');
}

/** Collapses runs of whitespace to one space and trims; for text within one line or cell. */
export function squashSpaces(text: string): string {
  return text.replace(/[ \t\f\v]+/g, ' ').trim();
}

const CJK = '\\u3400-\\u9fff\\uf900-\\ufaff';
const BETWEEN_CJK = new RegExp(`(?<=[${CJK}]) +(?=[${CJK}])`, 'g');

/**
 * Removes spaces printed between CJK characters to pad or letter-space them ("王 平", "局 长",
 * "部 门 预 算"). Spaces next to Latin letters or digits are kept.
 */
export function joinLetterSpacedCjk(text: string): string {
  return text.replace(BETWEEN_CJK, '');
}

/** Full-width digits, signs and separators to ASCII, for text that carries a number. */
export function asciiDigits(text: string): string {
  return text.replace(/[\uff10-\uff19\uff0b\uff0d\uff0e\uff05]/g, (c) =>
    String.fromCharCode(c.charCodeAt(0) - 0xfee0),
  );
}

const CJK_SIDE = '\\u3000-\\u303f\\u3400-\\u9fff\\uf900-\\ufaff\\uff01-\\uff5e';
const CJK_THEN_ASCII = new RegExp(`(?<=[${CJK_SIDE}]) +(?=[A-Za-z0-9(])`, 'g');
const ASCII_THEN_CJK = new RegExp(`(?<=[A-Za-z0-9%)]) +(?=[${CJK_SIDE}])`, 'g');

/**
 * Removes spaces between Chinese and Latin letters or digits ("2024 年" → "2024年"). Word and
 * WPS insert that gap as typography (autospacing) and converters turn it into a space or not at
 * random, so it carries no meaning; dropping it everywhere makes every format read alike.
 */
export function tightenCjkSpacing(text: string): string {
  return text.replace(CJK_THEN_ASCII, '').replace(ASCII_THEN_CJK, '');
}

const SPACED_OUT = new RegExp(`(?<![${CJK}] ?)[${CJK}](?: [${CJK}])+(?! ?[${CJK}])`, 'g');

/**
 * Joins text spaced out one character at a time (部 门 预 算, 王 平, 合 计) and leaves words
 * that are separated by spaces alone (张三 李四 王五: each a word of its own).
 */
export function joinLetterSpacing(text: string): string {
  return text.replace(SPACED_OUT, (run) => run.replace(/ /g, ''));
}
