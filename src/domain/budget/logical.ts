/**
 * A standard table as read — possibly in pieces the page layout could not join — and the roles
 * of its rows (specs.ts): its 合计 line; a summary's 本年收入合计, 上年结转, 收入总计 …; a
 * three-public table's items. The checks and the facts find rows and figures only through here.
 */
import type { TableKind } from '../../../schemas/records.js';
import type { MoneyUnit } from '../amounts.js';
import { printedBefore, type AmountCell, type BudgetLine } from './rows.js';
import { BASIC_HALF_ROWS, plainName, stageFit, stageOfWords, SUMMARY_ROWS, THREE_PUBLIC_ROWS, type OwnFigures, type RowRole, type Side } from './specs.js';

export interface TablePiece {
  seq: number;
  paths: string[];
  lines: BudgetLine[];
  /** The row identities (合计 = Σ parts), where the figures chose another total than the header. */
  identities?: { total: number; parts: number[] }[];
}

export interface LogicalTable {
  kind: TableKind;
  pieces: TablePiece[];
  unit: MoneyUnit;
  pageFirst: number | null;
}

export const linesOf = (t: LogicalTable): BudgetLine[] => t.pieces.flatMap((p) => p.lines);

const onSide = (a: AmountCell, line: BudgetLine, side?: Side | null) => !side || line.side === side || (line.side === null && a.label.includes(side));

/**
 * A line's own figure, in one half when the table has two: the 合计 column when there is one,
 * else the first column of the document's own figures.
 */
export function figure(line: BudgetLine | undefined, side?: Side | null): AmountCell | null {
  if (!line) return null;
  const amounts = line.amounts.filter((a) => onSide(a, line, side) && !a.other);
  return amounts.find((a) => a.measure === 'total') ?? amounts[0] ?? null;
}

/** The cell of a line with the given measure (the document's own column of it). */
export function cellOf(line: BudgetLine | undefined, measure: string): AmountCell | null {
  return line?.amounts.find((a) => a.measure === measure && !a.other) ?? null;
}

const SUMMARY_SIDE: Partial<Record<RowRole, Side>> = {
  income_current_year: '收入', carryover_begin: '收入', income_total: '收入',
  expenditure_current_year: '支出', carryover_end: '支出', expenditure_total: '支出',
};

const NUMBERED_NAME = /^(?:[一二三四五六七八九十]+[、.．]|\d+[、.．]|[（(][一二三四五六七八九十\d]+[)）])/;

const sideLines = (lines: readonly BudgetLine[], side: Side) => lines.filter((l) => l.side === side && figure(l, side) !== null);
const isTotalLine = (l: BudgetLine) => l.isTotal && !/^其中/.test(l.name.replace(/\s+/g, ''));

/**
 * The lines of one half of a summary by role, from the half's structure: its last total line is
 * the grand total (收入总计, or 收入合计 where no 总计 is printed); a total line above it, or one
 * named 本年/当年, the current year's; the lines between them add the carry-over.
 */
export function summaryHalf(lines: readonly BudgetLine[], side: Side): { current: BudgetLine | null; grand: BudgetLine | null; between: BudgetLine[] } {
  const half = sideLines(lines, side);
  const totals = half.filter(isTotalLine);
  const currentRe = side === '收入' ? SUMMARY_ROWS.income_current_year : SUMMARY_ROWS.expenditure_current_year;
  const named = totals.find((l) => currentRe.test(plainName(l.name))) ?? null;
  const last = totals[totals.length - 1] ?? null;
  const grand = last && last !== named ? last : null;
  const current = named ?? (totals.length >= 2 ? totals[totals.length - 2]! : null);
  const lines_ = current && grand ? half.filter((l) => printedBefore(current, l) && printedBefore(l, grand) && !isTotalLine(l) && !/^其中/.test(l.name.replace(/\s+/g, ''))) : [];
  // "年初财政拨款结转和结余" itemised by "一、一般公共预算拨款 …" under it: the head is the term.
  const heads = lines_.filter((l) => !NUMBERED_NAME.test(l.name.replace(/\s+/g, '')));
  const between = heads.length > 0 && heads.length < lines_.length ? heads : lines_;
  return { current, grand, between };
}

/** How well a line named by a stage (上年预算数, 2026年预算数) fits the document's own figures. */
function stageLineFit(name: string, own: OwnFigures): number | null {
  const stage = stageOfWords(plainName(name));
  return stage ? stageFit(stage, own) : null;
}

/** The line of a table with the given role, for a document of the given stage and year. */
export function lineWithRole(t: LogicalTable, role: RowRole, own: OwnFigures): BudgetLine | undefined {
  const lines = linesOf(t);
  const side = SUMMARY_SIDE[role];
  if (side) {
    const half = summaryHalf(lines, side);
    if (role === 'income_total' || role === 'expenditure_total') return half.grand ?? undefined;
    if (role === 'income_current_year' || role === 'expenditure_current_year') return half.current ?? undefined;
    const re = SUMMARY_ROWS[role as 'carryover_begin' | 'carryover_end'];
    return sideLines(lines, side).find((l) => re.test(plainName(l.name)));
  }
  if (t.kind === 'three_public') {
    if (role !== 'total') return lines.find((l) => THREE_PUBLIC_ROWS[role as keyof typeof THREE_PUBLIC_ROWS]?.test(plainName(l.name)));
    const named = lines.find((l) => THREE_PUBLIC_ROWS.total.test(plainName(l.name)));
    if (named) return named;
    // Items printed as columns, one line per stage (上年预算数 | 本年预算数): the document's own.
    const staged = lines.map((l) => ({ l, fit: stageLineFit(l.name, own) })).filter((x) => x.fit !== null);
    if (staged.length > 0) return staged.reduce((a, b) => (b.fit! > a.fit! ? b : a)).l;
    // One line of figures (合计 or no name at all), unless it names one of the items.
    const items = Object.values(THREE_PUBLIC_ROWS).slice(1);
    return lines.length === 1 && !items.some((re) => re.test(plainName(lines[0]!.name))) ? lines[0] : undefined;
  }
  if (role === 'personnel' || role === 'public') return lines.find((l) => BASIC_HALF_ROWS[role].test(plainName(l.name)));
  return role === 'total' ? lines.find(isTotalLine) : undefined;
}
