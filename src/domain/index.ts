/**
 * From the document model to records: metadata, family, table kinds and sections for every
 * document, then the family's own parser.
 */
import type { Block, DocumentModel } from '../../schemas/document.js';
import type { Family, TableKind } from '../../schemas/records.js';
import type { Table } from '../../schemas/document.js';
import { classifyFamily, isAttachmentNotice, isListingPage } from './classify.js';
import { departmentOfDocument, departmentOfName, documentTitle, fiscalYearOf, orgOfBanner, signatureDate, yearOfName } from './meta.js';
import type { ParsedDocument, ParsedTable } from './parsed.js';
import { isOrgUnitsTable, isTeamTable, readTeam } from './people.js';
import { parsePerfSelfEval } from './perf-self-eval.js';
import { isProjectResultsTable } from './project-results.js';
import { inferRegion, regionCode } from './region.js';
import { coverageOf, departmentNorm } from './identity.js';
import { buildSections } from './sections.js';
import { budgetTableKind, continuesTable, parseBudgetTables, type LineDraft } from './budget/index.js';
import { readGoalTables } from './goal-tables.js';
import { amountFacts, type FactDraft } from './narrative.js';
import { unitsInForce } from './amounts.js';
import { narrativeChecks, proseChecks, reconcileProse, type RefFact } from './budget/narrative-checks.js';
import { failedIdentities, verification } from './verify.js';
import { listedTableChecks } from './budget/contents.js';
import { parseRegional, type RegionFigureDraft } from './regional/index.js';
import { levelOf } from './region.js';
import { screenRecords } from './screen.js';

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
  return table.notes.map((n) => n.trim()).find((n) => EMPTY_NOTE.test(n.replace(/^注[:：]\s*/, ''))) ?? null;
}

type KindedTable = Pick<ParsedTable, 'kind' | 'table'> & Partial<Pick<ParsedTable, 'emptyNote' | 'orgUnit'>>;

/**
 * The tables in their document's context: whether each continues the one before (a piece the
 * page layout could not join; it keeps that table's kind when it has none of its own), and the
 * unit its amounts are in.
 */
export function inContext(tables: readonly KindedTable[]): ParsedTable[] {
  const out: ParsedTable[] = [];
  const units = unitsInForce(tables.map((t) => t.table.unit));
  tables.forEach((t, i) => {
    const previous = out[i - 1];
    const joins = previous !== undefined && continuesTable(previous.table, t.table, previous.kind);
    const kind = t.kind ?? (joins ? previous.kind : null);
    out.push({ ...t, kind, continues: joins && kind === previous.kind, unit: units[i] ?? null });
  });
  return out;
}

/** Every table with its kind, from its own title or header, or the heading it sits under. */
function classifyTables(blocks: Block[]): ParsedTable[] {
  const out: KindedTable[] = [];
  let heading: string | null = null;
  for (const b of blocks) {
    if (b.type === 'heading') heading = b.text;
    if (b.type !== 'table') continue;
    out.push({ kind: tableKind(b, heading), table: b, emptyNote: emptyNoteOf(b), orgUnit: orgOfBanner(b.notes) });
  }
  return inContext(out);
}

/** Families whose figures later issues will extract; until then they are stored as text and tables. */
const NOT_YET_PARSED: Partial<Record<Family, string>> = {
};

/** `source.name`: the file's path or URL, whose name gives the year and department when the document does not. */
export function parseDocument(model: DocumentModel, source: { name?: string } = {}): ParsedDocument {
  const blocks = model.blocks;
  const title = documentTitle(model);
  const body = bodyText(blocks);
  const tables = classifyTables(blocks);
  const texts = blocks.flatMap((b) => (b.type === 'table' ? [] : [b.text]));
  const byText = isListingPage(texts) || isAttachmentNotice(model) ? 'other' : classifyFamily([title, model.notice?.title, model.title], body);
  // A workbook of forms says nothing of itself in prose: its tables' titles say what it is.
  const family = byText === 'other' ? classifyFamily(tables.map((t) => t.table.title), '') : byText;
  const department = departmentOfDocument(title, blocks, tables.map((t) => t.table)) ?? (source.name ? departmentOfName(source.name) : null);
  const region = inferRegion([department, title, model.notice?.publisher], body);
  const parsed: ParsedDocument = {
    family,
    title,
    department,
    region,
    region_code: regionCode(region)?.code ?? null,
    region_level: regionCode(region)?.level ?? null,
    department_norm: departmentNorm(department),
    coverage: coverageOf(title, department),
    fiscal_year: fiscalYearOf(title, blocks) ?? (source.name ? yearOfName(source.name) : null),
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
    regionFigures: [],
    ocrPages: model.ocr ?? [],
  };
  // Facts and line items are drafted with the figures they were read from, for verification.
  const facts: RefFact[] = [];
  const addFacts = (drafts: readonly (FactDraft & { cell?: string })[]) => {
    for (const f of drafts) facts.push({ ...f, ref: `fact:${facts.length}` });
  };
  const lines: LineDraft[] = [];
  if (family === 'perf_self_eval') {
    const { problems, facts: drafted, ...records } = parsePerfSelfEval(blocks, tables);
    Object.assign(parsed, records);
    addFacts(drafted);
    parsed.problems.push(...problems);
  }
  if (family === 'budget' || family === 'final_account') {
    const own = { basis: family === 'budget' ? 'budget' : 'final', year: parsed.fiscal_year } as const;
    const budget = parseBudgetTables(tables, own);
    lines.push(...budget.lineItems);
    addFacts(budget.facts);
    addFacts(amountFacts(blocks, own));
    facts.splice(0, facts.length, ...reconcileProse(facts));
    parsed.checks.push(...budget.checks, ...narrativeChecks(facts, own.basis), ...proseChecks(facts, own.basis), ...listedTableChecks(blocks, tables));
    parsed.problems.push(...budget.problems);
    const failed = failedIdentities(parsed.checks);
    if (failed) parsed.problems.push(failed);
    parsed.procurementItems.push(...budget.procurementItems);
    parsed.assetItems.push(...budget.assetItems);
  }
  const regional: RegionFigureDraft[] = [];
  if (family === 'gov_report') {
    const read = parseRegional({ title, regionCode: parsed.region_code, fiscalYear: parsed.fiscal_year }, blocks, tables);
    regional.push(...read.figures);
    parsed.checks.push(...read.checks);
    parsed.problems.push(...read.problems);
    const failed = failedIdentities(parsed.checks);
    if (failed) parsed.problems.push(failed);
  }
  // Figures read by OCR are verified by identities alone.
  const isVerified = verification(parsed.checks, { identitiesOnly: parsed.ocrPages.length > 0 });
  // A table figure is on the page its cell is printed on (a table's first page may hold only its title).
  const pageOfCell = (cell: string | undefined) => {
    if (!cell) return undefined;
    const [seq, row, col] = cell.split(':').map(Number);
    return tables[seq!]?.table.cells.find((c) => c.row === row && c.col === col)?.box?.page;
  };
  // A prose figure is in the paragraph of its page that prints it.
  const boxOfProse = (f: { source: string; page: number | null; raw: string }) => {
    if (f.source !== 'narrative' || f.page === null) return null;
    const printed = f.raw.replace(/\s+/g, '');
    const block = blocks.find((b) => b.type !== 'table' && b.prov.page === f.page && b.prov.box && b.text.replace(/\s+/g, '').includes(printed));
    return block?.type !== 'table' ? (block?.prov.box ?? null) : null;
  };
  parsed.facts = facts.map(({ ref, cell, ...f }) => ({ ...f, page: pageOfCell(cell) ?? f.page, cell: cell ?? null, box: boxOfProse(f), verified: isVerified(ref, cell) ? 1 : 0 }));
  parsed.lineItems = lines.map(({ cell, ...l }) => ({ ...l, col: Number(cell.split(':')[2]), verified: isVerified(cell) ? 1 : 0 }));
  parsed.regionFigures = regional.map(({ division, cell, ref, ...f }) => ({
    ...f,
    region_code: division?.code ?? null,
    region_name: division?.name ?? null,
    region_level: division ? levelOf(division) : null,
    page: pageOfCell(cell) ?? f.page,
    cell: cell ?? null,
    verified: isVerified(ref ?? cell) ? 1 : 0,
  }));
  if (family === 'budget' || family === 'final_account' || family === 'perf_goals' || family === 'perf_self_eval' || family === 'project_self_eval') {
    const goals = readGoalTables(tables);
    parsed.goalProjects.push(...goals.projects);
    parsed.indicators.push(...goals.indicators);
    parsed.problems.push(...goals.problems);
  }
  const pending = NOT_YET_PARSED[family];
  if (pending) parsed.problems.push(pending);
  screenRecords(parsed);
  return parsed;
}
