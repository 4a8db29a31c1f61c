/**
 * Figures the 情况说明 states against the same figures in the tables (收入预算11897.36万元 against
 * the summary's 收入总计, 基本支出1238.01万元 against the expenditure table's 合计 …). The first
 * narrative statement of each figure is checked; a figure stated only one way is not.
 */
import { check, roundingSlackYuan, type CheckDraft } from '../checks/check.js';
import type { FactDraft } from '../narrative.js';

export function narrativeChecks(facts: readonly FactDraft[], basis: 'budget' | 'final'): CheckDraft[] {
  const out: CheckDraft[] = [];
  const seen = new Set<string>();
  for (const said of facts) {
    if (said.source !== 'narrative' || said.subject !== null || said.value_num === null) continue;
    if (said.basis !== null && said.basis !== basis) continue;
    if (seen.has(said.key)) continue;
    const table = facts.find((f) => f.source === 'table' && f.key === said.key && f.value_num !== null);
    if (!table) continue;
    seen.add(said.key);
    const slack = roundingSlackYuan(said.raw) + roundingSlackYuan(table.raw);
    out.push(check('narrative.vs_table', said.key, table.value_num!, said.value_num, slack, `${said.raw} against ${table.raw}`));
  }
  return out;
}
