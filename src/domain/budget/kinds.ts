/**
 * Which standard budget table a table is, by content: its title when it has one, its header
 * signature (科目编码, 基本支出/项目支出, 人员经费/公用经费, two 收入|支出 halves …) otherwise.
 * Titles vary by province and year (收支总表, 部门收支总表, 收支预算总表, 收入支出决算总表 …), so
 * no exact title is required, and a table that matches nothing keeps kind null.
 */
import type { Table } from '../../../schemas/document.js';
import type { TableKind } from '../../../schemas/records.js';
import { compactHeader, headerPaths } from '../header-paths.js';
import { tableToGrid } from '../../../extractors/common/table-grid.js';

export type BudgetTableKind = Extract<
  TableKind,
  | 'summary' | 'income' | 'expenditure' | 'appropriation_summary' | 'gpb_expenditure' | 'gpb_basic_expenditure'
  | 'gov_fund_expenditure' | 'soe_capital_expenditure' | 'three_public' | 'performance_goal' | 'project_self_eval' | 'procurement' | 'assets'
>;

/** The standard tables whose rows are classification lines with amounts. */
export const CODED_KINDS: ReadonlySet<TableKind> = new Set([
  'income', 'expenditure', 'gpb_expenditure', 'gpb_basic_expenditure', 'gov_fund_expenditure', 'soe_capital_expenditure',
]);

/** The tables printed as two halves, 收入 on the left and 支出 on the right. */
export const TWO_HALF_KINDS: ReadonlySet<TableKind> = new Set(['summary', 'appropriation_summary']);

export interface TableSignature {
  title: string;
  header: string;
  paths: string[];
}

export function signatureOf(table: Table): TableSignature {
  const paths = table.headerRows > 0 ? headerPaths(table) : [];
  return { title: compactHeader(table.title ?? '').replace(/[“”"]/g, ''), header: paths.join('|'), paths };
}

const CODE_HEADER = /科目编码|科目代码|功能分类|经济分类|(^|\|)(类|款|项)(\||$)|\/(类|款|项)(\||$)|编码/;

function isTwoHalves(sig: TableSignature): boolean {
  const first = sig.paths.map((p) => p.split('/')[0]!);
  return first.some((p) => /^收入/.test(p)) && first.some((p) => /^支出/.test(p));
}

/** The kind a title alone names, when it names one. */
export function kindOfTitle(title: string): BudgetTableKind | null {
  if (title === '') return null;
  if (/三公/.test(title)) return 'three_public';
  if (/项目(支出)?绩效自评表/.test(title)) return 'project_self_eval';
  if (/绩效目标/.test(title)) return 'performance_goal';
  if (/政府采购/.test(title)) return 'procurement';
  if (/国有资产|资产占用|资产情况/.test(title)) return 'assets';
  // Project lists, purchased services and the like are not the standard tables.
  if (/项目支出(预算|决算)?(明细)?表|购买服务|机关运行|部门整体|项目绩效/.test(title)) return null;
  if (/收(入)?支(出)?(预算|决算)?总表|预算01表/.test(title)) return /财政拨款/.test(title) ? 'appropriation_summary' : 'summary';
  if (/基本支出/.test(title)) return 'gpb_basic_expenditure';
  if (/政府性基金/.test(title)) return 'gov_fund_expenditure';
  if (/国有资本经营/.test(title)) return 'soe_capital_expenditure';
  if (/一般公共预算/.test(title) && /支出/.test(title)) return 'gpb_expenditure';
  if (/收入(预算|决算)?(总)?表/.test(title)) return 'income';
  if (/支出(预算|决算)?(总)?表/.test(title)) return 'expenditure';
  return null;
}

/** The kind a header alone shows, for tables printed without a title (or one we did not catch). */
function kindOfHeader(sig: TableSignature): BudgetTableKind | null {
  const h = sig.header;
  if (/因公出国/.test(h) && /公务接待/.test(h)) return 'three_public';
  if (isTwoHalves(sig)) return /政府性基金/.test(h) ? 'appropriation_summary' : 'summary';
  if (!CODE_HEADER.test(h)) return null;
  if (/人员经费/.test(h) && /公用经费/.test(h)) return 'gpb_basic_expenditure';
  if (/本年收入|财政拨款收入|事业收入/.test(h)) return 'income';
  if (/基本支出/.test(h) && /项目支出/.test(h)) return 'expenditure';
  return null;
}

/** A 绩效目标表 form whatever its title: a 项目名称 field above an indicator grid. */
function isGoalForm(table: Table): boolean {
  const grid = tableToGrid(table).map((row) => row.map((c) => c.replace(/\s+/g, '')));
  const indicatorRow = grid.findIndex((row) => row.includes('一级指标') && row.includes('二级指标'));
  return indicatorRow > 0 && grid.slice(0, indicatorRow).some((row) => row.includes('项目名称'));
}

/** A table's kind, by title, else by header. */
export function budgetTableKind(table: Table): BudgetTableKind | null {
  const sig = signatureOf(table);
  const byTitle = kindOfTitle(sig.title);
  if (!byTitle && isGoalForm(table)) return 'performance_goal';
  return byTitle ?? kindOfHeader(sig);
}

/**
 * Whether `table` continues `previous` (a piece the page layout could not join): no title of its
 * own and the same header words, or no header at all and as many columns.
 */
export function continuesTable(previous: Table, table: Table): boolean {
  if ((table.title ?? '').trim() !== '' && kindOfTitle(signatureOf(table).title) !== null) return false;
  if (table.nCols !== previous.nCols) return false;
  const words = (t: Table) => [...new Set(signatureOf(t).paths.flatMap((p) => p.split('/')).filter((w) => w !== ''))].sort().join('|');
  return table.headerRows === 0 || words(table) === words(previous);
}
