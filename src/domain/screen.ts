/**
 * The domain's boundary: every record a document gives is held to its row schema before it leaves
 * the parser. A value read from the document that the schema refuses — an amount past what 分
 * hold exactly, a year out of range, a date that is no date — does not fail the document: that
 * record is left out (a field of the document itself is left empty) and the document is partial,
 * with the reason in words. The store validates again; what fails there is our bug.
 */
import type { z } from 'zod';
import { DATASET, type DatasetTable, DocumentRow } from '../../schemas/records.js';
import type { ParsedDocument } from './parsed.js';

type RecordList = 'facts' | 'lineItems' | 'regionFigures' | 'checks' | 'indicators' | 'goals' | 'goalProjects' | 'procurementItems' | 'assetItems' | 'projectResults' | 'teamMembers' | 'orgUnits' | 'gradeBands' | 'sections';

/** Each list of records, the table it is stored in, and the fields the store fills in itself. */
const SCREENED: readonly [RecordList, DatasetTable, readonly string[]][] = [
  ['facts', 'facts', ['doc_id', 'table_id', 'cell_row', 'cell_col', 'x0', 'y0', 'x1', 'y1']],
  ['lineItems', 'line_items', ['doc_id', 'table_id']],
  ['regionFigures', 'region_figures', ['doc_id', 'table_id', 'cell_row', 'cell_col']],
  ['checks', 'checks', ['doc_id']],
  ['indicators', 'indicators', ['doc_id', 'table_id']],
  ['goals', 'goals', ['doc_id']],
  ['goalProjects', 'goal_projects', ['doc_id', 'table_id']],
  ['procurementItems', 'procurement_items', ['doc_id', 'table_id']],
  ['assetItems', 'asset_items', ['doc_id', 'table_id']],
  ['projectResults', 'project_results', ['doc_id', 'table_id']],
  ['teamMembers', 'team_members', ['doc_id']],
  ['orgUnits', 'org_units', ['doc_id']],
  ['gradeBands', 'grade_bands', ['doc_id']],
  ['sections', 'sections', ['doc_id']],
];

/** The fields of documents that parsing reads from the document. */
const DOCUMENT_FIELDS = ['title', 'department', 'region', 'region_code', 'region_level', 'department_norm', 'coverage', 'fiscal_year', 'published_on', 'signed_on', 'publisher', 'doc_number', 'index_number'] as const;

const schemas = new Map<DatasetTable, z.ZodObject>();
function draftSchema(table: DatasetTable, storeFills: readonly string[]): z.ZodObject {
  let schema = schemas.get(table);
  if (!schema) {
    const full = DATASET[table] as z.ZodObject;
    schema = full.omit(Object.fromEntries(storeFills.filter((f) => f in full.shape).map((f) => [f, true])) as Record<string, true>);
    schemas.set(table, schema);
  }
  return schema;
}

/** What a refused value is, in words: the field, what the schema asked for, and the value printed. */
export function describeIssues(issues: readonly z.core.$ZodIssue[], record: Record<string, unknown>): string {
  return issues
    .slice(0, 2)
    .map((i) => {
      const field = i.path.join('.');
      const value = i.path.length > 0 ? record[String(i.path[0])] : undefined;
      const shown = typeof value === 'string' ? `"${value.slice(0, 40)}"` : String(value);
      const why = i.code === 'too_big' || i.code === 'too_small' ? 'out of range' : i.code === 'invalid_type' ? 'not a value of its kind' : i.message.toLowerCase();
      return `${field} ${shown} ${why}`;
    })
    .join(', ');
}

/**
 * A cell's place on its page is read from the PDF's drawing, and a degenerate transformation
 * can make it infinite: the place is left out (the cell and its text are kept), and said.
 */
function screenCellBoxes(parsed: ParsedDocument): void {
  let dropped = 0;
  const where = new Set<string>();
  for (const t of parsed.tables) {
    if (!t.table.cells.some((c) => c.box && !finiteBox(c.box))) continue;
    t.table = {
      ...t.table,
      cells: t.table.cells.map((c) => {
        if (!c.box || finiteBox(c.box)) return c;
        dropped++;
        where.add(`page ${c.box.page}`);
        const { box: _unplaced, ...cell } = c;
        return cell;
      }),
    };
  }
  if (dropped > 0) parsed.problems.push(`${dropped} table cell(s) stored without their place on the page, which the PDF's drawing made no finite number (${[...where].slice(0, 3).join(', ')})`);
}

const finiteBox = (b: { page: number; x0: number; y0: number; x1: number; y1: number }) => Number.isInteger(b.page) && b.page > 0 && [b.x0, b.y0, b.x1, b.y1].every(Number.isFinite);

/** Leaves out what the schema refuses and says so in `parsed.problems`. */
export function screenRecords(parsed: ParsedDocument): void {
  screenCellBoxes(parsed);
  for (const [list, table, storeFills] of SCREENED) {
    const schema = draftSchema(table, storeFills);
    const records = parsed[list] as unknown as Record<string, unknown>[];
    const refused: string[] = [];
    const kept = records.filter((r) => {
      const result = schema.safeParse(r);
      if (!result.success) refused.push(describeIssues(result.error.issues, r));
      return result.success;
    });
    if (refused.length === 0) continue;
    (parsed[list] as unknown as Record<string, unknown>[]) = kept;
    parsed.problems.push(`${refused.length} ${table} record(s) left out, a value read from the document could not be stored: ${refused.slice(0, 3).join('; ')}`);
  }
  for (const field of DOCUMENT_FIELDS) {
    const result = DocumentRow.shape[field].safeParse(parsed[field]);
    if (result.success) continue;
    parsed.problems.push(`the document's ${field} was left empty: ${describeIssues(result.error.issues.map((i) => ({ ...i, path: [field] })), parsed as unknown as Record<string, unknown>)}`);
    (parsed as unknown as Record<string, unknown>)[field] = null;
  }
}
