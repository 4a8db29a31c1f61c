/**
 * The identities a self-evaluation report allows (DOMAIN.md): each project row's 预算 − 执行 =
 * 结余, the project count and the count rated 优 against the narrative, the narrative's own
 * splits (支出 = 基本 + 项目, 基本 = 人员 + 公用, 收入 = its sources), the execution rate, the
 * grade against the score and bands, and unit staff against the total.
 */
import type { FactDraft } from '../narrative.js';
import type { GradeBand } from '../grading.js';
import { bandOf, DEFAULT_BANDS, gradeRank } from '../grading.js';
import type { OrgUnitDraft } from '../people.js';
import type { ProjectResultDraft } from '../project-results.js';
import { check, roundingSlackYuan, type CheckDraft } from './check.js';

export interface PerfEvidence {
  facts: FactDraft[];
  projects: ProjectResultDraft[];
  projectToleranceFen: number;
  bands: GradeBand[];
  units: OrgUnitDraft[];
}

function fact(facts: FactDraft[], key: FactDraft['key'], basis: FactDraft['basis'] = null): FactDraft | undefined {
  return facts.find((f) => f.key === key && f.subject === null && (basis === null || f.basis === basis));
}

function projectChecks(e: PerfEvidence): CheckDraft[] {
  const out: CheckDraft[] = [];
  const yuan = (fen: number) => fen / 100;
  for (const p of e.projects) {
    if (p.budget_total_fen === null || p.balance_fen === null) continue;
    const executed = p.executed_total_fen ?? 0;
    out.push(check('project_results.balance', `${p.seq} ${p.project}`, yuan(p.budget_total_fen - executed), yuan(p.balance_fen), yuan(e.projectToleranceFen * 3), '预算数 − 执行数 = 结余数'));
  }
  if (e.projects.length === 0) return out;
  const seqs = e.projects.map((p) => p.seq);
  out.push(check('project_results.sequence', null, seqs.reduce((m, s) => Math.max(m, s), 0), new Set(seqs).size, 0, '序号 1…n each once'));
  const evaluated = fact(e.facts, 'projects_evaluated');
  if (evaluated?.value_num != null) {
    out.push(check('project_results.count', null, evaluated.value_num, e.projects.length, 0, `narrative: ${evaluated.raw}`));
  }
  const excellent = fact(e.facts, 'projects_excellent');
  if (excellent?.value_num != null) {
    const bands = e.bands.length > 0 ? e.bands : DEFAULT_BANDS;
    const top = bands.find((b) => gradeRank(b.grade) === 0);
    const threshold = top?.min_score;
    if (top && threshold != null) {
      const rated = e.projects.filter((p) => p.score !== null && (top.min_inclusive ? p.score >= threshold : p.score > threshold)).length;
      const source = e.bands.length > 0 ? 'the report’s bands' : 'default bands';
      out.push(check('project_results.excellent', null, excellent.value_num, rated, 0, `rows scoring ${top.min_inclusive ? '≥' : '>'}${threshold} (${source}) against: ${excellent.raw}`));
    }
  }
  return out;
}

/**
 * A figure against the parts the prose lists under it. `fallback` is the figure the parts are
 * printed under when `whole` is not stated ("收入年初预算安排4553.53万元，其中基本支出…，项目支出…").
 */
function splitCheck(e: PerfEvidence, rule: string, whole: FactDraft['key'], parts: FactDraft['key'][], minParts: number, fallback?: { key: FactDraft['key']; rule: string }): CheckDraft[] {
  const out: CheckDraft[] = [];
  for (const basis of ['budget', 'final'] as const) {
    const stated = fact(e.facts, whole, basis);
    const total = stated ?? (fallback ? fact(e.facts, fallback.key, basis) : undefined);
    const name = !stated && fallback ? fallback.rule : rule;
    const found = parts.map((k) => fact(e.facts, k, basis)).filter((f): f is FactDraft => f !== undefined);
    if (!total || total.value_num === null || found.length < minParts) continue;
    const sum = found.reduce((a, f) => a + (f.value_num ?? 0), 0);
    const slack = [total, ...found].reduce((a, f) => a + roundingSlackYuan(f.raw), 0);
    out.push(check(name, basis, total.value_num, sum, slack, `${total.raw} against ${found.map((f) => f.raw).join(' + ')}`));
  }
  return out;
}

/** The stated execution rate against actual ÷ budget of the same figure (total, else projects). */
function executionRateCheck(e: PerfEvidence): CheckDraft[] {
  const rate = fact(e.facts, 'budget_execution_rate');
  if (!rate || rate.value_num === null) return [];
  for (const key of ['expenditure_total', 'project_expenditure'] as const) {
    const actual = fact(e.facts, key, 'final');
    const budget = fact(e.facts, key, 'budget');
    if (!actual?.value_num || !budget?.value_num) continue;
    const computed = (actual.value_num / budget.value_num) * 100;
    return [check('narrative.execution_rate', key, computed, rate.value_num, 0.005 + 1e-9, `${actual.raw} ÷ ${budget.raw} against ${rate.raw}`)];
  }
  return [];
}

function gradeCheck(e: PerfEvidence): CheckDraft[] {
  const score = fact(e.facts, 'overall_score');
  const grade = fact(e.facts, 'grade');
  if (score?.value_num == null || !grade?.value_text) return [];
  const bands = e.bands.length > 0 ? e.bands : DEFAULT_BANDS;
  const band = bandOf(score.value_num, bands);
  const expected = band ? gradeRank(band.grade) : null;
  const actual = gradeRank(grade.value_text);
  if (expected === null || actual === null) return [];
  const source = e.bands.length > 0 ? 'the report’s bands' : 'default bands';
  return [check('grade.matches_score', `${score.value_num}分 ${grade.value_text}`, expected, actual, 0, `score ${score.value_num} falls in ${band!.grade} (${band!.raw}, ${source}); grade rank 0=优 … 3=差`)];
}

function staffCheck(e: PerfEvidence): CheckDraft[] {
  const total = fact(e.facts, 'staff_count');
  const counted = e.units.map((u) => u.staff_count);
  if (total?.value_num == null || counted.length === 0 || counted.some((c) => c === null)) return [];
  return [check('org_units.staff', null, total.value_num, counted.reduce((a: number, c) => a + (c ?? 0), 0), 0, `units’ staff against: ${total.raw}`)];
}

export function perfSelfEvalChecks(e: PerfEvidence): CheckDraft[] {
  return [
    ...projectChecks(e),
    ...splitCheck(e, 'narrative.expenditure_split', 'expenditure_total', ['basic_expenditure', 'project_expenditure'], 2, {
      key: 'income_total',
      rule: 'narrative.income_vs_expenditure_split',
    }),
    ...splitCheck(e, 'narrative.basic_split', 'basic_expenditure', ['personnel_expenditure', 'public_expenditure'], 2),
    ...splitCheck(e, 'narrative.income_split', 'income_total', ['income_general_budget', 'income_gov_fund', 'income_soe_capital'], 2),
    ...executionRateCheck(e),
    ...gradeCheck(e),
    ...staffCheck(e),
  ];
}
