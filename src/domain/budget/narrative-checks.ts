/**
 * Figures the 情况说明 states, held to the tables and to each other:
 * - against the same figure in the tables (收入预算11897.36万元 against the summary's 收入总计,
 *   基本支出1238.01万元 against the expenditure table's 合计 …), at the precision the prose prints;
 * - among themselves, for what a report's prose must add up to (支出 = 基本支出 + 项目支出, the
 *   three public expenses, 公务用车 = 购置 + 运行): the only check a 情况说明 without tables has.
 * The first statement of each figure for the document's own stage is the one checked.
 */
import { check, roundingSlackYuan, type CheckDraft } from '../checks/check.js';
import type { FactDraft } from '../narrative.js';
import type { FactKey } from '../../../schemas/records.js';

/** A fact with the names verification knows it by: its own ref, and the cell a table fact was read from. */
export type RefFact = FactDraft & { ref: string; cell?: string };

/** The first statement of each figure in the prose, for the document's own stage. */
function firstStatements(facts: readonly RefFact[], basis: 'budget' | 'final'): Map<FactKey, RefFact> {
  const out = new Map<FactKey, RefFact>();
  for (const f of facts) {
    if (f.source !== 'narrative' || f.subject !== null || f.value_num === null) continue;
    if (f.basis !== null && f.basis !== basis) continue;
    if (!out.has(f.key)) out.set(f.key, f);
  }
  return out;
}

const refsOf = (...facts: RefFact[]) => facts.flatMap((f) => (f.cell ? [f.ref, f.cell] : [f.ref]));

export function narrativeChecks(facts: readonly RefFact[], basis: 'budget' | 'final'): CheckDraft[] {
  const out: CheckDraft[] = [];
  for (const [key, said] of firstStatements(facts, basis)) {
    const table = facts.find((f) => f.source === 'table' && f.key === key && f.value_num !== null);
    if (!table) continue;
    const saidSlack = roundingSlackYuan(said.raw);
    const tableSlack = roundingSlackYuan(table.raw);
    // Agreement at the prose's precision confirms the table's figure only as far as the prose
    // prints it: 1,000.01万元 says nothing of the last digits of 10,000,112.00元.
    const verifies = saidSlack <= tableSlack ? refsOf(said, table) : [said.ref];
    out.push({ ...check('narrative.vs_table', key, table.value_num!, said.value_num!, saidSlack + tableSlack, `${said.raw} against ${table.raw}`), cells: refsOf(said, table), verifies });
  }
  return out;
}

interface ProseSum {
  total: FactKey;
  parts: FactKey[];
  /** Parts added when the prose states them (支出 = 基本 + 项目 + 年终结转结余). */
  optional?: FactKey[];
  stage?: 'budget' | 'final';
  /**
   * Whether the identity must hold. The three public expenses are all there is; but a
   * 情况说明 need not name every part of its spending (单位预留机动经费, 上缴上级支出 …), so a
   * sum that adds up corroborates its figures and one that does not says nothing.
   */
  strict: boolean;
}

const PROSE_SUMS: readonly ProseSum[] = [
  { total: 'three_public_total', parts: ['three_public_abroad', 'three_public_vehicles', 'three_public_reception'], strict: true },
  { total: 'three_public_vehicles', parts: ['three_public_vehicle_purchase', 'three_public_vehicle_operation'], strict: true },
  { total: 'income_total', parts: ['expenditure_total'], stage: 'budget', strict: true },
  { total: 'expenditure_current_year', parts: ['basic_expenditure', 'project_expenditure'], strict: false },
  { total: 'expenditure_total', parts: ['basic_expenditure', 'project_expenditure'], optional: ['carryover_end'], stage: 'budget', strict: false },
];

export function proseChecks(facts: readonly RefFact[], basis: 'budget' | 'final'): CheckDraft[] {
  const said = firstStatements(facts, basis);
  const out: CheckDraft[] = [];
  for (const sum of PROSE_SUMS) {
    if (sum.stage && sum.stage !== basis) continue;
    const total = said.get(sum.total);
    const parts = sum.parts.map((k) => said.get(k));
    if (!total || parts.some((p) => !p)) continue;
    const present = [...(parts as RefFact[]), ...(sum.optional ?? []).flatMap((k) => { const f = said.get(k); return f ? [f] : []; })];
    const slack = [total, ...present].reduce((s, f) => s + roundingSlackYuan(f.raw), 0);
    const value = present.reduce((s, f) => s + f.value_num!, 0);
    const c = check('narrative.sum', sum.total, value, total.value_num!, slack, `${total.raw} = ${present.map((p) => p.raw).join(' + ')}`);
    if (sum.strict || c.ok === 1) out.push({ ...c, cells: refsOf(total, ...present) });
  }
  return out;
}

/**
 * Prose that calls this year's income 收入总计 (or 收入预算) where the summary's 收入总计 also
 * counts the carry-over: a stated total that disagrees with the table's total but agrees with
 * its current-year line is that line's figure. The same for 支出.
 */
export function reconcileProse(facts: readonly RefFact[]): RefFact[] {
  const table = (key: FactKey) => facts.find((f) => f.source === 'table' && f.key === key && f.value_num !== null);
  const agrees = (said: RefFact, t: RefFact | undefined) => t !== undefined && Math.abs(t.value_num! - said.value_num!) <= roundingSlackYuan(said.raw) + roundingSlackYuan(t.raw) + 1e-9;
  return facts.map((f) => {
    if (f.source !== 'narrative' || f.subject !== null || f.value_num === null) return f;
    for (const [total, current] of [['income_total', 'income_current_year'], ['expenditure_total', 'expenditure_current_year']] as const) {
      if (f.key === total && !agrees(f, table(total)) && agrees(f, table(current))) return { ...f, key: current };
    }
    return f;
  });
}
