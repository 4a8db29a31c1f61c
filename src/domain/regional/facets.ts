/**
 * What a piece of printed text says about a figure: the words of a column's header path, a row's
 * label or a table's title, each read into facets — what the figure is (subject), which part of
 * the debt (component), its year, its basis and its scope — and combined, most specific first,
 * into the key, year, basis and scope of a region figure. One vocabulary for tables and prose.
 */
import type { RegionBasis, RegionFigureKey } from '../../../schemas/records.js';

export type DebtSubject = 'debt_limit' | 'debt_balance' | 'debt_new' | 'debt_issued' | 'debt_refinancing' | 'debt_repaid' | 'debt_interest';
export type Subject =
  | DebtSubject
  | 'deficit'
  | 'gpb_revenue' | 'tax_revenue' | 'non_tax_revenue' | 'gpb_expenditure' | 'transfer_from_higher'
  | 'gov_fund_revenue' | 'land_sale_revenue' | 'gov_fund_expenditure'
  | 'soe_revenue' | 'soe_expenditure' | 'ssf_revenue' | 'ssf_expenditure';
export type Component = 'general' | 'special' | 'total';
export type Scope = 'whole' | 'own_level';

export interface Facets {
  /** What the text names; more than one when it names several (a title: 债务限额及余额情况表). */
  subjects: Subject[];
  component?: Component;
  year?: number;
  /** 上年: the year before the table's. */
  prior?: boolean;
  basis?: RegionBasis;
  scope?: Scope;
  /** Why a column holds no figure of its own (a percentage, a change, a formula, a serial). */
  skip?: string;
  /** Whether the text speaks of bonds (债券) rather than debt (债务). */
  bonds?: boolean;
}

const DEBT_KEYS: Record<DebtSubject, Record<Component, RegionFigureKey>> = {
  debt_limit: { general: 'debt_limit_general', special: 'debt_limit_special', total: 'debt_limit_total' },
  debt_balance: { general: 'debt_balance_general', special: 'debt_balance_special', total: 'debt_balance_total' },
  debt_new: { general: 'debt_new_general', special: 'debt_new_special', total: 'debt_new_total' },
  debt_issued: { general: 'debt_issued_general', special: 'debt_issued_special', total: 'debt_issued_total' },
  debt_refinancing: { general: 'debt_refinancing_general', special: 'debt_refinancing_special', total: 'debt_refinancing_general' },
  debt_repaid: { general: 'debt_repaid_general', special: 'debt_repaid_special', total: 'debt_repaid_principal' },
  debt_interest: { general: 'debt_interest_general', special: 'debt_interest_special', total: 'debt_interest' },
};

export const isDebtSubject = (s: Subject): s is DebtSubject => s in DEBT_KEYS;

/** The key of a subject and (for debt) a component; null where the vocabulary has none. */
/** Flows of bonds alone (债券发行, 债券还本, 债券付息), where the debt's add loans on-lent from above. */
const BOND_KEYS: Partial<Record<DebtSubject, Record<Component, RegionFigureKey>>> = {
  debt_issued: { general: 'bond_issued_general', special: 'bond_issued_special', total: 'bond_issued_total' },
  debt_repaid: { general: 'bond_repaid_general', special: 'bond_repaid_special', total: 'bond_repaid_total' },
  debt_interest: { general: 'bond_interest_general', special: 'bond_interest_special', total: 'bond_interest_total' },
};

export function keyOf(subject: Subject, component: Component | undefined, bonds = false): RegionFigureKey | null {
  if (!isDebtSubject(subject)) return subject;
  const bond = bonds ? BOND_KEYS[subject] : undefined;
  if (bond) return bond[component ?? 'total'];
  // Refinancing is printed by part; its total is not a key of its own.
  if (subject === 'debt_refinancing' && (component ?? 'total') === 'total') return null;
  return DEBT_KEYS[subject][component ?? 'total'];
}

/** Debt words, in the order they are decided: the first that matches names the subject. */
const DEBT_WORDS: readonly [RegExp, DebtSubject][] = [
  [/再融资/, 'debt_refinancing'],
  [/新增/, 'debt_new'],
  [/发行|转贷(?:收入|额)|举借/, 'debt_issued'],
  [/还本(?!付息)|偿还本金|本金偿还|偿还(?!.*付息)|还本额/, 'debt_repaid'],
  [/(?<!还本)付息|利息/, 'debt_interest'],
];

/** Fiscal words, longest and most specific first. */
const FISCAL_WORDS: readonly [RegExp, Subject[]][] = [
  [/国有土地使用权出让(?:收入)?/, ['land_sale_revenue']],
  [/非税收入/, ['non_tax_revenue']],
  [/税收收入/, ['tax_revenue']],
  [/一般公共预算收支|公共财政(?:预算)?收支/, ['gpb_revenue', 'gpb_expenditure']],
  [/一般公共(?:预算)?收入|公共财政(?:预算)?收入/, ['gpb_revenue']],
  [/一般公共(?:预算)?支出|公共财政(?:预算)?支出/, ['gpb_expenditure']],
  [/政府性基金(?:预算)?收支/, ['gov_fund_revenue', 'gov_fund_expenditure']],
  [/政府性基金(?:预算)?(?:收入|预算收入)/, ['gov_fund_revenue']],
  [/政府性基金(?:预算)?(?:支出|预算支出)/, ['gov_fund_expenditure']],
  [/国有资本经营(?:预算)?收支/, ['soe_revenue', 'soe_expenditure']],
  [/国有资本经营(?:预算)?收入/, ['soe_revenue']],
  [/国有资本经营(?:预算)?支出/, ['soe_expenditure']],
  [/(?:社会保险|社保)基金(?:预算)?收支/, ['ssf_revenue', 'ssf_expenditure']],
  [/(?:社会保险|社保)基金(?:预算)?收入/, ['ssf_revenue']],
  [/(?:社会保险|社保)基金(?:预算)?支出/, ['ssf_expenditure']],
  [/上级补助收入/, ['transfer_from_higher']],
];

/** Words of a column that holds no figure of its own: shares, changes, formulas, serials, notes. */
// 自有资金偿还, 借新还旧: a part of the flow by its source, beside the others.
const NOT_A_FIGURE = /[%％]|增长|增幅|增减|增收|增支|比上年|同比|为(?:年初|调整)?预算|完成(?:年初|调整)?预算的?|占|比重|增加额|减少额|差额|公式|序号|栏次|行次|备注|说明|项目名称|债券名称|期限|利率|代码|编码|自有资金|借新还旧/;

const BASIS_WORDS: readonly [RegExp, RegionBasis][] = [
  [/调整(?:后)?预算|预算调整|变动预算|调整为/, 'adjusted_budget'],
  [/决算/, 'final'],
  [/实际数/, 'final'],
  [/执行|完成|快报|预计|实现|累计|实际/, 'execution'],
  [/预算|草案|计划|安排|提前下达|年初/, 'budget'],
];

const FUND_NAMES = /一般公共预算|公共财政预算|政府性基金预算|国有资本经营预算|社会保险基金预算/g;
const OWN_LEVEL_WORDS = /本级|(?:^|[^全各对])(?:省|市|州|县|盟|旗)级(?!以下|政府债务还本)|自治区级|区级(?!对)/;
const WHOLE_WORDS = /全(?:省|市|区|州|盟|县|旗|辖)|本地区|分地区|各市(?:县|州)?|市县|我(?:省|市|区|州|县)|本(?:省|市)(?!级)/;

/** The years a text names: 2024年末 → 2024; 2025年初余额 → 2024 (the balance at the start of 2025). */
function yearsOf(text: string, subjects: readonly Subject[]): number[] {
  const out: number[] = [];
  for (const m of text.matchAll(/((?:19|20)\d{2})(?:年度?(末|底|初)?|[-—至]((?:19|20)\d{2})年)/g)) {
    if (m[3]) return []; // 2024-2025年: a span, no one year
    const year = Number(m[1]);
    const startOfYearBalance = m[2] === '初' && subjects.includes('debt_balance');
    out.push(startOfYearBalance ? year - 1 : year);
  }
  return [...new Set(out)];
}

function debtSubjects(text: string): DebtSubject[] {
  if (!/债|限额|余额|还本|付息|发行|转贷/.test(text)) return [];
  const first = DEBT_WORDS.find(([re]) => re.test(text));
  if (first) {
    // 再融资 and 新增 name one kind of bond whatever flow the words around them name (转贷收入/新增债券).
    if (first[1] === 'debt_refinancing' || first[1] === 'debt_new') return [first[1]];
    // 债券发行及还本付息: a title naming several; 还本付息 alone names both parts.
    const all = DEBT_WORDS.filter(([re]) => re.test(text)).map(([, s]) => s);
    if (/还本付息/.test(text)) all.push('debt_repaid', 'debt_interest');
    return [...new Set(all)];
  }
  // 余额限额 is the ceiling on the balance: a limit.
  const t = text.replace(/余额限额/g, '限额');
  const out: DebtSubject[] = [];
  if (/限额/.test(t)) out.push('debt_limit');
  if (/余额/.test(t)) out.push('debt_balance');
  return out;
}

function componentOf(text: string): Component | undefined {
  const general = /一般(?!公共|性)(?:债务|债券)?/.test(text);
  const special = /专项(?:债务|债券)/.test(text) || /专项(?!转移|收入|支出|资金)/.test(text);
  if (general && !special) return 'general';
  if (special && !general) return 'special';
  if (/合计|小计|总计|总额/.test(text)) return 'total';
  return undefined;
}

/** The facets a text states. */
export function facetsOf(raw: string): Facets {
  const text = raw.replace(/\s+/g, '');
  const subjects: Subject[] = [];
  let rest = text;
  for (const [re, names] of FISCAL_WORDS) {
    if (!re.test(rest)) continue;
    subjects.push(...names);
    rest = rest.replace(new RegExp(re.source, 'g'), '|');
  }
  subjects.push(...debtSubjects(rest));
  if (/赤字/.test(rest)) subjects.push('deficit');
  const facets: Facets = { subjects: [...new Set(subjects)] };
  const component = componentOf(text);
  if (component) facets.component = component;
  const years = yearsOf(text, facets.subjects);
  if (years.length === 1) facets.year = years[0]!;
  if (/上年|上一年/.test(text) && years.length === 0) facets.prior = true;
  // 一般公共预算 names a fund, not a basis: 一般公共预算执行情况 is execution.
  const basis = BASIS_WORDS.find(([re]) => re.test(text.replace(/年初余额/g, '').replace(FUND_NAMES, '')));
  if (basis) facets.basis = basis[1];
  if (OWN_LEVEL_WORDS.test(text)) facets.scope = 'own_level';
  else if (WHOLE_WORDS.test(text)) facets.scope = 'whole';
  const skip = NOT_A_FIGURE.exec(text);
  if (skip) facets.skip = skip[0];
  if (/债券/.test(text) && !/债务/.test(text)) facets.bonds = true;
  else if (/债务/.test(text)) facets.bonds = false;
  return facets;
}

/** Words a name of a figure may carry around it: numbering, years, the region's level, verbs, basis. */
const LEADING_WORDS = /^(?:[^，。、]{0,24}?批准的|执行中|按法定程序|加上(?!级)|加(?=上级)|其中[:：]?|[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[）)]|\d+[、.．](?!\d)|(?:19|20)\d{2}年(?:度|末|底|初)?|截至|截止|全(?:省|市|区|州|盟|县|旗|辖)|各级|本地区|(?:省|市|自治区|区|州|盟|县|旗)?本级|(?:省|市|州|县|区)级|地方政府(?!性)|地方|政府(?!性)|全年|当年|本年|累计|预计|完成|实现|安排|执行|共|的)+/;
// 总计 is not among them: 收入总计 adds transfers and carry-overs to the revenue.
const TRAILING_WORDS = /(?:[（(][^（）()]*[）)]|实际数|预计执行数|执行数|完成数|决算数|预算数|快报数|(?:年初|调整后?)?预算|调整为|调整|预计|执行|完成|实现|实际|决算|安排|预期|目标|合计|小计|数|为|是|达到|达|约|共计|累计)+$/;

/** The names of figures, whole: what is left of a label once the words around a name are set aside. */
const FIGURE_NAME = new RegExp(
  '^(?:' +
    [
      '一般公共(?:预算)?(?:收入|支出)', '公共财政(?:预算)?(?:收入|支出)', '税收收入', '非税收入', '上级补助收入', '国有土地使用权出让收入',
      '政府性基金(?:预算)?(?:收入|支出)', '国有资本经营(?:预算)?(?:收入|支出)', '(?:社会保险|社保)基金(?:预算)?(?:收入|支出)',
      '(?:一般|专项)?(?:债务|债券)?(?:余额限额|限额|余额|发行额?|发行规模|转贷额|转贷收入|还本额?|付息额?|还本付息额?|新增限额)',
      '(?:政府)?债务(?:余额|限额)', '新增(?:一般|专项)?(?:债务|债券)(?:限额)?', '再融资(?:一般|专项)?(?:债务|债券)', '(?:财政)?赤字',
    ].join('|') +
    ')$',
);

/**
 * Whether a label names a figure and nothing else (一、2024年末地方政府一般债务余额实际数, 全市一般
 * 公共预算收入完成, 税收收入), not a part of one (其他政府性基金收入, 一般公共预算支出中教育支出,
 * 中央转贷地方的国际金融组织和外国政府贷款).
 */
export function namesAFigure(label: string): boolean {
  const t = figureName(label);
  return t !== '' && FIGURE_NAME.test(t);
}

/** What is left of a label once the words around a name are set aside ('' for 实际完成, 年初预算为). */
export function figureName(label: string): string {
  let t = label.replace(/\s+/g, '').replace(/[“”"‘’]/g, '');
  for (let i = 0; i < 3; i++) t = t.replace(LEADING_WORDS, '').replace(TRAILING_WORDS, '');
  return t;
}

/** The other side of a fund: 收入 after 政府性基金支出 is the fund's revenue. */
const SIDES: Partial<Record<Subject, Subject>> = {
  gpb_revenue: 'gpb_expenditure', gpb_expenditure: 'gpb_revenue', gov_fund_revenue: 'gov_fund_expenditure', gov_fund_expenditure: 'gov_fund_revenue',
  soe_revenue: 'soe_expenditure', soe_expenditure: 'soe_revenue', ssf_revenue: 'ssf_expenditure', ssf_expenditure: 'ssf_revenue',
};

/**
 * The subject of a label that names none of its own but the figure before it in the sentence
 * does: 全市政府性基金收入年初预算为184.2亿元，实际完成189.3亿元 (the revenue again), 支出调整预算为
 * 209.1亿元 (the fund's other side). Null when the label names something else.
 */
/** The budget a text is about (一般公共预算, 政府性基金预算 …), as the subject of its revenue. */
export function fundOf(text: string): Subject | null {
  if (/政府性基金/.test(text)) return 'gov_fund_revenue';
  if (/国有资本经营/.test(text)) return 'soe_revenue';
  if (/社会保险基金|社保基金/.test(text)) return 'ssf_revenue';
  if (/一般公共预算|公共财政预算/.test(text)) return 'gpb_revenue';
  return null;
}

export function subjectAfter(label: string, previous: Subject | null): Subject | null {
  if (!previous) return null;
  const name = figureName(label);
  if (name === '') return previous;
  const side = SIDES[previous];
  if (side && (name === '收入' || name === '支出')) return /收入/.test(name) === /revenue/.test(side) ? side : previous;
  return null;
}

/** Where a sentence's subject ends and the figure's name begins: 财政部核定我市|政府债务限额, 截至2025年底|全市…. */
const ANCHOR = /(?:我|本|全|各)(?:省|市|区|州|县|盟|旗)|(?:19|20)\d{2}年(?:度|末|底|初)?|(?:省|市|自治区|区|州|县)?本级|(?:省|市|州|县)级|自治区|自治州/g;

/** namesAFigure for a clause of prose, whose name may follow who states it: 省财政厅核定我市2025年政府债务限额. */
export function clauseNamesAFigure(label: string): boolean {
  if (namesAFigure(label)) return true;
  const anchors = [...label.matchAll(ANCHOR)];
  const last = anchors[anchors.length - 1];
  return last !== undefined && namesAFigure(label.slice(last.index! + last[0].length));
}

/** What one figure is, once its facets are combined. */
export interface Meaning {
  key: RegionFigureKey;
  year: number;
  basis: RegionBasis;
  scope: Scope | null;
  subject: Subject;
  component: Component;
}

export interface Defaults {
  /** The year of the table (its title's), else the document's. */
  year: number | null;
  /** The basis the table's title or the document implies, when its columns and rows say none. */
  basis: RegionBasis | null;
}

/** The one subject the sources agree on, the most specific first; null when none or several. */
function subjectOf(sources: readonly Facets[]): Subject | null {
  let pool: Subject[] | null = null;
  for (const f of sources) {
    if (f.subjects.length === 0) continue;
    pool = pool === null ? [...f.subjects] : pool.filter((s) => f.subjects.includes(s));
    if (pool.length === 0) return null;
    if (pool.length === 1) return pool[0]!;
  }
  return pool?.length === 1 ? pool[0]! : null;
}

/**
 * A figure's meaning from its facets, most specific first (a column's header before the table's
 * title; in a table whose rows are items, the row's label before both). Null when the sources
 * name no single key, no year or no basis: such a cell holds no region figure.
 */
export function combine(sources: readonly Facets[], defaults: Defaults): Meaning | null {
  if (sources.some((f) => f.skip)) return null;
  const subject = subjectOf(sources);
  if (!subject) return null;
  const component = sources.find((f) => f.component)?.component ?? 'total';
  const bonds = sources.find((f) => f.bonds !== undefined)?.bonds ?? false;
  const key = keyOf(subject, component, bonds);
  if (!key) return null;
  const stated = sources.find((f) => f.year !== undefined)?.year;
  const prior = sources.find((f) => f.year !== undefined || f.prior)?.prior === true;
  const year = stated ?? (defaults.year === null ? null : prior ? defaults.year - 1 : defaults.year);
  if (year === null) return null;
  const basis = sources.find((f) => f.basis)?.basis ?? defaults.basis ?? subjectBasis(subject);
  const scope = sources.find((f) => f.scope)?.scope ?? null;
  return { key, year, basis, scope, subject, component };
}

/** Without a word of basis: a ceiling or a deficit is set by a budget; other figures are what happened. */
function subjectBasis(subject: Subject): RegionBasis {
  return subject === 'debt_limit' || subject === 'debt_new' || subject === 'deficit' ? 'budget' : 'execution';
}
