/**
 * Overall performance self-evaluation reports (部门整体支出绩效自评报告): narrative figures, goals
 * and indicators in prose, the project results table, score, grade and bands, units and team.
 */
import type { Block } from '../../schemas/document.js';
import { perfSelfEvalChecks } from './checks/perf-self-eval.js';
import { proseGoals } from './goals.js';
import { gradeBands, scoreAndGrade } from './grading.js';
import { amountFacts, countFacts, type FactDraft } from './narrative.js';
import type { ParsedDocument, ParsedTable } from './parsed.js';
import { readOrgUnits } from './people.js';
import { readProjectResults } from './project-results.js';
import { unitOf } from '../../extractors/common/vocabulary.js';

/** A unit declared on its own line anywhere in the document, for tables that do not repeat it. */
function documentUnit(blocks: Block[]): string | null {
  for (const b of blocks) {
    const unit = b.type === 'table' ? b.unit : unitOf(b.text);
    if (unit) return unit;
  }
  return null;
}

export function parsePerfSelfEval(blocks: Block[], tables: ParsedTable[]): Pick<
  ParsedDocument,
  'checks' | 'goals' | 'indicators' | 'projectResults' | 'orgUnits' | 'gradeBands' | 'problems'
> & { facts: FactDraft[] } {
  const facts: FactDraft[] = [...amountFacts(blocks), ...countFacts(blocks), ...scoreAndGrade(blocks)];
  const bands = gradeBands(blocks);
  const { goals, indicators } = proseGoals(blocks);
  const fallbackUnit = documentUnit(blocks);
  const problems: string[] = [];

  const projectResults = [];
  let projectToleranceFen = 0;
  const orgUnits = [];
  for (const [seq, t] of tables.entries()) {
    if (t.kind === 'project_results') {
      const outcome = readProjectResults(t.table, seq, fallbackUnit);
      projectResults.push(...outcome.rows);
      projectToleranceFen = Math.max(projectToleranceFen, outcome.toleranceFen);
      problems.push(...outcome.problems);
    } else if (t.kind === 'org_units') {
      orgUnits.push(...readOrgUnits(t.table));
    }
  }
  for (const u of orgUnits) {
    if (u.staff_count === null) continue;
    facts.push({ key: 'staff_count', basis: null, subject: u.name, value_num: u.staff_count, value_text: null, unit: '人', raw: `${u.name} ${u.staff_count}人`, source: 'table', page: null });
  }
  const checks = perfSelfEvalChecks({ facts, projects: projectResults, projectToleranceFen, bands, units: orgUnits });
  return { facts, checks, goals, indicators, projectResults, orgUnits, gradeBands: bands, problems };
}
