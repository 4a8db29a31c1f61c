/**
 * Printed amounts to exact integers of 分. Government tables print 万元 with up to six decimals,
 * thousands separators, full-width digits, blanks or dashes for nothing; floats would drift, so
 * the digits are scaled as integers.
 */
import { asciiDigits } from '../../extractors/common/normalize.js';

export const UNITS_IN_FEN = { 元: 100n, 千元: 100_000n, 万元: 1_000_000n, 亿元: 10_000_000_000n } as const;
export type MoneyUnit = keyof typeof UNITS_IN_FEN;

export function isMoneyUnit(unit: string | null | undefined): unit is MoneyUnit {
  return unit !== null && unit !== undefined && unit in UNITS_IN_FEN;
}

export type ParsedAmount =
  | { kind: 'empty' }
  | { kind: 'amount'; fen: number; exact: boolean }
  | { kind: 'text' }
  /** Digits too many to be an amount (beyond what 分 can hold exactly): a misprint or a code. */
  | { kind: 'out_of_range' };

const DECIMAL = /^([-+])?(\d+)(?:\.(\d+))?$/;

/** The largest amount stored exactly: 2^53 − 1 分 (about 90 万亿元). */
const MAX_FEN = BigInt(Number.MAX_SAFE_INTEGER);

/** The printed text with separators, spaces and full-width forms removed; "(12.5)" is negative. */
export function cleanNumber(raw: string): string {
  // A footnote mark printed on the figure (950.99 ①, 839.26#, ※1,750,000) is not part of it.
  let t = asciiDigits(raw).replace(/[\s,，']/g, '').replace(/[−–—]/g, '-').replace(/^[①-⑳*#※]+(?=[-\d(])|(?<=[\d)])[①-⑳*#※]+$/g, '');
  if (/^\(\d+(?:\.\d+)?\)$/.test(t)) t = `-${t.slice(1, -1)}`;
  return t;
}

/** Scales a decimal string by a power of ten into an integer, rounding half away from zero. */
function scaleDecimal(sign: string, whole: string, frac: string, unitFen: bigint): { fen: bigint; exact: boolean } {
  const scale = 10n ** BigInt(frac.length);
  const numerator = BigInt(whole + frac) * unitFen;
  let fen = numerator / scale;
  const remainder = numerator % scale;
  if (remainder * 2n >= scale) fen += 1n;
  return { fen: sign === '-' ? -fen : fen, exact: remainder === 0n };
}

/** Parses a printed amount in `unit` into 分. Blank and dash cells are empty, not zero. */
export function parseAmount(raw: string, unit: MoneyUnit): ParsedAmount {
  const t = cleanNumber(raw);
  if (t === '' || /^[-—–－~～/／]+$/.test(t)) return { kind: 'empty' };
  const m = DECIMAL.exec(t);
  if (!m) return { kind: 'text' };
  const { fen, exact } = scaleDecimal(m[1] ?? '', m[2]!, m[3] ?? '', UNITS_IN_FEN[unit]);
  if (fen > MAX_FEN || fen < -MAX_FEN) return { kind: 'out_of_range' };
  return { kind: 'amount', fen: Number(fen), exact };
}

/** Parses a plain printed number (score, count, percentage without the sign); null if not one. */
export function parseNumber(raw: string): number | null {
  const t = cleanNumber(raw).replace(/%$/, '');
  return DECIMAL.test(t) ? Number(t) : null;
}

/** Number of decimals printed in an amount, for rounding tolerances. */
export function printedDecimals(raw: string): number {
  const m = /\.(\d+)/.exec(cleanNumber(raw));
  return m ? m[1]!.length : 0;
}

/**
 * The unit each table's amounts are in: the one it declares, else the last one declared before
 * it (a continuation page or a bundle of tables under one 单位：万元), else the first one the
 * document declares after it. Null when the document declares none: amounts are then not read.
 */
export function unitsInForce(declared: readonly (string | null)[]): (MoneyUnit | null)[] {
  let last: MoneyUnit | null = null;
  const fallback = declared.find(isMoneyUnit) ?? null;
  return declared.map((unit) => {
    if (isMoneyUnit(unit)) last = unit;
    return last ?? fallback;
  });
}
