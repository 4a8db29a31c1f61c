/** Building check rows: an identity, what it expected, what the document printed, and the slack. */
import type { CheckRow } from '../../../schemas/records.js';
import { printedDecimals, UNITS_IN_FEN, type MoneyUnit } from '../amounts.js';
import { trailingUnit } from '../../../extractors/common/vocabulary.js';

/**
 * A check before it is stored, with the figures it went through (cell refs "seq:row:col" of
 * table figures, "fact:n" of prose figures): `cells` every figure it involves, `verifies` those a
 * success confirms (all of them unless said otherwise). Neither is stored; they decide
 * `verified` (domain/verify.ts).
 */
export type CheckDraft = Omit<CheckRow, 'doc_id'> & { cells?: string[]; verifies?: string[] };

export function check(rule: string, subject: string | null, expected: number, actual: number, tolerance: number, detail: string | null = null): CheckDraft {
  const ok = Math.abs(expected - actual) <= tolerance + 1e-9 ? 1 : 0;
  return { rule, subject, expected: round(expected), actual: round(actual), ok, detail };
}

function round(n: number): number {
  return Math.round(n * 1e6) / 1e6;
}

/** Half a unit of the last decimal printed among figures in `unit`, in 元. */
export function halfUnitYuan(unit: MoneyUnit, raws: readonly string[]): number {
  const decimals = Math.max(0, ...raws.map(printedDecimals));
  return ((Number(UNITS_IN_FEN[unit]) / 100) * 10 ** -decimals) / 2;
}

/** Half a unit of the last printed decimal of a figure like "1089.3万元", in 元. */
export function roundingSlackYuan(raw: string): number {
  const unit = trailingUnit(raw);
  const number = /(\d[\d,]*(?:\.\d+)?)\s*(?:亿元|万元|千元|元)?\s*$/.exec(raw)?.[1] ?? '';
  return halfUnitYuan(unit ?? '元', [number]);
}
