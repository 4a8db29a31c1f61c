/**
 * The identities of the standard tables (DOMAIN.md), evaluated on what was read; a failure is
 * recorded, never corrected:
 * - every row: a column's 合计/小计 equals the columns it totals (from the header's grouping);
 * - hierarchy: each 类 = Σ its 款, each 款 = Σ its 项, the 合计 line = Σ the 类 lines;
 * - summary: 收入总计 = 本年收入合计 + the lines printed between them (上年结转, 使用非财政拨款
 *   结余 …), the same for 支出, 收入总计 = 支出总计, and the numbered lines of each half add up to
 *   its 本年 total;
 * - three public: 合计 = 出国 + 公务用车 + 接待, 公务用车 = 购置 + 运行维护;
 * - across tables: the summary's expenditure by function class = the expenditure table's 类 lines.
 */
import type { TableKind } from '../../../schemas/records.js';
import { UNITS_IN_FEN, type MoneyUnit } from '../amounts.js';
import { check, halfUnitYuan, type CheckDraft } from '../checks/check.js';
import { columnRoles } from './columns.js';
import { CODED_KINDS, TWO_HALF_KINDS } from './kinds.js';
import { cellOf, figure, lineWithRole, linesOf, summaryHalf, type LogicalTable } from './logical.js';
import { cellRef, printedBefore, type AmountCell, type BudgetLine } from './rows.js';
import { BASIC_HALF_ROWS, plainName, type OwnFigures } from './specs.js';

export type { LogicalTable } from './logical.js';

const yuan = (fen: number) => fen / 100;

/**
 * total = Σ parts, within the rounding the printed decimals allow. `partsVerified`: whether a
 * success confirms the parts as well as the total (a row's 基本支出 = 合计 − 项目支出 says
 * nothing about which of two columns a figure sits in; a column's sum does).
 */
function sumCheck(rule: string, subject: string, unit: MoneyUnit, total: AmountCell | null, parts: readonly (AmountCell | null)[], detail: string, partsVerified = true): CheckDraft | null {
  const present = parts.filter((p): p is AmountCell => p !== null);
  if (total === null && present.length === 0) return null;
  const expected = present.reduce((s, p) => s + p.fen, 0);
  const raws = [total?.raw ?? '', ...present.map((p) => p.raw)];
  const tolerance = halfUnitYuan(unit, raws) * Math.max(1, present.length);
  const cells = [...(total ? [total] : []), ...present].map(cellRef);
  const verifies = partsVerified ? cells : total ? [cellRef(total)] : [];
  return { ...check(rule, subject, yuan(expected), yuan(total?.fen ?? 0), tolerance, detail), cells, verifies };
}

const cellAt = (line: BudgetLine, col: number) => line.amounts.find((a) => a.col === col) ?? null;
const subjectOf = (line: BudgetLine) => (line.code ? `${line.code} ${line.name}` : line.name);

export interface RowIdentity {
  total: number;
  parts: number[];
}

interface HeaderNode {
  col: number | null;
  children: Map<string, HeaderNode>;
}

const isTotalWord = (word: string) => /^(合计|总计|小计)$|总数$|总额$/.test(word);
// "其中：…", "扣除基建项目后预算数": a part of a figure beside it, not a term of the sum.
const isMemoWord = (word: string) => /^其中|扣除|不含|^含/.test(word);

/**
 * The row identities a header's grouping states: at every level, a 合计/小计 column equals the
 * other columns beside it under the same heading, each counted once (by its own 小计 when it
 * has one). 预算数/合计 = 预算数/基本支出/小计 + 预算数/项目支出, and 预算数/基本支出/小计 =
 * 人员经费 + 公用经费.
 */
export function rowIdentities(paths: readonly string[]): RowIdentity[] {
  const roles = columnRoles(paths);
  const root: HeaderNode = { col: null, children: new Map() };
  roles.forEach((r, col) => {
    if (r.role !== 'amount') return;
    let node = root;
    for (const word of paths[col]!.split('/')) {
      let next = node.children.get(word);
      if (!next) node.children.set(word, (next = { col: null, children: new Map() }));
      node = next;
    }
    node.col = col;
  });
  const out: RowIdentity[] = [];
  // The columns that stand for a node in a sum: its own total, itself, or its children's terms.
  const terms = (node: HeaderNode): number[] => {
    if (node.col !== null) return [node.col];
    const total = [...node.children].find(([w, n]) => isTotalWord(w) && n.col !== null)?.[1];
    if (total) return [total.col!];
    return [...node.children].filter(([w]) => !isMemoWord(w)).flatMap(([, n]) => terms(n));
  };
  const visit = (node: HeaderNode): void => {
    const entries = [...node.children].filter(([w]) => !isMemoWord(w));
    const total = entries.find(([w, n]) => isTotalWord(w) && n.col !== null)?.[1];
    if (total) {
      const parts = entries.filter(([, n]) => n !== total).flatMap(([, n]) => terms(n));
      if (parts.length > 0) out.push({ total: total.col!, parts });
    }
    for (const [, child] of entries) visit(child);
  };
  visit(root);
  return out;
}

function rowChecks(t: LogicalTable): CheckDraft[] {
  const out: CheckDraft[] = [];
  for (const piece of t.pieces) {
    for (const id of piece.identities ?? rowIdentities(piece.paths)) {
      const detail = `${piece.paths[id.total]} = ${id.parts.map((c) => piece.paths[c]).join(' + ')}`;
      for (const line of piece.lines) {
        const c = sumCheck(`${t.kind}.row_total`, subjectOf(line), t.unit, cellAt(line, id.total), id.parts.map((p) => cellAt(line, p)), detail, false);
        if (c) out.push(c);
      }
    }
  }
  return out;
}

/**
 * The blocks of a table that each carry their own hierarchy: a document bundling units prints
 * each unit's lines in turn, so a code seen again starts the next unit's block.
 */
function hierarchyBlocks<T extends { line: BudgetLine }>(lines: readonly T[]): T[][] {
  const blocks: T[][] = [[]];
  let seen = new Set<string>();
  for (const l of lines) {
    if (l.line.code && seen.has(l.line.code)) {
      blocks.push([]);
      seen = new Set();
    }
    if (l.line.code) seen.add(l.line.code);
    blocks[blocks.length - 1]!.push(l);
  }
  return blocks;
}

type PlacedLine = { line: BudgetLine; paths: string[] };

const amountColumns = (lines: readonly PlacedLine[]) => [...new Set(lines.flatMap((l) => l.line.amounts.map((a) => a.col)))].sort((a, b) => a - b);

/**
 * The coded lines no printed line sums up: the 类 lines, and lines whose 类 (or 款) the table
 * leaves out — a basic-expenditure table may list 30101, 30201 … without 301 and 302.
 */
function rootLines(lines: readonly BudgetLine[]): BudgetLine[] {
  // A unit's own code (105236 西南大学) heads its lines; it is no classification level.
  const coded = lines.filter((l) => l.code !== null && l.level !== null && l.classification !== 'item');
  const printed = new Set(coded.map((l) => l.code!));
  const hasAncestor = (code: string) => [3, 5].some((n) => n < code.length && printed.has(code.slice(0, n)));
  return coded.filter((l) => !hasAncestor(l.code!));
}

/** 类 = Σ 款 and 款 = Σ 项 within each block; the 合计 line = Σ every 类 line of the table. */
function hierarchyChecks(t: LogicalTable): CheckDraft[] {
  const all = t.pieces.flatMap((p) => p.lines.map((line) => ({ line, paths: p.paths })));
  const out = hierarchyBlocks(all).flatMap((block) => parentChecks(t, block));
  const classes = rootLines(all.map((l) => l.line));
  const totalLine = all.find((l) => l.line.isTotal);
  if (totalLine && classes.length > 0) {
    for (const col of amountColumns(all)) {
      const c = sumCheck(`${t.kind}.hierarchy`, totalLine.line.name, t.unit, cellAt(totalLine.line, col), classes.map((k) => cellAt(k, col)), `${totalLine.paths[col]}: 合计 = Σ ${classes.length} top-level line(s)`);
      if (c) out.push(c);
    }
  }
  // Side-by-side halves closed by totals of their own (人员经费合计 | 公用经费合计): each = Σ its 类.
  const parts = new Set(all.map((l) => l.line.part ?? 0));
  if (parts.size > 1) {
    for (const part of parts) {
      const half = all.filter((l) => (l.line.part ?? 0) === part);
      const closing = half.find((l) => !l.line.code && Object.values(BASIC_HALF_ROWS).some((re) => re.test(plainName(l.line.name))));
      const halfClasses = rootLines(half.map((l) => l.line));
      if (!closing || halfClasses.length === 0) continue;
      for (const col of amountColumns(half)) {
        const c = sumCheck(`${t.kind}.hierarchy`, closing.line.name, t.unit, cellAt(closing.line, col), halfClasses.map((k) => cellAt(k, col)), `${closing.paths[col]}: ${plainName(closing.line.name)} = Σ ${halfClasses.length} 类 line(s) beside it`);
        if (c) out.push(c);
      }
    }
  }
  return out;
}

function parentChecks(t: LogicalTable, lines: readonly PlacedLine[]): CheckDraft[] {
  const out: CheckDraft[] = [];
  const coded = lines.filter((l) => l.line.code !== null);
  const cols = amountColumns(lines);
  const byParent = new Map<string, BudgetLine[]>();
  for (const { line } of coded) {
    if (line.parent) byParent.set(line.parent, [...(byParent.get(line.parent) ?? []), line]);
  }
  for (const { line, paths } of coded) {
    const children = byParent.get(line.code!);
    if (!children) continue;
    for (const col of cols) {
      const c = sumCheck(`${t.kind}.hierarchy`, subjectOf(line), t.unit, cellAt(line, col), children.map((k) => cellAt(k, col)), `${paths[col]}: ${line.code} = Σ ${children.length} sub-line(s)`);
      if (c) out.push(c);
    }
  }
  return out;
}

const NUMBERED = /^[一二三四五六七八九十]+、/;

function summaryChecks(t: LogicalTable): CheckDraft[] {
  const lines = linesOf(t);
  const out: (CheckDraft | null)[] = [];
  const rule = `${t.kind}.totals`;
  const income = summaryHalf(lines, '收入');
  const spending = summaryHalf(lines, '支出');
  const fig = (l: BudgetLine | null, side: '收入' | '支出') => figure(l ?? undefined, side);
  const names = (ls: readonly BudgetLine[]) => ls.map((l) => plainName(l.name)).join(' + ');
  if (income.grand && income.current) {
    out.push(sumCheck(rule, plainName(income.grand.name), t.unit, fig(income.grand, '收入'), [fig(income.current, '收入'), ...income.between.map((l) => fig(l, '收入'))], `${plainName(income.grand.name)} = ${names([income.current, ...income.between])}`));
  }
  if (spending.grand && spending.current) {
    out.push(sumCheck(rule, plainName(spending.grand.name), t.unit, fig(spending.grand, '支出'), [fig(spending.current, '支出'), ...spending.between.map((l) => fig(l, '支出'))], `${plainName(spending.grand.name)} = ${names([spending.current, ...spending.between])}`));
  }
  if (income.grand && spending.grand) out.push(sumCheck(rule, '收入总计 = 支出总计', t.unit, fig(spending.grand, '支出'), [fig(income.grand, '收入')], '收入总计 = 支出总计'));
  // The numbered lines above a half's 本年 total (those below it itemise the carry-over), each
  // list of the half on its own (a 支出 half may list by function and again by use).
  const numbered = (side: '收入' | '支出', above: BudgetLine) =>
    lines.filter((l) => l.side === side && printedBefore(l, above) && NUMBERED.test(l.name.replace(/\s+/g, '')) && figure(l, side) !== null);
  const currentOrGrand = (h: ReturnType<typeof summaryHalf>) => h.current ?? (h.between.length === 0 ? h.grand : null);
  for (const [side, half] of [['收入', income], ['支出', spending]] as const) {
    const top = currentOrGrand(half);
    if (!top) continue;
    const lists = new Map<number | undefined, BudgetLine[]>();
    for (const l of numbered(side, top)) lists.set(l.part, [...(lists.get(l.part) ?? []), l]);
    // A list whose numbering starts again (一、本年支出 over 一、一般公共服务支出 …) nests one
    // level in another: which lines are the terms the numbers cannot say.
    const restarts = (list: BudgetLine[]) => new Set(list.map((l) => NUMBERED.exec(l.name.replace(/\s+/g, ''))![0])).size < list.length;
    for (const list of [...lists.values()].filter((l) => !restarts(l))) out.push(sumCheck(rule, plainName(top.name), t.unit, fig(top, side), list.map((l) => fig(l, side)), `${plainName(top.name)} = Σ 一、二、… ${side} lines`));
  }
  return out.filter((c): c is CheckDraft => c !== null);
}

const THREE_PUBLIC_PARTS = '合计 = 因公出国（境）费 + 公务用车购置及运行维护费 + 公务接待费';
const VEHICLE_PARTS = '公务用车购置及运行维护费 = 购置费 + 运行维护费';

function threePublicChecks(t: LogicalTable, own: { basis: 'budget' | 'final'; year: number | null }): CheckDraft[] {
  const out: (CheckDraft | null)[] = [];
  const rule = 'three_public.sum';
  const line = (role: Parameters<typeof lineWithRole>[1]) => lineWithRole(t, role, own);
  // The items as rows: one line each.
  const total = line('total');
  const [abroad, vehicles, purchase, operation, reception] = (['abroad', 'vehicles', 'vehicle_purchase', 'vehicle_operation', 'reception'] as const).map(line);
  const parts = [abroad, vehicles, reception];
  if (total && (abroad || vehicles || reception) && !parts.includes(total)) out.push(sumCheck(rule, total.name, t.unit, figure(total), [figure(abroad), figure(vehicles), figure(reception)], THREE_PUBLIC_PARTS));
  if (vehicles && (purchase || operation) && vehicles !== purchase && vehicles !== operation) out.push(sumCheck(rule, vehicles.name, t.unit, figure(vehicles), [figure(purchase), figure(operation)], VEHICLE_PARTS));
  // The items as columns of a line (of each line, when one is printed per stage).
  for (const l of linesOf(t)) {
    for (const other of [false, true]) {
      const by = (m: string) => l.amounts.find((a) => a.measure.startsWith(m) && !!a.other === other && (a.measure === m || /_(?:budget|adjusted_budget|actual|prior_year|current_year)$/.test(a.measure))) ?? null;
      if (!by('abroad') && !by('reception')) continue;
      const all = by('three_public_total') ?? by('total');
      if (all) out.push(sumCheck(rule, l.name, t.unit, all, [by('abroad'), by('vehicles'), by('reception')], THREE_PUBLIC_PARTS));
      if (by('vehicles') && (by('vehicle_purchase') || by('vehicle_operation'))) out.push(sumCheck(rule, l.name, t.unit, by('vehicles'), [by('vehicle_purchase'), by('vehicle_operation')], VEHICLE_PARTS));
    }
  }
  return out.filter((c): c is CheckDraft => c !== null);
}

/** The summary's expenditure by function class against the expenditure table's 类 lines. */
function crossChecks(tables: readonly LogicalTable[]): CheckDraft[] {
  const summary = tables.find((t) => t.kind === 'summary');
  const spending = tables.find((t) => t.kind === 'expenditure') ?? tables.find((t) => t.kind === 'gpb_expenditure');
  if (!summary || !spending) return [];
  const classes = linesOf(spending).filter((l) => l.level === 1 && l.classification === 'function');
  const summaryLines = linesOf(summary).filter((l) => l.side === '支出');
  const out: CheckDraft[] = [];
  for (const cls of classes) {
    const mine = summaryLines.find((l) => plainName(l.name) === plainName(cls.name));
    const theirs = figure(cls);
    if (!mine || !theirs) continue;
    const c = sumCheck('cross.summary_vs_expenditure', `${cls.code} ${cls.name}`, summary.unit, figure(mine, '支出'), [theirs], `收支总表 ${mine.name} = ${spending.kind} ${cls.code}`);
    if (c) out.push(c);
  }
  return out;
}

/**
 * The general budget's basic spending printed twice: the 基本支出 column of the general-budget
 * expenditure table's 合计 line against the basic-expenditure table's 合计. The one identity that
 * tells the 基本支出 column from the 项目支出 beside it.
 */
function basicCrossCheck(tables: readonly LogicalTable[], own: OwnFigures): CheckDraft[] {
  const spending = tables.find((t) => t.kind === 'gpb_expenditure');
  const basic = tables.find((t) => t.kind === 'gpb_basic_expenditure');
  const basicCell = cellOf(spending && lineWithRole(spending, 'total', own), 'basic');
  const basicTotal = figure(basic && lineWithRole(basic, 'total', own));
  if (!spending || !basic || !basicCell || !basicTotal) return [];
  const coarser = UNITS_IN_FEN[spending.unit] >= UNITS_IN_FEN[basic.unit] ? spending.unit : basic.unit;
  const c = sumCheck('cross.basic_vs_gpb_expenditure', '基本支出', coarser, basicCell, [basicTotal], '一般公共预算支出表 合计/基本支出 = 一般公共预算基本支出表 合计');
  return c ? [c] : [];
}

export function budgetChecks(tables: readonly LogicalTable[], own: { basis: 'budget' | 'final'; year: number | null }): CheckDraft[] {
  const out: CheckDraft[] = [];
  const kinds = new Set(tables.map((t) => t.kind));
  if (!['summary', 'expenditure', 'gpb_expenditure'].some((k) => kinds.has(k as TableKind))) {
    out.push({ rule: 'budget.tables_recognised', subject: null, expected: 1, actual: 0, ok: 0, detail: 'no summary (收支总表) or expenditure (支出总表) table was recognised' });
  }
  for (const t of tables) {
    if (CODED_KINDS.has(t.kind)) out.push(...rowChecks(t), ...hierarchyChecks(t));
    else if (TWO_HALF_KINDS.has(t.kind)) out.push(...summaryChecks(t));
    else if (t.kind === 'three_public') out.push(...rowChecks(t), ...threePublicChecks(t, own));
  }
  out.push(...crossChecks(tables), ...basicCrossCheck(tables, own));
  return out;
}
