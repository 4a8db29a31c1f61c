/**
 * The identities of the standard tables (DOMAIN.md), evaluated on what was read; a failure is
 * recorded, never corrected:
 * - every row: a column's 合计/小计 equals the columns it totals (from the header's grouping);
 * - hierarchy: each 类 = Σ its 款, each 款 = Σ its 项, the 合计 line = Σ the 类 lines;
 * - summary: 本年收入合计 + 上年结转 = 收入总计 = 支出总计 = 本年支出合计 + 年终结转结余, and the
 *   numbered lines of each half add up to its 本年 total;
 * - three public: 合计 = 出国 + 公务用车 + 接待, 公务用车 = 购置 + 运行维护;
 * - across tables: the summary's expenditure by function class = the expenditure table's 类 lines.
 */
import type { TableKind } from '../../../schemas/records.js';
import type { MoneyUnit } from '../amounts.js';
import { check, halfUnitYuan, type CheckDraft } from '../checks/check.js';
import { columnRoles } from './columns.js';
import { CODED_KINDS, TWO_HALF_KINDS } from './kinds.js';
import { figure, findLine, linesOf, type LogicalTable } from './logical.js';
import type { AmountCell, BudgetLine } from './rows.js';
import { plainName, SUMMARY_NAMES as S, THREE_PUBLIC_NAMES as P } from './summary-names.js';

export type { LogicalTable } from './logical.js';

const yuan = (fen: number) => fen / 100;

function sumCheck(rule: string, subject: string, unit: MoneyUnit, total: AmountCell | null, parts: readonly (AmountCell | null)[], detail: string): CheckDraft | null {
  const present = parts.filter((p): p is AmountCell => p !== null);
  if (total === null && present.length === 0) return null;
  const expected = present.reduce((s, p) => s + p.fen, 0);
  const raws = [total?.raw ?? '', ...present.map((p) => p.raw)];
  const tolerance = halfUnitYuan(unit, raws) * Math.max(1, present.length);
  return check(rule, subject, yuan(expected), yuan(total?.fen ?? 0), tolerance, detail);
}

const cellAt = (line: BudgetLine, col: number) => line.amounts.find((a) => a.col === col) ?? null;
const subjectOf = (line: BudgetLine) => (line.code ? `${line.code} ${line.name}` : line.name);

interface RowIdentity {
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
    for (const id of rowIdentities(piece.paths)) {
      const detail = `${piece.paths[id.total]} = ${id.parts.map((c) => piece.paths[c]).join(' + ')}`;
      for (const line of piece.lines) {
        const c = sumCheck(`${t.kind}.row_total`, subjectOf(line), t.unit, cellAt(line, id.total), id.parts.map((p) => cellAt(line, p)), detail);
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

/** 类 = Σ 款 and 款 = Σ 项 within each block; the 合计 line = Σ every 类 line of the table. */
function hierarchyChecks(t: LogicalTable): CheckDraft[] {
  const all = t.pieces.flatMap((p) => p.lines.map((line) => ({ line, paths: p.paths })));
  const out = hierarchyBlocks(all).flatMap((block) => parentChecks(t, block));
  const classes = all.filter((l) => l.line.code !== null && l.line.level === 1 && l.line.classification !== 'item').map((l) => l.line);
  const totalLine = all.find((l) => l.line.isTotal);
  if (totalLine && classes.length > 0) {
    for (const col of amountColumns(all)) {
      const c = sumCheck(`${t.kind}.hierarchy`, totalLine.line.name, t.unit, cellAt(totalLine.line, col), classes.map((k) => cellAt(k, col)), `${totalLine.paths[col]}: 合计 = Σ ${classes.length} 类 line(s)`);
      if (c) out.push(c);
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


function summaryChecks(t: LogicalTable): CheckDraft[] {
  const lines = linesOf(t);
  const out: (CheckDraft | null)[] = [];
  const incomeNow = findLine(lines, S.incomeCurrentYear, '收入');
  const carryIn = findLine(lines, S.carryoverBegin, '收入');
  const incomeAll = findLine(lines, S.incomeTotal, '收入');
  const spendNow = findLine(lines, S.expenditureCurrentYear, '支出');
  const carryOut = findLine(lines, S.carryoverEnd, '支出');
  const spendAll = findLine(lines, S.expenditureTotal, '支出');
  const rule = `${t.kind}.totals`;
  if (incomeAll && incomeNow) out.push(sumCheck(rule, '收入总计', t.unit, figure(incomeAll, '收入'), [figure(incomeNow, '收入'), figure(carryIn, '收入')], '本年收入合计 + 上年结转结余 = 收入总计'));
  if (spendAll && spendNow) out.push(sumCheck(rule, '支出总计', t.unit, figure(spendAll, '支出'), [figure(spendNow, '支出'), figure(carryOut, '支出')], '本年支出合计 + 年终结转结余 = 支出总计'));
  if (incomeAll && spendAll) out.push(sumCheck(rule, '收入总计 = 支出总计', t.unit, figure(spendAll, '支出'), [figure(incomeAll, '收入')], '收入总计 = 支出总计'));
  // The numbered lines above a half's 本年 total (those below it itemise the carry-over).
  const numbered = (side: '收入' | '支出', above: BudgetLine) =>
    lines.filter((l) => l.row < above.row && /^[一二三四五六七八九十]+、/.test(l.name.replace(/\s+/g, '')) && figure(l, side) !== null);
  if (incomeNow) out.push(sumCheck(rule, '本年收入合计', t.unit, figure(incomeNow, '收入'), numbered('收入', incomeNow).map((l) => figure(l, '收入')), '本年收入合计 = Σ 一、二、… income lines'));
  if (spendNow) out.push(sumCheck(rule, '本年支出合计', t.unit, figure(spendNow, '支出'), numbered('支出', spendNow).map((l) => figure(l, '支出')), '本年支出合计 = Σ 一、二、… expenditure lines'));
  return out.filter((c): c is CheckDraft => c !== null);
}

function threePublicChecks(t: LogicalTable): CheckDraft[] {
  const lines = linesOf(t);
  const out: (CheckDraft | null)[] = [];
  const rule = 'three_public.sum';
  const total = findLine(lines, P.total);
  const abroad = findLine(lines, P.abroad);
  const vehicles = findLine(lines, P.vehicles);
  const purchase = findLine(lines, P.purchase);
  const operation = findLine(lines, P.operation);
  const reception = findLine(lines, P.reception);
  if (total && (abroad || vehicles || reception)) out.push(sumCheck(rule, total.name, t.unit, figure(total), [figure(abroad), figure(vehicles), figure(reception)], '合计 = 因公出国（境）费 + 公务用车购置及运行维护费 + 公务接待费'));
  if (vehicles && (purchase || operation)) out.push(sumCheck(rule, vehicles.name, t.unit, figure(vehicles), [figure(purchase), figure(operation)], '公务用车购置及运行维护费 = 购置费 + 运行维护费'));
  // Printed the other way round: the expense items as columns of one line.
  for (const line of lines) {
    const by = (m: string) => line.amounts.find((a) => a.measure === m) ?? null;
    if (by('abroad') || by('reception')) {
      const all = by('total');
      if (all) out.push(sumCheck(rule, line.name, t.unit, all, [by('abroad'), by('vehicles'), by('reception')], '合计 = 因公出国（境）费 + 公务用车购置及运行维护费 + 公务接待费'));
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
  const summaryLines = linesOf(summary);
  const out: CheckDraft[] = [];
  for (const cls of classes) {
    const mine = summaryLines.find((l) => plainName(l.name) === plainName(cls.name) && l.amounts.some((a) => a.label.startsWith('支出')));
    const theirs = figure(cls);
    if (!mine || !theirs) continue;
    const c = sumCheck('cross.summary_vs_expenditure', `${cls.code} ${cls.name}`, summary.unit, figure(mine, '支出'), [theirs], `收支总表 ${mine.name} = ${spending.kind} ${cls.code}`);
    if (c) out.push(c);
  }
  return out;
}

export function budgetChecks(tables: readonly LogicalTable[]): CheckDraft[] {
  const out: CheckDraft[] = [];
  const kinds = new Set(tables.map((t) => t.kind));
  if (!['summary', 'expenditure', 'gpb_expenditure'].some((k) => kinds.has(k as TableKind))) {
    out.push({ rule: 'budget.tables_recognised', subject: null, expected: 1, actual: 0, ok: 0, detail: 'no summary (收支总表) or expenditure (支出总表) table was recognised' });
  }
  for (const t of tables) {
    if (CODED_KINDS.has(t.kind)) out.push(...rowChecks(t), ...hierarchyChecks(t));
    else if (TWO_HALF_KINDS.has(t.kind)) out.push(...summaryChecks(t));
    else if (t.kind === 'three_public') out.push(...rowChecks(t), ...threePublicChecks(t));
  }
  out.push(...crossChecks(tables));
  return out;
}
