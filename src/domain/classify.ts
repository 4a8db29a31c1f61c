import type { DocumentModel } from '../../schemas/document.js';
/**
 * The family of a document, from its title first and its opening text second. Titles vary by
 * province and year, so the rules look for the words every variant keeps.
 */
import type { Family } from '../../schemas/records.js';

interface Rule {
  family: Family;
  pattern: RegExp;
}

/** In order: the first rule whose pattern matches the title wins. */
const TITLE_RULES: Rule[] = [
  { family: 'perf_self_eval', pattern: /整体支出绩效(?:自评|自我评价|评价)|整体绩效自评|部门绩效自评|绩效自评报告|自评报告/ },
  { family: 'project_self_eval', pattern: /项目支出绩效自评表|项目绩效自评表/ },
  { family: 'perf_goals', pattern: /绩效目标(?:申报)?表|绩效目标公开/ },
  // A government's own budget and its execution (全市一般公共预算支出执行情况表), not a department's.
  // … and its debt (地方政府债务限额及余额情况表, 一般债务余额情况表, 政府债券发行及还本付息情况表) and
  // the tables whose rows are regions (分地区).
  { family: 'gov_report', pattern: /预算(?:收入|支出)?执行情况|预算草案|预算调整方案|总决算|政府决算|财政决算|政府预算|全(?:省|市|区|县|州)[^部门单位]{0,12}(?:预算|决算)|本级预算|决算草案|政府(?:一般|专项)?债务|(?:一般|专项)债务(?:余额|限额)|债务限额|政府债券|分地区|地方财政预算|财政预算执行|社会保险基金(?:预算)?(?:收入|支出|收支)|(?:省|市|州|县|区|盟|旗)(?:本级)?(?:一般公共预算|政府性基金(?:预算)?|国有资本经营(?:预算)?)收入/ },
  // A year or 部门/单位 next to the word: "预算/决算" alone names a portal column, not a report.
  { family: 'final_account', pattern: /(?:(?:19|20)\d{2}|部门|单位)[^/／]{0,20}决算|决算[^/／]{0,6}(?:公开|说明|报告|表)/ },
  { family: 'budget', pattern: /(?:(?:19|20)\d{2}|部门|单位)[^/／]{0,20}预算|预算[^/／]{0,6}(?:公开|说明|报告|表)/ },
];

/** Phrases in the body that mark a family when the title says nothing. */
const BODY_RULES: Rule[] = [
  { family: 'perf_self_eval', pattern: /整体支出绩效|绩效自评|自评工作开展情况/g },
  { family: 'final_account', pattern: /部门决算|单位决算|收入支出决算总表/g },
  { family: 'budget', pattern: /部门预算|单位预算|收支预算总表|部门收支总表/g },
  { family: 'gov_report', pattern: /预算执行情况|预算草案/g },
];

const BODY_CHARS = 4000;
const MIN_BODY_HITS = 2;

/**
 * A portal's column page: a list of notice titles, each with its date ("…2026年度部门预算情况说明
 * 2026-03-02"). It links reports; it is none.
 */
export function isListingPage(lines: readonly string[]): boolean {
  const dated = lines.filter((l) => /(?:19|20)\d{2}[-/.年]\d{1,2}[-/.月]\d{1,2}日?[)）]?\s*$/.test(l.trim()) && l.length <= 80);
  return dated.length >= 3 && dated.length * 2 >= lines.length;
}

/** Body text shorter than this, beside a link to a file, is a notice announcing the file. */
const NOTICE_BODY_CHARS = 300;

/**
 * A portal notice titled like a report whose body only announces its attachments (附件：….pdf):
 * the report is the attachment; the page is a notice.
 */
export function isAttachmentNotice(model: Pick<DocumentModel, 'format' | 'notice' | 'blocks'>): boolean {
  if (model.format !== 'html' || model.blocks.some((b) => b.type === 'table')) return false;
  const body = model.blocks.filter((b) => !(b.type === 'heading' && b.level === 1)).map((b) => (b.type === 'table' ? '' : b.text)).join('');
  return body.replace(/\s+/g, '').length < NOTICE_BODY_CHARS && /附件|\.(?:pdf|docx?|xlsx?|wps|et)\b/i.test(body);
}

export function classifyFamily(titles: (string | null | undefined)[], bodyText: string): Family {
  for (const title of titles) {
    if (!title) continue;
    const rule = TITLE_RULES.find((r) => r.pattern.test(title.replace(/\s+/g, '')));
    if (rule) return rule.family;
  }
  const head = bodyText.slice(0, BODY_CHARS);
  let best: { family: Family; hits: number } | null = null;
  for (const rule of BODY_RULES) {
    const hits = head.match(rule.pattern)?.length ?? 0;
    if (hits >= MIN_BODY_HITS && (!best || hits > best.hits)) best = { family: rule.family, hits };
  }
  return best?.family ?? 'other';
}

