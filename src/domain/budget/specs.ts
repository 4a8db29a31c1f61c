/**
 * One declarative spec per standard table kind: the words its title uses, the header that shows
 * it when the title does not, how its rows are laid out, the rows and columns that have a role,
 * and the headline facts it gives. Recognition (kinds.ts), line items (columns.ts, rows.ts),
 * facts (facts.ts) and checks (checks.ts) all read these; a synonym learned from one province's
 * layout is added here once and known to every stage.
 */
import type { FactKey, TableKind } from '../../../schemas/records.js';

export type BudgetTableKind = Extract<
  TableKind,
  | 'summary' | 'income' | 'expenditure' | 'appropriation_summary' | 'gpb_expenditure' | 'gpb_basic_expenditure'
  | 'gov_fund_expenditure' | 'soe_capital_expenditure' | 'three_public' | 'performance_goal' | 'project_self_eval' | 'procurement' | 'assets'
>;

/**
 * How a table's rows are read: `coded`, one classification line per row (code, name, amounts);
 * `two_halves`, 收入 lines on the left and 支出 lines on the right; `items`, named items as rows,
 * or as the columns of one row (the three-public table).
 */
export type Layout = 'coded' | 'two_halves' | 'items' | 'form';

export type Side = '收入' | '支出';

/** A headline fact a table gives: the figure of a row (by role) in a column (by measure). */
export interface FactRule {
  key: FactKey;
  /** The row's role: a summary line, a three-public item, or `total` (the 合计 line). */
  row: RowRole;
  /** The column's measure; absent: the row's figure for the document's stage. */
  measure?: string;
  side?: Side;
}

export interface TableSpec {
  kind: BudgetTableKind;
  layout: Layout;
  /** Words of the title that name this kind (tried in the order of SPECS). */
  title: RegExp;
  /** Words of the header that show this kind in a table printed without a title. */
  header?: (header: string, twoHalves: boolean, coded: boolean) => boolean;
  facts: readonly FactRule[];
}

export type RowRole =
  | 'total'
  | 'personnel' | 'public'
  | 'income_current_year' | 'carryover_begin' | 'income_total'
  | 'expenditure_current_year' | 'carryover_end' | 'expenditure_total'
  | 'abroad' | 'vehicles' | 'vehicle_purchase' | 'vehicle_operation' | 'reception';

/** A printed name without spaces, numbering (一、, 1.), 其中： or quotes. */
export const plainName = (name: string) =>
  name
    .replace(/\s+/g, '')
    .replace(/^其中[:：]/, '')
    .replace(/^(?:[一二三四五六七八九十]+[、.．]|\d+[、.．]|[（(][一二三四五六七八九十\d]+[）)])/, '')
    .replace(/[“”"‘’']/g, '');

/** A total line of a table: 合计, 总计, 本年收入合计, 收入总计, 当年支出小计 … */
export const TOTAL_LINE = /^(?:(?:本年|当年)?(?:收入|支出|收支)?(?:总计|合计|小计)|总计|合计)$/;

/** The lines of a summary (收支总表) by role, by their printed names. */
export const SUMMARY_ROWS: Readonly<Record<Extract<RowRole, 'income_current_year' | 'carryover_begin' | 'income_total' | 'expenditure_current_year' | 'carryover_end' | 'expenditure_total'>, RegExp>> = {
  income_current_year: /^(?:本年|当年)收入(?:合计|小计)$/,
  carryover_begin: /^(?:上年结转(?:结余|和结余|及结余)?(?:资金)?|(?:年初|上年)(?:财政拨款)?结转(?:和|及)?结余(?:资金)?)$/,
  income_total: /^(?:收入)?(?:总计|合计)$|^收入总计$/,
  expenditure_current_year: /^(?:本年|当年)支出(?:合计|小计)$/,
  carryover_end: /^(?:年[终末](?:财政拨款)?结转(?:和|及)?结余(?:资金)?|结转下年(?:资金|支出)?)$/,
  expenditure_total: /^(?:支出)?(?:总计|合计)$|^支出总计$/,
};

/**
 * The subtotals of a basic-expenditure table printed as two halves, 人员经费 beside 公用经费, each
 * closed by its own total (the 决算 template's 人员经费合计 | 公用经费合计).
 */
export const BASIC_HALF_ROWS: Readonly<Record<Extract<RowRole, 'personnel' | 'public'>, RegExp>> = {
  personnel: /^人员(?:经费|支出)(?:合计|小计)$/,
  public: /^(?:日常)?公用(?:经费|支出)(?:合计|小计)$/,
};

/** The items of a three-public table, as row names (its measures name the same as columns). */
export const THREE_PUBLIC_ROWS: Readonly<Record<Extract<RowRole, 'total' | 'abroad' | 'vehicles' | 'vehicle_purchase' | 'vehicle_operation' | 'reception'>, RegExp>> = {
  total: /^(?:合计|总计|三公经费(?:支出)?(?:小计|合计|总计)?)$/,
  abroad: /^因公出国[（(]境[)）](?:费用?)?$/,
  vehicles: /^公务用车购置及运(?:行)?(?:维护|维)?费$/,
  vehicle_purchase: /^公务用车购置费?$/,
  vehicle_operation: /^公务用车运(?:行)?(?:维护|维)?费$/,
  reception: /^公务接待费$/,
};

/**
 * Canonical measures (`line_items.column`) by the words of a column's header, after the stage
 * words (预算数, 决算数, 上年, 本年) are set apart; the first match wins.
 */
export const MEASURES: readonly [RegExp, string][] = [
  [/^(?:本年|当年)?(?:收入|支出)(?:合计|总计)$/, 'total'],
  [/三公经费(?:支出)?(?:合计|小计)?$/, 'three_public_total'],
  [/因公出国[（(]境[)）](?:费用?)?$/, 'abroad'],
  [/公务用车购置及运(?:行)?(?:维护|维)?(?:费)?$/, 'vehicles'],
  [/公务用车购置(?:费)?$|^购置费?$/, 'vehicle_purchase'],
  [/公务用车运(?:行)?(?:维护|维)?(?:费)?$|^运(?:行)?(?:维护|维)?费$/, 'vehicle_operation'],
  [/公务接待(?:费)?$/, 'reception'],
  [/会议费$/, 'meetings'],
  [/培训费$/, 'training'],
  [/基本支出$/, 'basic'],
  [/项目支出(?:总数|总额)?$/, 'project'],
  [/人员经费$|人员支出$/, 'personnel'],
  [/公用经费$|公用支出$/, 'public'],
  [/经营支出$/, 'operating'],
  [/上[缴解]上级支出$/, 'remit_upper'],
  [/对(?:附属|下级)单位补助支出$/, 'subsidy_subordinate'],
  [/一般公共预算(?:财政拨款|拨款)?(?:收入|支出)?$/, 'general_budget'],
  [/政府性基金(?:预算)?(?:财政拨款|拨款)?(?:收入|支出)?$/, 'gov_fund'],
  [/国有资本经营(?:预算)?(?:财政拨款|拨款)?(?:收入|支出)?$/, 'soe_capital'],
  [/财政专户(?:管理资金)?(?:收入)?$/, 'special_account'],
  [/财政拨款(?:收入)?$/, 'appropriation'],
  [/事业收入$/, 'business_income'],
  [/事业单位经营收入$|^经营收入$|\/经营收入$/, 'operating_income'],
  [/上级补助收入$/, 'upper_subsidy'],
  [/附属单位上缴收入$/, 'subordinate_remit'],
  [/其他收入$/, 'other_income'],
  [/单位资金$/, 'unit_funds'],
  [/(?:年初|上年)结转(?:和|及)?结余$|上年结转$/, 'carryover'],
  [/(?:年末|年终)结转(?:和|及)?结余$/, 'carryover_end'],
  [/金额$/, 'amount'],
];

/**
 * Which figures a column (or a line) holds, from the stage words its header prints above or
 * beside the measure: their basis (预算数, 调整预算数, 决算数/执行数), their period (本年, 上年) and
 * their year (2025年预算数).
 */
export interface Stage {
  basis: 'budget' | 'adjusted_budget' | 'actual' | null;
  period: 'current' | 'prior' | null;
  year: number | null;
}

const STAGE_PART =
  /^(?:((?:19|20)\d{2})年度?|(本年度?|当年)|(上年度?|上一年度?)|全年)?(?:年初)?(调整(?:后)?预算|预算调整|预算|决算|(?:实际)?执行|实际(?:支出)?)?(?:数|安排数?|额|金额)?$/;

/** The stage a header word (or a line's name) states, or null when it states none. */
export function stageOfWords(words: string): Stage | null {
  const m = STAGE_PART.exec(words.replace(/\s+/g, ''));
  if (!m || (!m[1] && !m[2] && !m[3] && !m[4])) return null;
  const basisWord = m[4] ?? '';
  const basis = /调整/.test(basisWord) ? 'adjusted_budget' : /预算/.test(basisWord) ? 'budget' : basisWord !== '' ? 'actual' : null;
  return { basis, period: m[2] ? 'current' : m[3] ? 'prior' : null, year: m[1] ? Number(m[1]) : null };
}

/** Whose figures a document prints: a budget's for its year, a final account's actuals. */
export interface OwnFigures {
  basis: 'budget' | 'final';
  year: number | null;
}

/** Whether a stage is of an earlier year than the document's. */
export const isPriorStage = (stage: Stage, own: OwnFigures) => stage.period === 'prior' || (stage.year !== null && own.year !== null && stage.year < own.year);

/**
 * How well a stage fits the document's own figures (higher is better): this year's over last
 * year's, a budget's 预算数 and a final account's 决算数; without the document's year, the later
 * of two printed years.
 */
export function stageFit(stage: Stage, own: OwnFigures): number {
  let score = 0;
  if (isPriorStage(stage, own)) score -= 10;
  if (stage.period === 'current' || (stage.year !== null && stage.year === own.year)) score += 5;
  if (stage.basis === (own.basis === 'final' ? 'actual' : 'budget')) score += 3;
  if (stage.basis === 'adjusted_budget' && own.basis === 'final') score += 1;
  if (stage.basis === 'actual' && own.basis === 'budget') score -= 3;
  if (own.year === null && stage.year !== null) score += (stage.year - 1900) / 1000;
  return score;
}

/** The three public expenses as columns of one row: total = abroad + vehicles + reception. */
export const THREE_PUBLIC_MEASURES = ['three_public_total', 'abroad', 'vehicles', 'vehicle_purchase', 'vehicle_operation', 'reception'] as const;

const summaryFacts: FactRule[] = [
  { key: 'income_total', row: 'income_total', side: '收入' },
  { key: 'income_current_year', row: 'income_current_year', side: '收入' },
  { key: 'carryover_begin', row: 'carryover_begin', side: '收入' },
  { key: 'expenditure_total', row: 'expenditure_total', side: '支出' },
  { key: 'expenditure_current_year', row: 'expenditure_current_year', side: '支出' },
  { key: 'carryover_end', row: 'carryover_end', side: '支出' },
];

const threePublicFacts: FactRule[] = [
  // Printed as columns of one line (the three-public subtotal, when 会议费/培训费 are beside it) …
  { key: 'three_public_total', row: 'total', measure: 'three_public_total' },
  { key: 'three_public_abroad', row: 'total', measure: 'abroad' },
  { key: 'three_public_vehicles', row: 'total', measure: 'vehicles' },
  { key: 'three_public_vehicle_purchase', row: 'total', measure: 'vehicle_purchase' },
  { key: 'three_public_vehicle_operation', row: 'total', measure: 'vehicle_operation' },
  { key: 'three_public_reception', row: 'total', measure: 'reception' },
  // … or as rows.
  { key: 'three_public_total', row: 'total' },
  { key: 'three_public_abroad', row: 'abroad' },
  { key: 'three_public_vehicles', row: 'vehicles' },
  { key: 'three_public_vehicle_purchase', row: 'vehicle_purchase' },
  { key: 'three_public_vehicle_operation', row: 'vehicle_operation' },
  { key: 'three_public_reception', row: 'reception' },
];

/** In order: the first spec whose title words match names the table. */
export const SPECS: readonly TableSpec[] = [
  { kind: 'three_public', layout: 'items', title: /三公/, header: (h) => /因公出国/.test(h) && /公务接待/.test(h), facts: threePublicFacts },
  { kind: 'project_self_eval', layout: 'form', title: /项目(?:支出)?绩效自评表/, facts: [] },
  { kind: 'performance_goal', layout: 'form', title: /绩效目标/, facts: [] },
  { kind: 'procurement', layout: 'form', title: /政府采购/, facts: [] },
  { kind: 'assets', layout: 'form', title: /国有资产|资产占用|资产情况/, facts: [] },
  {
    kind: 'appropriation_summary', layout: 'two_halves', title: /财政拨款收(?:入)?支(?:出)?(?:预算|决算)?总表/,
    header: (h, twoHalves) => twoHalves && /政府性基金/.test(h),
    facts: [{ key: 'appropriation_total', row: 'income_total', side: '收入' }],
  },
  { kind: 'summary', layout: 'two_halves', title: /收(?:入)?支(?:出)?(?:预算|决算)?总表|预算01表/, header: (_h, twoHalves) => twoHalves, facts: summaryFacts },
  {
    kind: 'gpb_basic_expenditure', layout: 'coded', title: /基本支出/, header: (h, _t, coded) => coded && /人员经费/.test(h) && /公用经费/.test(h),
    facts: [
      { key: 'personnel_expenditure', row: 'total', measure: 'personnel' },
      { key: 'public_expenditure', row: 'total', measure: 'public' },
      { key: 'personnel_expenditure', row: 'personnel' },
      { key: 'public_expenditure', row: 'public' },
    ],
  },
  { kind: 'gov_fund_expenditure', layout: 'coded', title: /政府性基金/, facts: [] },
  { kind: 'soe_capital_expenditure', layout: 'coded', title: /国有资本经营/, facts: [] },
  {
    kind: 'gpb_expenditure', layout: 'coded', title: /一般公共预算.*支出|财政拨款支出(?:预算|决算)?(?:明细)?表/,
    facts: [{ key: 'basic_expenditure', row: 'total', measure: 'basic' }, { key: 'project_expenditure', row: 'total', measure: 'project' }],
  },
  { kind: 'income', layout: 'coded', title: /收入(?:预算|决算)?(?:总)?表/, header: (h, _t, coded) => coded && /本年收入|财政拨款收入|事业收入/.test(h), facts: [] },
  {
    kind: 'expenditure', layout: 'coded', title: /支出(?:预算|决算)?(?:总)?表/, header: (h, _t, coded) => coded && /基本支出/.test(h) && /项目支出/.test(h),
    facts: [{ key: 'basic_expenditure', row: 'total', measure: 'basic' }, { key: 'project_expenditure', row: 'total', measure: 'project' }],
  },
];

/** Titles of tables that are not the standard ones though they share their words. */
export const NOT_STANDARD_TITLE = /项目支出(?:预算|决算)?(?:明细)?表|购买服务|机关运行|部门整体|项目绩效/;

/** Header words of a table whose rows carry classification codes. */
export const CODE_HEADER = /科目编码|科目代码|功能分类|经济分类|(^|\|)(类|款|项)(\||$)|\/(类|款|项)(\||$)|编码/;

export const specOf = (kind: TableKind): TableSpec | undefined => SPECS.find((s) => s.kind === kind);

/** The standard tables whose rows are classification lines with amounts. */
export const CODED_KINDS: ReadonlySet<TableKind> = new Set(SPECS.filter((s) => s.layout === 'coded').map((s) => s.kind));
/** The tables printed as two halves, 收入 on the left and 支出 on the right. */
export const TWO_HALF_KINDS: ReadonlySet<TableKind> = new Set(SPECS.filter((s) => s.layout === 'two_halves').map((s) => s.kind));
/** The tables whose amounts become line items. */
export const LINE_KINDS: ReadonlySet<TableKind> = new Set(SPECS.filter((s) => s.layout !== 'form').map((s) => s.kind));
