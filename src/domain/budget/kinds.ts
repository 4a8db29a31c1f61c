/**
 * Which standard budget table a table is, by content: its title when it has one, its header
 * signature (科目编码, 基本支出/项目支出, 人员经费/公用经费, two 收入|支出 halves …) otherwise,
 * from the specs (specs.ts). Titles vary by province and year (收支总表, 部门收支总表, 收支预算
 * 总表, 收入支出决算总表 …), so no exact title is required, and a table that matches nothing keeps
 * kind null.
 */
import type { Table } from '../../../schemas/document.js';
import { compactHeader, headerPaths } from '../header-paths.js';
import { tableToGrid } from '../../../extractors/common/table-grid.js';
import type { TableKind } from '../../../schemas/records.js';
import { indicatorHeader } from '../goal-tables.js';
import { CODE_HEADER, NOT_STANDARD_TITLE, SPECS, type BudgetTableKind } from './specs.js';

export type { BudgetTableKind } from './specs.js';
export { CODED_KINDS, LINE_KINDS, TWO_HALF_KINDS } from './specs.js';

export interface TableSignature {
  title: string;
  header: string;
  paths: string[];
}

export function signatureOf(table: Table): TableSignature {
  const paths = table.headerRows > 0 ? headerPaths(table) : [];
  return { title: compactHeader(table.title ?? '').replace(/[“”"]/g, ''), header: paths.join('|'), paths };
}

/** The side (收入 or 支出) a header path of a two-halves table belongs to, from its words. */
export function sideOfPath(path: string): '收入' | '支出' | null {
  const first = path.split('/')[0] ?? '';
  if (/^(?:本年|当年)?(?:财政拨款)?收入/.test(first)) return '收入';
  if (/^(?:本年|当年)?(?:财政拨款)?支出/.test(first)) return '支出';
  return null;
}

function isTwoHalves(sig: TableSignature): boolean {
  const sides = new Set(sig.paths.map(sideOfPath));
  return sides.has('收入') && sides.has('支出');
}

/** The kind a title alone names, when it names one. */
export function kindOfTitle(title: string): BudgetTableKind | null {
  if (title === '') return null;
  const spec = SPECS.find((s) => s.title.test(title));
  // Project lists, purchased services and the like share the standard tables' words.
  if (!spec || ((spec.layout === 'coded' || spec.layout === 'two_halves') && NOT_STANDARD_TITLE.test(title))) return null;
  return spec.kind;
}

/** The kind a header alone shows, for tables printed without a title (or one we did not catch). */
function kindOfHeader(sig: TableSignature): BudgetTableKind | null {
  const twoHalves = isTwoHalves(sig);
  const coded = CODE_HEADER.test(sig.header);
  return SPECS.find((s) => s.header?.(sig.header, twoHalves, coded))?.kind ?? null;
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

/** Whether the table opens with an indicator grid's header (一级指标 | 二级指标 …) in its first row. */
function opensWithIndicators(table: Table): boolean {
  return indicatorHeader(tableToGrid(table))?.row === 0;
}

/**
 * Whether `table` continues `previous` (a piece the page layout could not join): no title of its
 * own, and the same header words or no header at all and as many columns; or, after a goal form
 * or an indicator grid, a page of indicators under their own header row. The one place this is
 * decided for the domain parsers (domain/index.ts records it on each table).
 */
export function continuesTable(previous: Table, table: Table, previousKind: TableKind | null = null): boolean {
  if ((table.title ?? '').trim() !== '' && kindOfTitle(signatureOf(table).title) !== null) return false;
  const afterGoals = previousKind === 'performance_goal' || previousKind === 'project_self_eval' || indicatorHeader(tableToGrid(previous)) !== null;
  if (afterGoals && opensWithIndicators(table)) return true;
  if (table.nCols !== previous.nCols) return false;
  const words = (t: Table) => [...new Set(signatureOf(t).paths.flatMap((p) => p.split('/')).filter((w) => w !== ''))].sort().join('|');
  return table.headerRows === 0 || words(table) === words(previous);
}
