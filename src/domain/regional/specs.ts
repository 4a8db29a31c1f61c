/**
 * One declarative spec per kind of government-level table: the words its title uses, how its
 * rows are laid out, the subjects it may give (so a table of one kind never yields another kind's
 * figure), and the identities that check it. Recognition (tables.ts), figures (tables.ts) and
 * checks (checks.ts) all read these; a title learned from one province is added here once.
 */
import type { Subject } from './facets.js';

/**
 * `by_region`: one row per region (分地区: 长春市, 长春市本级, 南关区 …), the columns naming the
 * figures; `items`: one row per item (一、2024年末一般债务余额, 税收收入, 合计 …) of one region,
 * the table's (its title's or the document's).
 */
export type RegionalLayout = 'by_region' | 'items';

/**
 * The identities a kind allows: `components` 一般 + 专项 = 合计 along a row; `sum` a total row
 * against the rows under it (Σ regions + 本级 = 全省, 合计 = 税收收入 + 非税收入); `rollforward`
 * opening balance + issued − repaid = closing balance; `formula` the identities a 公式 row or
 * column prints (A=B+C).
 */
export type Identity = 'components' | 'sum' | 'rollforward' | 'formula';

export type RegionalKind =
  | 'debt_limit_balance' | 'debt_flows_by_region' | 'debt_new_by_region' | 'debt_items' | 'bond_flows'
  | 'fiscal_by_region' | 'fiscal_items';

export interface RegionalSpec {
  kind: RegionalKind;
  layout: RegionalLayout;
  /** Words of the title that name the kind (tried in the order of SPECS). */
  title: RegExp;
  /** The subjects a table of this kind gives; others are not read from it. */
  subjects: readonly Subject[];
  identities: readonly Identity[];
}

const DEBT: readonly Subject[] = ['debt_limit', 'debt_balance', 'debt_new', 'debt_issued', 'debt_refinancing', 'debt_repaid', 'debt_interest'];
const FISCAL: readonly Subject[] = [
  'gpb_revenue', 'tax_revenue', 'non_tax_revenue', 'gpb_expenditure', 'transfer_from_higher', 'gov_fund_revenue', 'land_sale_revenue',
  'gov_fund_expenditure', 'soe_revenue', 'soe_expenditure', 'ssf_revenue', 'ssf_expenditure',
];

/** In order: the first spec whose title words match, and whose layout the rows show, names the table. */
export const REGIONAL_SPECS: readonly RegionalSpec[] = [
  // 新增债券/新增债务限额 by region, also 提前下达 and 再融资债券 分地区明细表.
  { kind: 'debt_new_by_region', layout: 'by_region', title: /新增|提前下达|再融资/, subjects: ['debt_new', 'debt_refinancing', 'debt_limit'], identities: ['components', 'sum', 'formula'] },
  // 发行及还本付息 by region (本地区 rows of counties), or as items of one region.
  { kind: 'debt_flows_by_region', layout: 'by_region', title: /发行|还本|付息|转贷/, subjects: DEBT, identities: ['components', 'sum', 'formula'] },
  { kind: 'bond_flows', layout: 'items', title: /发行|还本|付息|转贷/, subjects: DEBT, identities: ['components', 'formula'] },
  // 债务限额及余额情况表, 分地区限额余额表, 政府债务情况表 — by region …
  { kind: 'debt_limit_balance', layout: 'by_region', title: /债务|限额|余额/, subjects: DEBT, identities: ['components', 'sum', 'rollforward', 'formula'] },
  // … or 一般债务余额情况表 of one region: opening balance, limit, issued, repaid, closing balance.
  { kind: 'debt_items', layout: 'items', title: /债务|限额|余额/, subjects: [...DEBT, 'deficit'], identities: ['components', 'rollforward'] },
  // 分地区一般公共预算收入执行情况表, 各市县政府性基金收入决算表, 分地区收支执行情况表.
  { kind: 'fiscal_by_region', layout: 'by_region', title: /收入|支出|收支/, subjects: FISCAL, identities: ['components', 'sum'] },
  // 一般公共预算收入执行情况表, 政府性基金预算收入决算表, 收支平衡表: items of one region.
  { kind: 'fiscal_items', layout: 'items', title: /收入|支出|收支/, subjects: FISCAL, identities: ['sum'] },
];

/** Titles of tables that share the words but give no region figure (project lists, bond uses). */
export const NOT_REGIONAL_TITLE = /项目|使用情况|资金安排表|明细表(?!.*分地区)|绩效|目录|三公|经济分类|功能分类|基本支出/;

/** Titles of tables that list transfers to lower levels: their rows are what each region received, not its revenue. */
export const TRANSFER_TITLE = /转移支付|税收返还|补助/;

export const specsFor = (title: string): RegionalSpec[] => REGIONAL_SPECS.filter((s) => s.title.test(title));
