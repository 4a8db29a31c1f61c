/**
 * The identities of government-level tables (DOMAIN.md), each a check through the cells it
 * involves, as the spec of the table's kind allows:
 *
 *   region.general_plus_special  一般 + 专项 = 合计 along a row (or down an items table's rows)
 *   region.sum_of_regions        a total row = the rows under it (Σ cities + 省本级 = 全省)
 *   region.sum_of_items          合计 = its items (税收收入 + 非税收入), an item = its sub-items
 *   region.formula               what a 公式 row or column prints (A=B+C)
 *   region.balance_rollforward   opening balance + issued − repaid = closing balance
 */
import type { CheckDraft } from '../checks/check.js';
import { UNITS_IN_FEN } from '../amounts.js';
import type { RegionFigureDraft } from './figures.js';
import { slack, sumTree, type SumRow } from './sums.js';
import { cellRef, meaningOf, totalRowOf, type ReadCell, type ReadRow, type ReadTable, type TableContext } from './tables.js';

const yuan = (fen: number) => Math.round(fen) / 100;

function identity(rule: string, subject: string, expectedFen: number, actualFen: number, allowedFen: number, detail: string, cells: string[]): CheckDraft {
  const ok = Math.abs(expectedFen - actualFen) <= allowedFen + 0.5 ? 1 : 0;
  return { rule, subject, expected: yuan(expectedFen), actual: yuan(actualFen), ok, detail, cells };
}

/** The columns a table's sums run over: those holding figures (not shares or changes). */
function sumColumns(t: ReadTable): number[] {
  return t.columns.filter((c) => !c.facets.skip).map((c) => c.col);
}

const isPartial = (r: ReadRow) => /^其中/.test(r.label.replace(/\s+/g, ''));

/** The sums of a table: each row found to add up others, and the total row against its parts. */
function sumChecks(t: ReadTable): CheckDraft[] {
  const cols = sumColumns(t);
  if (cols.length === 0) return [];
  const rows = t.rows.filter((r) => !r.formula && (r.region.role !== 'other' || r.label.trim() !== '' || [...r.cells.values()].some((c) => c.fen !== null)));
  const unitFen = Number(UNITS_IN_FEN[t.unit]);
  const totalRow = t.spec.layout === 'by_region' ? rows.findIndex((r) => r.region.role === 'total') : rows.indexOf(totalRowOf(t) as ReadRow);
  const within = totalRow > 0 && totalRow < rows.length - 1 && t.spec.layout === 'items' ? rows.slice(0, totalRow + 1) : rows;
  const total = totalRow === 0 || (totalRow === within.length - 1 && totalRow > 0) ? totalRow : null;
  const asSum = (zeroPartial: boolean): SumRow[] =>
    within.map((r) => ({
      values: cols.map((c) => (zeroPartial && isPartial(r) ? null : (r.cells.get(c)?.fen ?? null))),
      decimals: cols.map((c) => r.cells.get(c)?.decimals ?? 0),
    }));
  // 其中 rows may be a part of the row above (其中：改征增值税) or a full breakdown (其中：省本级 +
  // 沈抚示范区); read both ways, the reading whose total holds stands.
  const soleChild = (p: number, c: number) => {
    const parent = within[p]!.region;
    const child = within[c]!.region;
    if (child.printed === `${parent.printed}本级`) return true;
    return !!parent.division && parent.division.code === child.division?.code && parent.scope === 'whole' && child.scope === 'own_level';
  };
  const plain = sumTree(asSum(false), unitFen, total, undefined, soleChild);
  const zeroed = plain.totalHolds === false ? sumTree(asSum(true), unitFen, total, undefined, soleChild) : null;
  const partialsOut = zeroed?.totalHolds === true;
  const tree = partialsOut ? zeroed! : plain;
  const rule = t.spec.layout === 'by_region' ? 'region.sum_of_regions' : 'region.sum_of_items';
  const out: CheckDraft[] = [];
  const cellOf = (r: ReadRow, c: number) => cellRef(r.seq, r.row, c);
  // A 其中 row read as a part of the row above counts in no sum (the reading that held left it out).
  const figure = (r: ReadRow, c: number): ReadCell | undefined => (partialsOut && isPartial(r) ? undefined : r.cells.get(c));
  const columnName = (c: number) => t.columns.find((x) => x.col === c)?.path || `column ${c + 1}`;
  /** The check that row p is the sum of kids in column c; null where p prints nothing there. */
  const sumCheck = (p: ReadRow, kids: readonly ReadRow[], c: number, detail: string): CheckDraft | null => {
    const pv = figure(p, c);
    if (pv?.fen === null || pv?.fen === undefined) return null;
    const sum = kids.reduce((a, k) => a + (figure(k, c)?.fen ?? 0), 0);
    const decimals = Math.max(pv.decimals, ...kids.map((k) => figure(k, c)?.decimals ?? 0));
    const cells = [cellOf(p, c), ...kids.flatMap((k) => (figure(k, c)?.fen !== null && figure(k, c) ? [cellOf(k, c)] : []))];
    return identity(rule, `${t.title}: ${p.label} / ${columnName(c)}`, pv.fen, sum, slack(unitFen, decimals, kids.length + 1), detail, cells);
  };
  for (const parent of tree.parents) {
    const p = within[parent.index]!;
    const kids = parent.children.map((i) => within[i]!);
    for (const c of cols) {
      const check = sumCheck(p, kids, c, `${p.label} = the ${kids.length} rows under it`);
      if (check) out.push(check);
    }
  }
  // Items tables print their totals over lists of many shapes (收支平衡表, 其中 lines, funds by
  // kind and by source); a total no reading explains is unknown, not contradicted. A table of
  // regions must add up.
  if (tree.totalHolds === false && total !== null && t.spec.layout === 'by_region') {
    const p = within[total]!;
    const kids = tree.top.filter((i) => i !== total).map((i) => within[i]!);
    for (const c of cols) {
      const check = sumCheck(p, kids, c, `no reading of the rows sums to ${p.label}; shown: the rows at the top`);
      // A column whose top rows happen to add up fails nothing: the other columns' failure stands.
      if (check && !check.ok) out.push(check);
    }
  }
  return out;
}

/** 一般 + 专项 = 合计 along each row, for each group of columns of one subject, year and basis. */
function componentChecks(t: ReadTable, ctx: TableContext): CheckDraft[] {
  const out: CheckDraft[] = [];
  const totalRow = totalRowOf(t);
  const unitFen = Number(UNITS_IN_FEN[t.unit]);
  for (const row of t.rows) {
    if (row.formula) continue;
    const groups = new Map<string, Partial<Record<'general' | 'special' | 'total', ReadCell>>>();
    for (const column of t.columns) {
      const m = meaningOf(t, row, column, ctx, totalRow);
      const cell = row.cells.get(column.col);
      if (!m || !cell || cell.fen === null) continue;
      const key = [m.subject, m.year, m.basis, m.scope].join('|');
      const group = groups.get(key) ?? {};
      group[m.component] ??= cell;
      groups.set(key, group);
    }
    for (const [key, g] of groups) {
      if (!g.general || !g.special || !g.total) continue;
      const decimals = Math.max(g.general.decimals, g.special.decimals, g.total.decimals);
      const cells = [g.total, g.general, g.special].map((c) => cellRef(row.seq, row.row, c.col));
      out.push(identity('region.general_plus_special', `${t.title}: ${row.label} / ${key.split('|').slice(0, 2).join(' ')}`, g.total.fen!, g.general.fen! + g.special.fen!, slack(unitFen, decimals, 3), '一般 + 专项 = 合计', cells));
    }
  }
  return out;
}

/**
 * The identities a 公式 row prints over the columns (A=B+C | B | C), checked on every row; or a
 * 公式 column over the rows (一、发行 A=B+D, （一）一般债券 B …), checked in every column.
 */
function formulaChecks(t: ReadTable): CheckDraft[] {
  const out: CheckDraft[] = [];
  const unitFen = Number(UNITS_IN_FEN[t.unit]);
  const equations = (cells: Map<string, number>, labels: Map<number, string>) => {
    const eqs: { lhs: number; terms: { at: number; sign: 1 | -1 }[] }[] = [];
    for (const [at, text] of labels) {
      const m = /^([A-Z])=([A-Z](?:[+\-－][A-Z])+)$/.exec(text);
      if (!m) continue;
      const terms = [...m[2]!.matchAll(/([+\-－]?)([A-Z])/g)].map((x) => ({ letter: x[2]!, sign: (x[1] === '-' || x[1] === '－' ? -1 : 1) as 1 | -1 }));
      if (terms.some((x) => !cells.has(x.letter))) continue;
      eqs.push({ lhs: at, terms: terms.map((x) => ({ at: cells.get(x.letter)!, sign: x.sign })) });
    }
    return eqs;
  };
  const lettersOf = (labels: Map<number, string>) => {
    const letters = new Map<string, number>();
    for (const [at, text] of labels) {
      const m = /^([A-Z])(?:=|$)/.exec(text);
      if (m) letters.set(m[1]!, at);
    }
    return letters;
  };
  // A 公式 row: letters name columns.
  const formulaRow = t.rows.find((r) => r.formula);
  const headerFormula = t.columns.some((c) => /[A-Z]=[A-Z]/.test(c.path));
  if (formulaRow || headerFormula) {
    const labels = new Map<number, string>();
    for (const c of t.columns) {
      const text = (formulaRow?.cells.get(c.col)?.raw ?? c.path.split('/').find((p) => /^[A-Z](?:=|$)/.test(p)) ?? '').replace(/\s+/g, '').replace(/－/g, '-');
      if (text) labels.set(c.col, text);
    }
    const eqs = equations(lettersOf(labels), labels);
    for (const row of t.rows) {
      if (row.formula) continue;
      for (const eq of eqs) {
        const lhs = row.cells.get(eq.lhs);
        const terms = eq.terms.map((x) => ({ cell: row.cells.get(x.at), sign: x.sign }));
        if (lhs?.fen === null || lhs?.fen === undefined || terms.some((x) => x.cell === undefined)) continue;
        if (terms.every((x) => x.cell!.fen === null)) continue;
        const sum = terms.reduce((a, x) => a + x.sign * (x.cell!.fen ?? 0), 0);
        const decimals = Math.max(lhs.decimals, ...terms.map((x) => x.cell!.decimals));
        const cells = [lhs, ...terms.map((x) => x.cell!)].filter((c) => c.fen !== null).map((c) => cellRef(row.seq, row.row, c.col));
        out.push(identity('region.formula', `${t.title}: ${row.label} / ${labels.get(eq.lhs)}`, lhs.fen, sum, slack(unitFen, decimals, terms.length + 1), `公式 ${labels.get(eq.lhs)}`, cells));
      }
    }
  }
  // A 公式 column: letters name rows.
  const formulaCol = t.columns.find((c) => /公式/.test(c.path));
  if (formulaCol) {
    const labels = new Map<number, string>();
    t.rows.forEach((r, i) => {
      const text = (r.cells.get(formulaCol.col)?.raw ?? '').replace(/\s+/g, '').replace(/－/g, '-');
      if (text) labels.set(i, text);
    });
    const eqs = equations(lettersOf(labels), labels);
    for (const column of t.columns) {
      if (column === formulaCol || column.facets.skip) continue;
      for (const eq of eqs) {
        const lr = t.rows[eq.lhs]!;
        const lhs = lr.cells.get(column.col);
        if (lhs?.fen === null || lhs?.fen === undefined) continue;
        const terms = eq.terms.map((x) => ({ row: t.rows[x.at]!, sign: x.sign }));
        const cells = terms.map((x) => x.row.cells.get(column.col));
        if (cells.every((c) => c?.fen === null || c === undefined)) continue;
        const sum = terms.reduce((a, x, i) => a + x.sign * (cells[i]?.fen ?? 0), 0);
        const decimals = Math.max(lhs.decimals, ...cells.map((c) => c?.decimals ?? 0));
        const refs = [cellRef(lr.seq, lr.row, column.col), ...terms.flatMap((x, i) => (cells[i]?.fen !== null && cells[i] ? [cellRef(x.row.seq, x.row.row, column.col)] : []))];
        out.push(identity('region.formula', `${t.title}: ${lr.label} / ${column.path}`, lhs.fen, sum, slack(unitFen, decimals, terms.length + 1), `公式 ${labels.get(eq.lhs)}`, refs));
      }
    }
  }
  return out;
}

const COMPONENTS = ['general', 'special', 'total'] as const;
const ROLLFORWARD_KEYS = {
  general: { balance: 'debt_balance_general', inflow: ['debt_issued_general', 'debt_new_general'], outflow: 'debt_repaid_general' },
  special: { balance: 'debt_balance_special', inflow: ['debt_issued_special', 'debt_new_special'], outflow: 'debt_repaid_special' },
  total: { balance: 'debt_balance_total', inflow: ['debt_issued_total', 'debt_new_total'], outflow: 'debt_repaid_principal' },
} as const;

/** Opening balance + issued − repaid = closing balance, per region and part of the debt. */
export function rollforwardChecks(t: ReadTable, figures: readonly RegionFigureDraft[]): CheckDraft[] {
  const out: CheckDraft[] = [];
  const unitFen = Number(UNITS_IN_FEN[t.unit]);
  const byRegion = new Map<string, RegionFigureDraft[]>();
  for (const f of figures) {
    const k = `${f.division?.code ?? f.region}|${f.scope}`;
    byRegion.set(k, [...(byRegion.get(k) ?? []), f]);
  }
  for (const list of byRegion.values()) {
    for (const component of COMPONENTS) {
      const keys = ROLLFORWARD_KEYS[component];
      const closings = list.filter((f) => f.key === keys.balance && f.basis !== 'budget');
      for (const closing of closings) {
        const year = closing.fiscal_year;
        const opening = list.find((f) => f.key === keys.balance && f.fiscal_year === year - 1);
        const inflow = keys.inflow.map((k) => list.find((f) => f.key === k && f.fiscal_year === year)).find(Boolean);
        const outflow = list.find((f) => f.key === keys.outflow && f.fiscal_year === year);
        if (!opening || !inflow || !outflow) continue;
        const parts = [opening, inflow, outflow, closing];
        const decimals = Math.max(...parts.map((p) => (/\.(\d+)/.exec(p.raw)?.[1]?.length ?? 0)));
        out.push(
          identity('region.balance_rollforward', `${t.title}: ${closing.region} ${closing.key} ${year}`, closing.value_fen, opening.value_fen + inflow.value_fen - outflow.value_fen, slack(unitFen, decimals, 4), `${year - 1}年末余额 + ${year}年${inflow.key.startsWith('debt_new') ? '新增' : '发行'} − ${year}年还本 = ${year}年末余额`, parts.map((p) => p.cell!)),
        );
      }
    }
  }
  return out;
}

/** Every identity the table's kind allows. */
export function tableChecks(t: ReadTable, ctx: TableContext): CheckDraft[] {
  const ids = new Set(t.spec.identities);
  return [
    ...(ids.has('components') ? componentChecks(t, ctx) : []),
    ...(ids.has('sum') ? sumChecks(t) : []),
    ...(ids.has('formula') ? formulaChecks(t) : []),
    ...(ids.has('rollforward') ? rollforwardChecks(t, t.figures) : []),
  ];
}
