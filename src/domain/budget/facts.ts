/** Headline figures read from the standard tables (source 'table'). */
import type { FactKey } from '../../../schemas/records.js';
import type { FactDraft } from '../narrative.js';
import type { LogicalTable } from './checks.js';
import type { AmountCell, BudgetLine } from './rows.js';
import { plainName as plain, SUMMARY_NAMES as S, THREE_PUBLIC_NAMES as P } from './summary-names.js';

function fact(key: FactKey, basis: 'budget' | 'final', t: LogicalTable, line: BudgetLine, cell: AmountCell): FactDraft {
  return { key, basis, subject: null, value_num: cell.fen / 100, value_text: null, unit: '元', raw: `${line.name} ${cell.raw}${t.unit}`, source: 'table', page: t.pageFirst };
}

const SUMMARY_LINES: readonly [FactKey, RegExp, '收入' | '支出'][] = [
  ['income_total', S.incomeTotal, '收入'],
  ['income_current_year', S.incomeCurrentYear, '收入'],
  ['carryover_begin', S.carryoverBegin, '收入'],
  ['expenditure_total', S.expenditureTotal, '支出'],
  ['expenditure_current_year', S.expenditureCurrentYear, '支出'],
  ['carryover_end', S.carryoverEnd, '支出'],
];

const THREE_PUBLIC_LINES: readonly [FactKey, RegExp][] = [
  ['three_public_total', P.total],
  ['three_public_abroad', P.abroad],
  ['three_public_vehicles', P.vehicles],
  ['three_public_vehicle_purchase', P.purchase],
  ['three_public_vehicle_operation', P.operation],
  ['three_public_reception', P.reception],
];

const first = <T,>(xs: readonly T[], pred: (x: T) => boolean) => xs.find(pred);

/** Figures from a table's 合计 line, one per measure column. */
function totalLineFacts(t: LogicalTable | undefined, keys: readonly (readonly [FactKey, string])[], basis: 'budget' | 'final'): FactDraft[] {
  const total = t?.pieces.flatMap((p) => p.lines).find((l) => l.isTotal);
  if (!t || !total) return [];
  return keys.flatMap(([key, measure]) => {
    const cell = total.amounts.find((a) => a.measure === measure);
    return cell ? [fact(key, basis, t, total, cell)] : [];
  });
}

export function tableFacts(tables: readonly LogicalTable[], basis: 'budget' | 'final'): FactDraft[] {
  const out: FactDraft[] = [];
  const linesOf = (t: LogicalTable) => t.pieces.flatMap((p) => p.lines);
  const summary = tables.find((t) => t.kind === 'summary');
  if (summary) {
    for (const [key, re, side] of SUMMARY_LINES) {
      const line = first(linesOf(summary), (l) => re.test(plain(l.name)) && l.amounts.some((a) => a.label.startsWith(side)));
      const cell = line?.amounts.find((a) => a.label.startsWith(side));
      if (line && cell) out.push(fact(key, basis, summary, line, cell));
    }
  }
  const appropriation = tables.find((t) => t.kind === 'appropriation_summary');
  if (appropriation) {
    const line = first(linesOf(appropriation), (l) => S.incomeTotal.test(plain(l.name)) && l.amounts.some((a) => a.label.startsWith('收入')));
    const cell = line?.amounts.find((a) => a.label.startsWith('收入'));
    if (line && cell) out.push(fact('appropriation_total', basis, appropriation, line, cell));
  }
  const spending = tables.find((t) => t.kind === 'expenditure') ?? tables.find((t) => t.kind === 'gpb_expenditure');
  out.push(...totalLineFacts(spending, [['basic_expenditure', 'basic'], ['project_expenditure', 'project']], basis));
  const basic = tables.find((t) => t.kind === 'gpb_basic_expenditure');
  out.push(...totalLineFacts(basic, [['personnel_expenditure', 'personnel'], ['public_expenditure', 'public']], basis));
  const threePublic = tables.find((t) => t.kind === 'three_public');
  if (threePublic) {
    for (const [key, re] of THREE_PUBLIC_LINES) {
      const line = first(linesOf(threePublic), (l) => re.test(plain(l.name)));
      const cell = line && (line.amounts.find((a) => a.measure === 'total') ?? line.amounts[0]);
      if (line && cell) out.push(fact(key, basis, threePublic, line, cell));
    }
  }
  return out;
}
