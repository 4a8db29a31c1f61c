/**
 * A standard table as read — possibly in pieces the page layout could not join — and how to
 * find its lines and figures by name, for the checks and the facts alike.
 */
import type { TableKind } from '../../../schemas/records.js';
import type { MoneyUnit } from '../amounts.js';
import type { AmountCell, BudgetLine } from './rows.js';
import { plainName } from './summary-names.js';

export interface TablePiece {
  seq: number;
  paths: string[];
  lines: BudgetLine[];
}

export interface LogicalTable {
  kind: TableKind;
  pieces: TablePiece[];
  unit: MoneyUnit;
  pageFirst: number | null;
}

export type Side = '收入' | '支出';

export const linesOf = (t: LogicalTable): BudgetLine[] => t.pieces.flatMap((p) => p.lines);

/** A line's figure in one half or column: the 合计 column when there is one, else the first. */
export function figure(line: BudgetLine | undefined, side?: Side): AmountCell | null {
  if (!line) return null;
  const amounts = side ? line.amounts.filter((a) => a.label.startsWith(side)) : line.amounts;
  return amounts.find((a) => a.measure === 'total') ?? amounts[0] ?? null;
}

/** The first line whose printed name (numbering and 其中 aside) matches, in the given half. */
export function findLine(lines: readonly BudgetLine[], name: RegExp, side?: Side): BudgetLine | undefined {
  return lines.find((l) => name.test(plainName(l.name)) && (!side || l.amounts.length === 0 || l.amounts.some((a) => a.label.startsWith(side))));
}
