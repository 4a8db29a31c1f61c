/**
 * The header proposes, the figures decide. A classification table's header says which column is
 * the 合计 of the others (合计 = 基本支出 + 项目支出); the rows say it too. Where the column the
 * header calls the total is not the sum of the others on most rows but another column is on
 * nearly all of them, the header was read against the wrong columns (a merged cell placed one
 * column off, a wrapped word taken for a column): the figures decide, and the document says so.
 */
import { parseAmount, printedDecimals, UNITS_IN_FEN, type MoneyUnit } from '../amounts.js';
import type { ColumnRole } from './columns.js';
import { rowIdentities, type RowIdentity } from './checks.js';

/** Below this share of rows holding, the header's identity is doubted … */
const DOUBT = 0.5;
/** … and another column becomes the total only if its identity holds on this share. */
const CONFIRM = 0.9;
const MIN_ROWS = 3;

type Figures = (number | null)[][];

/** The share of rows (with a total and at least one part printed) where total = Σ parts. */
function holdRate(figures: Figures, decimals: number[][], unit: MoneyUnit, total: number, parts: readonly number[]): { rate: number; rows: number } {
  let rows = 0;
  let held = 0;
  figures.forEach((row, r) => {
    const t = row[total];
    const present = parts.filter((p) => row[p] !== null);
    if (t === null || t === undefined || present.length === 0) return;
    rows++;
    const d = Math.max(decimals[r]![total]!, ...present.map((p) => decimals[r]![p]!));
    const slack = (Number(UNITS_IN_FEN[unit]) * 10 ** -d * (present.length + 1)) / 2;
    if (Math.abs(t - present.reduce((s, p) => s + row[p]!, 0)) <= slack + 1e-9) held++;
  });
  return { rate: rows === 0 ? 1 : held / rows, rows };
}

/**
 * The roles with the total column chosen by the figures where they contradict the header, and a
 * note saying what was changed (null when the header stands).
 */
export function totalByArithmetic(
  roles: readonly ColumnRole[],
  paths: readonly string[],
  body: readonly (readonly string[])[],
  unit: MoneyUnit,
): { roles: ColumnRole[]; identities: RowIdentity[]; note: string | null; doubted: number[] } {
  const figures: Figures = body.map((row) => row.map((text) => {
    const a = parseAmount(text, unit);
    return a.kind === 'amount' ? a.fen : null;
  }));
  const decimals = body.map((row) => row.map(printedDecimals));
  const out = [...roles];
  const identities = rowIdentities(paths);
  for (const [i, id] of identities.entries()) {
    const columns = [id.total, ...id.parts];
    if (!columns.every((c) => out[c]?.role === 'amount')) continue;
    const printed = holdRate(figures, decimals, unit, id.total, id.parts);
    if (printed.rows < MIN_ROWS || printed.rate >= DOUBT) continue;
    const best = columns
      .map((c) => ({ c, ...holdRate(figures, decimals, unit, c, columns.filter((x) => x !== c)) }))
      .sort((a, b) => b.rate - a.rate)[0]!;
    if (best.c === id.total || best.rate < CONFIRM || best.rows < MIN_ROWS) continue;
    const header = out[id.total] as Extract<ColumnRole, { role: 'amount' }>;
    const figuresSay = out[best.c] as Extract<ColumnRole, { role: 'amount' }>;
    out[id.total] = { ...header, measure: figuresSay.measure };
    out[best.c] = { ...figuresSay, measure: header.measure };
    const pct = (x: number) => `${Math.round(100 * x)} %`;
    identities[i] = { total: best.c, parts: columns.filter((x) => x !== best.c) };
    return {
      roles: out,
      identities,
      // Which part is which the sums cannot tell: the parts' measures stay unconfirmed.
      doubted: identities[i]!.parts,
      note: `the header makes column ${id.total + 1} (${paths[id.total]}) the total, but it is the sum of the others on ${pct(printed.rate)} of rows and column ${best.c + 1} (${paths[best.c]}) on ${pct(best.rate)}: the figures decide`,
    };
  }
  return { roles: out, identities: [...identities, ...unnamedTotals(out, figures, decimals, unit)], note: null, doubted: [] };
}

/** The measures a classification table's 合计 is the sum of. */
/**
 * How well the rows keep the identities a header implies (合计 = 小计 + 上年结转, 小计 = Σ 本年收入
 * …): the rows kept and the rows that could be checked, over every identity.
 */
export function headerHoldRate(paths: readonly string[], body: readonly (readonly string[])[], unit: MoneyUnit): { held: number; rows: number } {
  const figures: Figures = body.map((row) => row.map((text) => {
    const a = parseAmount(text, unit);
    return a.kind === 'amount' ? a.fen : null;
  }));
  const decimals = body.map((row) => row.map(printedDecimals));
  let held = 0;
  let rows = 0;
  for (const id of rowIdentities(paths)) {
    const r = holdRate(figures, decimals, unit, id.total, id.parts);
    held += r.rate * r.rows;
    rows += r.rows;
  }
  return { held, rows };
}

const PARTS: ReadonlySet<string> = new Set(['basic', 'project', 'operating', 'remit_upper', 'subsidy_subordinate', 'personnel', 'public']);

/**
 * A total column whose header names the table's scope instead of saying 合计 (财政拨款支出 |
 * 基本支出 | 项目支出): where a column the header gives no known measure is the sum of the part
 * columns on nearly every row, it is the total. Renames it in `roles` and returns its identity.
 */
function unnamedTotals(roles: ColumnRole[], figures: Figures, decimals: number[][], unit: MoneyUnit): RowIdentity[] {
  const own = roles.flatMap((r, c) => (r.role === 'amount' && !r.other ? [{ c, r }] : []));
  if (own.some(({ r }) => r.measure === 'total')) return [];
  const parts = own.filter(({ r }) => PARTS.has(r.measure)).map(({ c }) => c);
  if (parts.length < 2) return [];
  for (const { c, r } of own) {
    if (PARTS.has(r.measure)) continue;
    const held = holdRate(figures, decimals, unit, c, parts);
    if (held.rows >= MIN_ROWS && held.rate >= CONFIRM) {
      roles[c] = { ...r, measure: 'total' };
      return [{ total: c, parts }];
    }
  }
  return [];
}
