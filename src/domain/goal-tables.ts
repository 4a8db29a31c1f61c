/**
 * Performance-goal tables (绩效目标表 / 绩效目标申报表) as printed in budgets: a form per project —
 * 项目编码, 项目名称, 预算数 with its fund sources, 资金用途, 资金支出计划, 绩效目标 — above an
 * indicator grid (一级指标 | 二级指标 | 三级指标 | 绩效指标描述 | 指标值 | 指标值确定依据). Some
 * provinces print every project in one long table with the project in a left column and the
 * target split into 指标性质 | 指标值 | 度量单位. Both give one indicator per grid row.
 */
import { tableToGrid } from '../../extractors/common/table-grid.js';
import { unitNamedIn } from '../../extractors/common/vocabulary.js';
import type { GoalProjectRow } from '../../schemas/records.js';
import { parseAmount, isMoneyUnit, type MoneyUnit } from './amounts.js';
import type { IndicatorDraft, ParsedTable } from './parsed.js';
import { parseTarget, type TargetOp } from './targets.js';

/** A goal form before the store gives it ids: the table is named by its position. */
export type GoalProjectDraft = Omit<GoalProjectRow, 'doc_id' | 'table_id'> & { table_seq: number };

const compact = (s: string) => s.replace(/\s+/g, '');

type IndicatorColumn = 'level1' | 'level2' | 'level3' | 'description' | 'target' | 'op' | 'unit' | 'basis' | 'project' | 'actual' | 'weight' | 'score';

const COLUMN_WORDS: readonly [RegExp, IndicatorColumn][] = [
  [/^一级指标$/, 'level1'],
  [/^二级指标$/, 'level2'],
  [/^三级指标(名称)?$/, 'level3'],
  [/^(绩效)?指标(描述|内容|说明|解释)$/, 'description'],
  [/^(年度)?(指标值|目标值|预期目标|绩效目标值|指标目标值)$/, 'target'],
  [/^(指标性质|运算符号|符号)$/, 'op'],
  [/^(度量单位|计量单位|单位)$/, 'unit'],
  [/^(指标值确定依据|依据|确定依据|指标值设定依据)$/, 'basis'],
  [/^(项目名称|项目)$/, 'project'],
  [/^(实际完成值|全年实际值|完成值)$/, 'actual'],
  [/^(指标)?(分值|权重)$/, 'weight'],
  [/^(自评)?得分$/, 'score'],
];

/** The indicator grid's header row and what each column holds, if the grid has one. */
export function indicatorHeader(grid: readonly (readonly string[])[]): { row: number; columns: Map<IndicatorColumn, number> } | null {
  for (let r = 0; r < grid.length; r++) {
    const cells = grid[r]!.map(compact);
    if (!cells.includes('一级指标') || !cells.includes('二级指标')) continue;
    const columns = new Map<IndicatorColumn, number>();
    cells.forEach((text, c) => {
      const hit = COLUMN_WORDS.find(([re]) => re.test(text))?.[1];
      if (hit && !columns.has(hit)) columns.set(hit, c);
    });
    return { row: r, columns };
  }
  return null;
}

const OP_WORDS: Record<string, TargetOp> = { '≥': '>=', '>=': '>=', '＞': '>', '>': '>', '≤': '<=', '<=': '<=', '＜': '<', '<': '<', '＝': '=', '=': '=' };

type FormFields = Omit<GoalProjectDraft, 'table_seq' | 'page'>;

/** The value printed after a label in the form rows: the next non-empty cell to its right. */
function valueAfter(grid: readonly (readonly string[])[], label: RegExp, end: number): { text: string; row: number; col: number } | null {
  for (let r = 0; r < end; r++) {
    const row = grid[r]!;
    for (let c = 0; c < row.length; c++) {
      if (!label.test(compact(row[c]!))) continue;
      for (let k = c + 1; k < row.length; k++) if (row[k]!.trim() !== '') return { text: row[k]!.trim(), row: r, col: k };
      return null;
    }
  }
  return null;
}

/** The labels of a goal form's 目标 rows; a label is never a goal's text. */
const GOAL_LABEL = /^(年度|总体|中期|长期|实施期)?(绩效)?目标$/;

/**
 * The project's (annual) goal: the text beside the 年度目标 label, or under it when the form
 * prints 中期目标 | 年度目标 as column labels over the texts; failing that, beside 绩效目标 or
 * 总体目标. A form with the goal cells left empty has no goal, not the next label's text.
 */
function goalOf(grid: readonly (readonly string[])[], end: number): string | null {
  const beside = (r: number, c: number) => {
    const row = grid[r]!;
    for (let k = c + 1; k < row.length; k++) {
      const text = row[k]!.trim();
      if (GOAL_LABEL.test(compact(text))) return null;
      if (text !== '') return text;
    }
    return null;
  };
  const below = (r: number, c: number) => {
    const text = (grid[r + 1]?.[c] ?? '').trim();
    return r + 1 < end && text !== '' && !GOAL_LABEL.test(compact(text)) ? text : null;
  };
  const find = (label: RegExp, orBelow: boolean): string | null => {
    for (let r = 0; r < end; r++) {
      const c = grid[r]!.findIndex((text) => label.test(compact(text)));
      if (c >= 0) return beside(r, c) ?? (orBelow ? below(r, c) : null);
    }
    return null;
  };
  return find(/^年度(绩效)?目标$/, true) ?? find(/^(绩效目标|总体目标)$/, false);
}

/** A unit printed in the form's own labels: 年度资金总额（万元）, 金额单位：元. */
function unitInForm(grid: readonly (readonly string[])[], end: number): MoneyUnit | null {
  for (const row of grid.slice(0, end)) {
    for (const cell of row) {
      const unit = /[（(][^）)]*[）)]|单位\s*[:：]/.test(cell) ? unitNamedIn(cell) : null;
      if (unit) return unit;
    }
  }
  return null;
}

/** The form's fields; its amounts in `unit` (null: the document declares none, amounts not read). */
function formFields(grid: readonly (readonly string[])[], end: number, unit: MoneyUnit | null): FormFields {
  const money = (label: RegExp) => {
    const v = unit ? valueAfter(grid, label, end) : null;
    const a = v && unit ? parseAmount(v.text, unit) : null;
    return a?.kind === 'amount' ? a.fen : null;
  };
  // The row under the 资金用途 label row carries the purpose; under 资金支出计划 its percentages.
  const labelRow = (re: RegExp) => grid.slice(0, end).findIndex((row) => re.test(compact(row[0] ?? '')));
  const purposeRow = labelRow(/资金用途|预算规模/);
  const purpose = purposeRow >= 0 ? (grid[purposeRow + 1] ?? []).filter((c) => c.trim() !== '' && !/^\d/.test(c)).join(' ') : '';
  const planRow = labelRow(/资金支出计划/);
  const plan = planRow >= 0 ? spendingPlan(grid, planRow, end) : '';
  return {
    project_code: valueAfter(grid, /^项目(编码|代码|编号)$/, end)?.text ?? null,
    project: valueAfter(grid, /^项目名称$/, end)?.text ?? null,
    amount_fen: money(/^(预算数|预算金额|年度预算|资金总额|项目总额)/),
    fiscal_fen: money(/财政资金$|财政拨款$/),
    other_fen: money(/^其他资金$/),
    purpose: purpose || null,
    spending_plan: plan || null,
    goal: goalOf(grid, end),
  };
}

/**
 * 资金支出计划: each percentage with the month printed above it in its column ("10月底 100%"),
 * read from the plan's rows down to the next labelled row; a month printed without a figure
 * says nothing and is left out.
 */
function spendingPlan(grid: readonly (readonly string[])[], planRow: number, end: number): string {
  let last = planRow + 1;
  while (last < end && (grid[last]![0] ?? '').trim() === '') last++;
  const pairs: { row: number; col: number; text: string }[] = [];
  const nCols = grid[planRow]!.length;
  for (let c = 1; c < nCols; c++) {
    let month: string | null = null;
    for (let r = planRow; r < last; r++) {
      const text = (grid[r]![c] ?? '').trim();
      if (/月|季度|年底|前/.test(text) && !/%$/.test(text)) month = text;
      else if (/^\d+(\.\d+)?%$/.test(text) && month) pairs.push({ row: r, col: c, text: `${month} ${text}` });
    }
  }
  return pairs.sort((a, b) => a.col - b.col || a.row - b.row).map((p) => p.text).join('；');
}

/** A row cut by a page: no target and no description, its words the tails of the row above's. */
function isCutRow(cells: Record<IndicatorColumn, string>): boolean {
  const nothingStated = cells.target === '' && cells.description === '' && cells.basis === '' && cells.level1 === '';
  return nothingStated && (cells.level2 !== '' || cells.level3 !== '');
}

/**
 * Appends the indicators of one grid. `continuing`: the grid carries on the indicators of the
 * table before it, so its first row may be the tail of a row the page cut.
 */
function indicatorsOf(grid: readonly (readonly string[])[], header: NonNullable<ReturnType<typeof indicatorHeader>>, seq: number, project: string | null, into: IndicatorDraft[], continuing = false): void {
  const col = (name: IndicatorColumn, row: readonly string[]) => {
    const c = header.columns.get(name);
    return c === undefined ? '' : (row[c] ?? '').trim();
  };
  const carried = continuing ? into[into.length - 1] : undefined;
  let level1 = carried?.level1 ?? '';
  let level2 = carried?.level2 ?? '';
  let currentProject = project;
  const names: IndicatorColumn[] = ['level1', 'level2', 'level3', 'description', 'target', 'op', 'unit', 'basis', 'project', 'actual', 'weight', 'score'];
  for (let r = header.row + 1; r < grid.length; r++) {
    const row = grid[r]!;
    const cells = Object.fromEntries(names.map((n) => [n, col(n, row)])) as Record<IndicatorColumn, string>;
    if (names.every((n) => cells[n] === '')) continue;
    const previous = into[into.length - 1];
    const mayFold = previous !== undefined && (previous.table_seq === seq || (continuing && r === header.row + 1));
    if (mayFold && isCutRow(cells)) {
      const descriptionWasName = previous.description === previous.level3;
      previous.level2 = `${previous.level2 ?? ''}${cells.level2}`;
      if (cells.level3) previous.level3 = `${previous.level3 ?? ''}${cells.level3}`;
      if (descriptionWasName) previous.description = previous.level3 ?? previous.description;
      level2 = previous.level2;
      continue;
    }
    if (cells.project) currentProject = cells.project;
    if (cells.level1) level1 = cells.level1;
    if (cells.level2) level2 = cells.level2;
    if (cells.level3 === '' && cells.target === '' && cells.description === '') continue;
    const target = readTarget(cells);
    into.push({
      table_seq: seq,
      goal_seq: null,
      project: currentProject,
      level1: level1 || null,
      level2: level2 || null,
      level3: cells.level3 || null,
      description: cells.description || cells.level3,
      target_raw: target.raw,
      target_op: target.op,
      target_value: target.value,
      target_unit: target.unit,
      actual_raw: cells.actual || null,
      weight: numberOrNull(cells.weight),
      score: numberOrNull(cells.score),
      basis: cells.basis || null,
    });
  }
}

function numberOrNull(text: string): number | null {
  const n = Number(text.replace(/[,，\s]/g, ''));
  return text.trim() !== '' && Number.isFinite(n) ? n : null;
}

function readTarget(cells: Record<IndicatorColumn, string>): { raw: string | null; op: TargetOp | null; value: number | null; unit: string | null } {
  if (cells.op !== '' || cells.unit !== '') {
    // Printed as three columns: 指标性质 (≥, ＝, 定性) | 指标值 | 度量单位.
    const raw = `${cells.op}${cells.target}${cells.unit}`.trim();
    const value = numberOrNull(cells.target);
    const op = OP_WORDS[cells.op] ?? (value !== null ? '=' : null);
    return { raw: raw || null, op: value !== null ? op : null, value, unit: value !== null ? cells.unit || null : null };
  }
  if (cells.target === '') return { raw: null, op: null, value: null, unit: null };
  const t = parseTarget(cells.target);
  return { raw: cells.target, op: t?.op ?? null, value: t?.value ?? null, unit: t?.unit ?? null };
}

/** The goal forms and their indicators, from every performance-goal table (and its cut-off pieces). */
export function readGoalTables(tables: readonly ParsedTable[]): { projects: GoalProjectDraft[]; indicators: IndicatorDraft[]; problems: string[] } {
  const projects: GoalProjectDraft[] = [];
  const indicators: IndicatorDraft[] = [];
  let unitless = 0;
  let lastGoal: { seq: number; project: string | null } | null = null;
  tables.forEach(({ kind, table, unit, continues }, seq) => {
    const grid = tableToGrid(table);
    const header = indicatorHeader(grid);
    // A page's worth of indicators the layout could not join to the goal table before it.
    if (continues && header && lastGoal && lastGoal.seq === seq - 1) {
      indicatorsOf(grid, header, seq, lastGoal.project, indicators, true);
      lastGoal = { seq, project: lastGoal.project };
      return;
    }
    if (kind === 'performance_goal' || kind === 'project_self_eval') {
      const end = header?.row ?? grid.length;
      const formUnit = (isMoneyUnit(table.unit) ? table.unit : null) ?? unitInForm(grid, end) ?? unit ?? null;
      const fields = formFields(grid, end, formUnit);
      if (!formUnit && valueAfter(grid, /^(预算数|预算金额|年度预算|资金总额|项目总额)/, end)) unitless++;
      const hasForm = fields.project !== null || fields.project_code !== null || fields.goal !== null;
      if (hasForm) projects.push({ table_seq: seq, ...fields, page: table.pageFirst });
      if (header) indicatorsOf(grid, header, seq, fields.project, indicators);
      lastGoal = { seq, project: fields.project };
      return;
    }
    // A self-evaluation grid under another title (部门整体绩效自评表): its indicators, with their
    // actual values and scores, without a project form.
    if (kind === null && header && (header.columns.has('actual') || header.columns.has('score'))) {
      indicatorsOf(grid, header, seq, null, indicators);
      lastGoal = { seq, project: null };
      return;
    }
    lastGoal = null;
  });
  const problems = unitless > 0 ? [`${unitless} goal form(s) print amounts without a unit anywhere in the document: their amounts are not read`] : [];
  return { projects, indicators, problems };
}
