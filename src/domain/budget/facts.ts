/** Headline figures read from the standard tables (source 'table'). */
import type { FactKey } from '../../../schemas/records.js';
import type { FactDraft } from '../narrative.js';
import { figure, findLine, linesOf, type LogicalTable, type Side } from './logical.js';
import type { AmountCell, BudgetLine } from './rows.js';
import { SUMMARY_NAMES as S, THREE_PUBLIC_NAMES as P } from './summary-names.js';

function fact(key: FactKey, basis: 'budget' | 'final', t: LogicalTable, line: BudgetLine, cell: AmountCell): FactDraft {
  return { key, basis, subject: null, value_num: cell.fen / 100, value_text: null, unit: '元', raw: `${line.name} ${cell.raw}${t.unit}`, source: 'table', page: t.pageFirst };
}

const SUMMARY_LINES: readonly [FactKey, RegExp, Side][] = [
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

/** Figures from a table's 合计 line, one per measure column. */
function totalLineFacts(t: LogicalTable | undefined, keys: readonly (readonly [FactKey, string])[], basis: 'budget' | 'final'): FactDraft[] {
  const total = t && linesOf(t).find((l) => l.isTotal);
  if (!t || !total) return [];
  return keys.flatMap(([key, measure]) => {
    const cell = total.amounts.find((a) => a.measure === measure);
    return cell ? [fact(key, basis, t, total, cell)] : [];
  });
}

export function tableFacts(tables: readonly LogicalTable[], basis: 'budget' | 'final'): FactDraft[] {
  const out: FactDraft[] = [];
  // A named line's figure in one half (or the whole line), as a fact.
  const named = (key: FactKey, t: LogicalTable | undefined, name: RegExp, side?: Side) => {
    const line = t && findLine(linesOf(t), name, side);
    const cell = figure(line, side);
    if (t && line && cell) out.push(fact(key, basis, t, line, cell));
  };
  const summary = tables.find((t) => t.kind === 'summary');
  for (const [key, name, side] of SUMMARY_LINES) named(key, summary, name, side);
  named('appropriation_total', tables.find((t) => t.kind === 'appropriation_summary'), S.incomeTotal, '收入');
  const spending = tables.find((t) => t.kind === 'expenditure') ?? tables.find((t) => t.kind === 'gpb_expenditure');
  out.push(...totalLineFacts(spending, [['basic_expenditure', 'basic'], ['project_expenditure', 'project']], basis));
  const basic = tables.find((t) => t.kind === 'gpb_basic_expenditure');
  out.push(...totalLineFacts(basic, [['personnel_expenditure', 'personnel'], ['public_expenditure', 'public']], basis));
  const threePublic = tables.find((t) => t.kind === 'three_public');
  for (const [key, name] of THREE_PUBLIC_LINES) named(key, threePublic, name);
  return out;
}
