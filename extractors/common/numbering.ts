/**
 * Heading numbering of Chinese official documents: 第一部分, 一、, （一）, 1. / 1、, （1）, ①.
 * GB/T 9704 fixes their order; publishers drop or swap brackets, so the patterns are lenient.
 */
import type { NumberingStyle } from '../../schemas/document.js';

const CN_NUM = '[一二三四五六七八九十百零〇]+';

const PATTERNS: ReadonlyArray<readonly [NumberingStyle, RegExp]> = [
  ['chapter', new RegExp(`^第${CN_NUM}(?:部分|章|篇)\\s*`)],
  ['cn_paren', new RegExp(`^[（(]?${CN_NUM}[）)]\\s*`)],
  ['cn', new RegExp(`^${CN_NUM}\\s*[、.．]\\s*`)],
  ['arabic_paren', /^(?:[（(]\s*\d{1,2}\s*[）)]|\d{1,2}[）)])\s*/],
  // "2.2024年…" is numbering 2. followed by a year; "2.5万元" is a number.
  ['arabic', /^\d{1,2}(?:、|[.．](?!\d)|[.．](?=\d{4}\s*年))\s*/],
  ['circled', /^[①-⑳]\s*/],
  ['bullet', /^[•●▪■◆◇○·]\s*/],
];

export interface Numbered {
  numbering: string;
  style: NumberingStyle;
  rest: string;
}

/** Splits a leading heading number off a line, or returns null when the line has none. */
export function parseNumbering(line: string): Numbered | null {
  const text = line.trim();
  for (const [style, pattern] of PATTERNS) {
    const m = pattern.exec(text);
    if (m && m[0].length < text.length) {
      return { numbering: m[0].trim(), style, rest: text.slice(m[0].length).trim() };
    }
  }
  return null;
}

/** Longest heading text (without numbering) we accept; longer numbered lines are run-in paragraphs. */
const MAX_HEADING_CHARS = 40;
const MAX_STOPPED_HEADING_CHARS = 20;
const MAX_CLAUSE_HEADING_CHARS = 12;
const MAX_AFTER_COLON = 6;

/**
 * A numbered line is a heading when it is short and reads as a title, not as a sentence:
 * "（一）部门概况：" is a heading, "（1）预算支出细目科目编制不够规范，…。" is a list paragraph.
 */
export function numberedHeading(line: string): Numbered | null {
  const n = parseNumbering(line);
  if (!n) return null;
  const rest = n.rest;
  if (rest.length === 0 || rest.length > MAX_HEADING_CHARS) return null;
  const sentenceStop = rest.search(/[。；;！？!?]/);
  if (sentenceStop >= 0 && sentenceStop < rest.length - 1) return null;
  if (/[；;]$/.test(rest) || (/[，,]$/.test(rest) && rest.length > MAX_CLAUSE_HEADING_CHARS)) return null;
  // A full stop ends short headings ("1. 部门职能。") but mostly ends list sentences.
  if (/。$/.test(rest) && (rest.length > MAX_STOPPED_HEADING_CHARS || n.style === 'bullet')) return null;
  // "科技创新项目支撑绩效目标：加强高新技术企业认定…" is a run-in heading inside a paragraph.
  const colon = rest.search(/[:：]/);
  if (colon >= 0 && rest.length - colon - 1 > MAX_AFTER_COLON) return null;
  return n;
}

/** Canonical order of numbering styles, outermost first; bullets stand for a lost 一、. */
const STYLE_RANK: Record<NumberingStyle, number> = {
  chapter: 0,
  cn: 1,
  bullet: 1,
  cn_paren: 2,
  arabic: 3,
  arabic_paren: 4,
  circled: 5,
};

/**
 * Heading levels for the numbering styles a document uses: level 1 is the title, the
 * outermost style present is level 2 and so on, so a report without 第一部分 starts at 一、=2.
 */
export function levelsForStyles(used: Iterable<NumberingStyle>): (style: NumberingStyle) => number {
  const ranks = [...new Set([...used].map((s) => STYLE_RANK[s]))].sort((a, b) => a - b);
  return (style) => {
    const i = ranks.indexOf(STYLE_RANK[style]);
    return Math.min(7, 2 + (i >= 0 ? i : ranks.length));
  };
}
