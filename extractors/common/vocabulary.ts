/**
 * The printed vocabulary every stage shares: the money units, the banner fields budget systems
 * print above a table (编制单位：…, 预算年度：…, 单位：万元), and how an organisation's name ends.
 * The extractors use it to lift banner lines off a table; the domain parsers to read them. One
 * list each, so a field or unit learned from one layout is known everywhere.
 */

/** The money units, longest first so 万元 is never read as 元. */
export const MONEY_UNITS = ['亿元', '万元', '千元', '元'] as const;
export type MoneyUnitWord = (typeof MONEY_UNITS)[number];
const UNIT_ALTERNATION = MONEY_UNITS.join('|');

/** A line that declares only a unit: 单位：万元, 金额单位：元. */
export const UNIT_LINE = new RegExp(`^(?:金额|计量)?单位\\s*[:：]\\s*(${UNIT_ALTERNATION})\\s*$`);
const UNIT_IN_LINE = new RegExp(`(?:金额|计量)?单位\\s*[:：]\\s*(${UNIT_ALTERNATION})`);

/** The unit a line declares (单位：万元 anywhere in it), or null. */
export function unitOf(text: string): MoneyUnitWord | null {
  return (UNIT_IN_LINE.exec(text)?.[1] as MoneyUnitWord | undefined) ?? null;
}

/** The money unit a label names anywhere in it: 价值（金额单位：万元）, 年度资金总额（万元）. */
export function unitNamedIn(text: string): MoneyUnitWord | null {
  return (new RegExp(`(${UNIT_ALTERNATION})`).exec(text)?.[1] as MoneyUnitWord | undefined) ?? null;
}

/** A figure followed by its money unit in running text: 11897.36万元, 19,302 万元. */
export const AMOUNT_IN_TEXT = new RegExp(`(\\d[\\d,]*(?:\\.\\d+)?)\\s*(${UNIT_ALTERNATION})`, 'g');

/** The money unit a figure's text ends with ("1089.3万元"), or null. */
export function trailingUnit(text: string): MoneyUnitWord | null {
  return (new RegExp(`(${UNIT_ALTERNATION})\\s*$`).exec(text)?.[1] as MoneyUnitWord | undefined) ?? null;
}

/** Banner fields that name the organisation a table or form belongs to. */
export const ORG_FIELDS = ['预算主管部门', '主管部门', '部门名称', '单位名称', '编制单位', '编制部门', '填报单位', '预算单位', '部门（单位）', '部门(单位)', '部门', '单位'] as const;
/** Banner fields that name the year. */
export const YEAR_FIELDS = ['预算年度', '决算年度', '年度'] as const;

const escape = (s: string) => s.replace(/[()]/g, (c) => `\\${c}`);
// 单位 alone is a field only when it does not declare a unit (单位：万元).
const ORG_FIELD_ALTERNATION = ORG_FIELDS.map(escape).join('|');
const FIELD_ALTERNATION = [...ORG_FIELDS.filter((f) => f !== '单位'), ...YEAR_FIELDS].map(escape).join('|');

/**
 * A banner line: a field (编制单位：…, 预算年度：2024) or the department line of budget systems
 * ("471 某某局", a unit code and a name).
 */
export const BANNER_LINE = new RegExp(`^(?:(?:${FIELD_ALTERNATION})\\s*[:：]|\\d{3,}(?![\\d年度])\\s*[\\u3400-\\u9fff]\\S*$)`);

/** A line a page repeats above a table it continues: a banner, a unit, 续表, 接上页. */
export const CONTINUATION_LINE = new RegExp(`(?:单位\\s*[:：]|^(?:${FIELD_ALTERNATION})\\s*[:：]|^\\d{3,}(?![\\d年度])\\s*[\\u3400-\\u9fff]|^[（(]?续(?:表|上表|前表)?[）)]?$|接上页)`);

/**
 * The organisation a banner field names: "编制单位：上海市某某中心 单位：元" → 上海市某某中心. The
 * value runs to the next space or field.
 */
export const ORG_FIELD_VALUE = new RegExp(
  `(?:${ORG_FIELD_ALTERNATION})\\s*[:：]\\s*([^\\s:：]+?)(?=\\s|${YEAR_FIELDS.join('|')}|金额单位|单位\\s*[:：]|$)`,
);

/** How the name of a government body, unit or institution ends. */
export const ORG_SUFFIX =
  /(?:局|委员会|委|办公室|办公厅|办|厅|院|部|中心|所|站|队|会|处|馆|政府|办事处|街道|乡|镇|公司|机关|学校|大学|学院|医院|集团|协会|联合会|总工会|研究院|研究所|基金会|中学|小学|幼儿园|检察院|法院|图书馆|博物馆|剧院|团|社|台|场|园|署)$/;

/** "（本级）", "（汇总）", "本部": a suffix saying which part of a department the figures cover. */
export const COVERAGE_SUFFIX = /[（(](?:本级|汇总|部门汇总|单位汇总|合并|部门)[）)]$|(?:本级|本部)$/;
