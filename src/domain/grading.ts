/**
 * The overall score, the grade, and the grade bands a report states ("得分 ≥ 85 分为优秀；
 * 75 ≤ 得分 < 85 分为良好；…"). Bands differ by locality, so the report's own bands are used
 * when it prints them.
 */
import type { Block } from '../../schemas/document.js';
import type { GradeBandRow } from '../../schemas/records.js';
import { asciiDigits } from '../../extractors/common/normalize.js';
import type { FactDraft } from './narrative.js';

export type GradeBand = Omit<GradeBandRow, 'doc_id'>;

const GRADE = '优秀|良好|合格|不合格|一般|较差|优|良|中|差';

/** 优秀 and 优 are one grade, as are 良好/良, 一般/中/合格, 较差/差/不合格. */
export function gradeRank(grade: string): number | null {
  if (/^优/.test(grade)) return 0;
  if (/^良/.test(grade)) return 1;
  if (/^(?:一般|中|合格)$/.test(grade)) return 2;
  if (/^(?:较差|差|不合格)$/.test(grade)) return 3;
  return null;
}

/** The bands most provinces use when a report does not print its own. */
export const DEFAULT_BANDS: GradeBand[] = [
  { grade: '优', min_score: 90, min_inclusive: 1, max_score: null, max_inclusive: 0, raw: '≥90 (default)' },
  { grade: '良', min_score: 80, min_inclusive: 1, max_score: 90, max_inclusive: 0, raw: '80–90 (default)' },
  { grade: '中', min_score: 60, min_inclusive: 1, max_score: 80, max_inclusive: 0, raw: '60–80 (default)' },
  { grade: '差', min_score: null, min_inclusive: 0, max_score: 60, max_inclusive: 0, raw: '<60 (default)' },
];

function textBlocks(blocks: Block[]): { text: string; page: number | null; conclusion: boolean }[] {
  let conclusion = false;
  const out: { text: string; page: number | null; conclusion: boolean }[] = [];
  for (const b of blocks) {
    if (b.type === 'heading') conclusion = /评价结论|评价等级|评价结果|自评结论/.test(b.text);
    if (b.type === 'table') continue;
    out.push({ text: asciiDigits(b.text), page: b.prov.page ?? null, conclusion });
  }
  // The conclusion section speaks first; the rest of the report is the fallback.
  return [...out.filter((p) => p.conclusion), ...out.filter((p) => !p.conclusion)];
}

const SCORE = /(总体得分|总得分|综合得分|评价得分|自评得分|综合评分|总分|得分)\s*(?:为|是|达到|共)?\s*(\d+(?:\.\d+)?)\s*分/g;
const GRADE_PATTERNS = [
  new RegExp(`(?:评价等级|绩效等级|等级|等次|级次|评价结果)\\s*(?:为|是|评定为|确定为|属于)\\s*[“"]?(${GRADE})(?![级])`),
  new RegExp(`(?:为|评为|达到)\\s*[“"]?(${GRADE})[”"]?\\s*(?:等次|等级|档次)`),
];

export function scoreAndGrade(blocks: Block[]): FactDraft[] {
  const facts: FactDraft[] = [];
  const paragraphs = textBlocks(blocks);
  for (const p of paragraphs) {
    for (const m of p.text.matchAll(SCORE)) {
      const before = p.text.slice(Math.max(0, m.index! - 3), m.index!);
      if (/满分|[≥≤<>]\s*$/.test(before)) continue;
      facts.push({ key: 'overall_score', basis: null, subject: null, value_num: Number(m[2]), value_text: null, unit: '分', raw: m[0], source: 'narrative', page: p.page });
      break;
    }
    if (facts.length > 0) break;
  }
  for (const p of paragraphs) {
    const m = GRADE_PATTERNS.map((re) => re.exec(p.text)).find((x) => x !== null);
    if (!m) continue;
    facts.push({ key: 'grade', basis: null, subject: null, value_num: null, value_text: m[1]!, unit: null, raw: m[0], source: 'narrative', page: p.page });
    break;
  }
  return facts;
}

const SCORE_WORD = '(?:得分|分数|总分|评分|综合得分)';

/** One clause such as "75 ≤ 得分 < 85 分为良好" or "80（含）-90分为良好" as a band. */
export function parseBand(clause: string): GradeBand | null {
  const text = asciiDigits(clause).replace(/\s+/g, '');
  const gradeMatch = new RegExp(`(?:为|是|评为|属于|定为)[“"]?(${GRADE})[”"]?(?:等次|等级)?$`).exec(text.replace(/[。；;，,]+$/, ''));
  if (!gradeMatch) return null;
  const band: GradeBand = { grade: gradeMatch[1]!, min_score: null, min_inclusive: 0, max_score: null, max_inclusive: 0, raw: clause.trim() };
  const body = text.slice(0, gradeMatch.index);
  const lower = new RegExp(`(\\d+(?:\\.\\d+)?)分?(≤|<|＜|≦)${SCORE_WORD}`).exec(body);
  if (lower) Object.assign(band, { min_score: Number(lower[1]), min_inclusive: lower[2] === '<' || lower[2] === '＜' ? 0 : 1 });
  for (const m of body.matchAll(new RegExp(`${SCORE_WORD}(≥|>=|>|＞|≤|<=|<|＜|≦|≧)(\\d+(?:\\.\\d+)?)`, 'g'))) {
    const op = m[1]!;
    const value = Number(m[2]);
    if (/[≥>＞≧]/.test(op)) Object.assign(band, { min_score: value, min_inclusive: /[≥=≧]/.test(op) ? 1 : 0 });
    else Object.assign(band, { max_score: value, max_inclusive: /[≤=≦]/.test(op) ? 1 : 0 });
  }
  const range = /(\d+(?:\.\d+)?)分?(?:[(（]含[)）])?[-—～~至到](\d+(?:\.\d+)?)分?(?:[(（]含[)）])?/.exec(body);
  if (range && band.min_score === null && band.max_score === null) {
    Object.assign(band, { min_score: Number(range[1]), min_inclusive: 1, max_score: Number(range[2]), max_inclusive: /含[)）]?$/.test(range[0]) ? 1 : 0 });
  }
  const above = /(\d+(?:\.\d+)?)分?(?:[(（]含[)）])?(?:及)?以上/.exec(body);
  if (above && band.min_score === null) Object.assign(band, { min_score: Number(above[1]), min_inclusive: 1 });
  const below = /(\d+(?:\.\d+)?)分?(?:[(（]含[)）])?以下/.exec(body);
  if (below && band.max_score === null) Object.assign(band, { max_score: Number(below[1]), max_inclusive: /含/.test(below[0]) ? 1 : 0 });
  return band.min_score === null && band.max_score === null ? null : band;
}

/** The bands of the first passage that states at least two of them. */
export function gradeBands(blocks: Block[]): GradeBand[] {
  for (const b of blocks) {
    if (b.type === 'table') continue;
    const clauses = b.text.split(/[；;。]|(?<=等级)[:：]|(?<=等次)[:：]/);
    const bands = clauses.map(parseBand).filter((x): x is GradeBand => x !== null);
    if (bands.length >= 2) return bands;
  }
  return [];
}

export function inBand(score: number, band: GradeBand): boolean {
  const aboveMin = band.min_score === null || (band.min_inclusive ? score >= band.min_score : score > band.min_score);
  const belowMax = band.max_score === null || (band.max_inclusive ? score <= band.max_score : score < band.max_score);
  return aboveMin && belowMax;
}

export function bandOf(score: number, bands: GradeBand[]): GradeBand | null {
  return bands.find((b) => inBand(score, b)) ?? null;
}
