/**
 * From the document model to records: metadata, family, table kinds and sections for every
 * document, then the family's own parser.
 */
import type { Block, DocumentModel } from '../../schemas/document.js';
import type { Family, TableKind } from '../../schemas/records.js';
import type { Table } from '../../schemas/document.js';
import { classifyFamily } from './classify.js';
import { coverDepartment, departmentOf, documentTitle, fiscalYearOf, signatureDate, signatureOrganisation } from './meta.js';
import { departmentOfUnits, orgOfBanner } from './banners.js';
import type { ParsedDocument, ParsedTable } from './parsed.js';
import { isOrgUnitsTable, isTeamTable, readTeam } from './people.js';
import { parsePerfSelfEval } from './perf-self-eval.js';
import { isProjectResultsTable } from './project-results.js';
import { inferRegion } from './region.js';
import { buildSections } from './sections.js';
import { budgetTableKind, continuesTable, parseBudgetTables } from './budget/index.js';
import { readGoalTables } from './goal-tables.js';
import { amountFacts } from './narrative.js';
import { narrativeChecks } from './budget/narrative-checks.js';
import { listedTableChecks } from './budget/contents.js';

const BODY_SAMPLE = 4000;

function bodyText(blocks: Block[]): string {
  let text = '';
  for (const b of blocks) {
    if (text.length > BODY_SAMPLE) break;
    if (b.type !== 'table') text += `${b.text}\n`;
  }
  return text;
}

function tableKind(table: Table, heading: string | null): TableKind | null {
  if (isProjectResultsTable(table)) return 'project_results';
  if (isOrgUnitsTable(table)) return 'org_units';
  if (isTeamTable(table, heading)) return 'team';
  return budgetTableKind(table);
}

const EMPTY_NOTE = /空表|本(?:部门|单位)(?:无|没有)|无[^，。；]{0,30}(?:预算|决算|收入|支出|经费|资产|采购)(?:安排|数据)?[，。；]?$|(?:此表|本表)无数据/;

/** The note a table without body rows carries to say it is empty on purpose. */
function emptyNoteOf(table: Table): string | null {
  if (table.nRows > table.headerRows) return null;
  return table.notes.map((n) => n.trim()).find((n) => EMPTY_NOTE.test(n.replace(/^注[:：]\s*/, ''))) ?? null;
}

/** Every table with its kind, and the heading it sits under. */
function classifyTables(blocks: Block[]): ParsedTable[] {
  const out: ParsedTable[] = [];
  let heading: string | null = null;
  for (const b of blocks) {
    if (b.type === 'heading') heading = b.text;
    if (b.type !== 'table') continue;
    const previous = out[out.length - 1];
    // A piece of a table the page layout could not join to the one before keeps that table's kind.
    const kind = tableKind(b, heading) ?? (previous?.kind && continuesTable(previous.table, b) ? previous.kind : null);
    out.push({ kind, table: b, emptyNote: emptyNoteOf(b), orgUnit: orgOfBanner(b.notes) });
  }
  return out;
}

/** Families whose figures later issues will extract; until then they are stored as text and tables. */
const NOT_YET_PARSED: Partial<Record<Family, string>> = {
};

export function parseDocument(model: DocumentModel): ParsedDocument {
  const blocks = model.blocks;
  const title = documentTitle(model);
  const body = bodyText(blocks);
  const tables = classifyTables(blocks);
  const byText = classifyFamily([title, model.notice?.title, model.title], body);
  // A workbook of forms says nothing of itself in prose: its tables' titles say what it is.
  const family = byText === 'other' ? classifyFamily(tables.map((t) => t.table.title), '') : byText;
  const department = departmentOf(title) ?? coverDepartment(blocks) ?? signatureOrganisation(blocks) ?? departmentOfUnits(tables.map((t) => t.orgUnit ?? null));
  const parsed: ParsedDocument = {
    family,
    title,
    department,
    region: inferRegion([department, title, model.notice?.publisher], body),
    fiscal_year: fiscalYearOf(title, blocks),
    published_on: model.notice?.publishedAt ?? null,
    signed_on: signatureDate(blocks),
    publisher: model.notice?.publisher ?? null,
    doc_number: model.notice?.docNumber ?? null,
    index_number: model.notice?.indexNumber ?? null,
    problems: [...model.problems],
    tables,
    sections: buildSections(blocks),
    facts: [],
    checks: [],
    indicators: [],
    goals: [],
    goalProjects: [],
    procurementItems: [],
    assetItems: [],
    projectResults: [],
    teamMembers: tables.flatMap((t) => (t.kind === 'team' ? readTeam(t.table) : [])),
    orgUnits: [],
    gradeBands: [],
    lineItems: [],
  };
  if (family === 'perf_self_eval') {
    const { problems, ...records } = parsePerfSelfEval(blocks, tables);
    Object.assign(parsed, records);
    parsed.problems.push(...problems);
  }
  if (family === 'budget' || family === 'final_account') {
    const budget = parseBudgetTables(tables, family === 'budget' ? 'budget' : 'final');
    parsed.lineItems.push(...budget.lineItems);
    parsed.facts.push(...budget.facts, ...amountFacts(blocks));
    parsed.checks.push(...budget.checks, ...narrativeChecks(parsed.facts, family === 'budget' ? 'budget' : 'final'), ...listedTableChecks(blocks, tables));
    parsed.problems.push(...budget.problems);
    parsed.procurementItems.push(...budget.procurementItems);
    parsed.assetItems.push(...budget.assetItems);
  }
  if (family === 'budget' || family === 'final_account' || family === 'perf_goals' || family === 'perf_self_eval' || family === 'project_self_eval') {
    const goals = readGoalTables(tables);
    parsed.goalProjects.push(...goals.projects);
    parsed.indicators.push(...goals.indicators);
  }
  const pending = NOT_YET_PARSED[family];
  if (pending) parsed.problems.push(pending);
  return parsed;
}
