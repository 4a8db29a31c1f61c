/**
 * A document and everything parsed from it as rows, table by table, in the order they are
 * written — the one description of "what a document stores" that both stores (SQLite here,
 * PostgreSQL in store/pg) execute. Rows that point at one of the document's tables carry the
 * table's place in the document (`tableSeq`); each store swaps in the id its database assigned.
 */
import type { z } from 'zod';
import { DATASET, type DatasetTable, type DocumentRow } from '../../schemas/records.js';
import type { ParsedDocument } from '../domain/parsed.js';
import { describeIssues } from '../domain/screen.js';

export type Row = Record<string, unknown>;

export interface PlannedRow {
  table: DatasetTable;
  row: Row;
  /** The document table this row's table_id points at (null: none); absent for rows without table_id. */
  tableSeq?: number | null;
}

export interface DocumentRecords {
  document: DocumentRow;
  /** tables rows in seq order, without id. */
  tables: Row[];
  /**
   * The other rows, each made as it is written: a long document has tens of thousands (a cell
   * each), and holding them all beside the parsed document grew the store's memory with length.
   */
  rows: Iterable<PlannedRow>;
}

const schemas = new Map<DatasetTable, z.ZodObject>();

/** The zod schema a row of `table` is validated against (tables.id is assigned by the database). */
export function rowSchema(table: DatasetTable): z.ZodObject {
  let schema = schemas.get(table);
  if (!schema) {
    const full = DATASET[table] as z.ZodObject;
    schema = table === 'tables' ? full.omit({ id: true }) : full;
    schemas.set(table, schema);
  }
  return schema;
}

/** Validates a row at the store's boundary; throws naming the table and the field, in words. */
export function validRow(table: DatasetTable, row: Row): Row {
  const result = rowSchema(table).safeParse(row);
  if (!result.success) throw new Error(`a ${table} row was refused: ${describeIssues(result.error.issues, row)}`);
  return result.data as Row;
}

/** Points a planned row at its table's database id (in place: each planned row is made afresh). */
export function resolveTable(planned: PlannedRow, ids: number[]): Row {
  if (planned.tableSeq !== undefined) planned.row.table_id = planned.tableSeq === null ? null : (ids[planned.tableSeq] ?? null);
  return planned.row;
}

export function documentRecords(doc: DocumentRow, parsed: ParsedDocument | null): DocumentRecords {
  const tables = (parsed?.tables ?? []).map(({ kind, table, emptyNote, orgUnit }, seq) => ({
    doc_id: doc.id, seq, kind, title: table.title, unit: table.unit, page_first: table.pageFirst, page_last: table.pageLast,
    n_rows: table.nRows, n_cols: table.nCols, header_rows: table.headerRows, notes: table.notes.length ? table.notes.join('\n') : null,
    org_unit: orgUnit ?? null,
    empty_note: emptyNote ?? null,
  }));
  // Iterable again and again: each pass makes the rows afresh.
  return { document: doc, tables, rows: { [Symbol.iterator]: () => (parsed ? plannedRows(doc.id, parsed) : [][Symbol.iterator]()) } };
}

function* plannedRows(doc_id: string, parsed: ParsedDocument): Generator<PlannedRow> {
  const add = (table: DatasetTable, row: Row, tableSeq?: number | null): PlannedRow => (tableSeq === undefined ? { table, row } : { table, row, tableSeq });
  for (const [seq, { table }] of parsed.tables.entries()) {
    for (const c of table.cells) {
      const b = c.box;
      yield add('cells', { row: c.row, col: c.col, row_span: c.rowSpan, col_span: c.colSpan, text: c.text, is_header: c.isHeader ? 1 : 0, page: b?.page ?? null, x0: b?.x0 ?? null, y0: b?.y0 ?? null, x1: b?.x1 ?? null, y1: b?.y1 ?? null }, seq);
    }
  }
  for (const s of parsed.sections) yield add('sections', { doc_id, ...s });
  for (const o of parsed.ocrPages) {
    yield add('ocr_pages', { doc_id, page: o.page, engine: o.engine, model: o.model, scale: o.scale, lines: o.lines, mean_confidence: o.confidence, doubtful: o.doubtful.length ? o.doubtful.join('\n') : null });
    for (const [seq, b] of o.boxes.entries()) yield add('ocr_lines', { doc_id, page: o.page, seq, ...b });
  }
  for (const { cell, box, ...f } of parsed.facts) {
    const [seq, row, col] = cell ? cell.split(':').map(Number) : [];
    const at = (v: number | undefined) => (v === undefined ? null : Math.round(v * 10) / 10);
    yield add('facts', { doc_id, ...f, cell_row: row ?? null, cell_col: col ?? null, x0: at(box?.x0), y0: at(box?.y0), x1: at(box?.x1), y1: at(box?.y1) }, seq ?? null);
  }
  for (const { cell, ...f } of parsed.regionFigures) {
    const [seq, row, col] = cell ? cell.split(':').map(Number) : [];
    yield add('region_figures', { doc_id, ...f, cell_row: row ?? null, cell_col: col ?? null }, seq ?? null);
  }
  for (const c of parsed.checks) yield add('checks', { doc_id, ...c });
  for (const g of parsed.goals) yield add('goals', { doc_id, ...g });
  for (const { table_seq, ...g } of parsed.goalProjects) yield add('goal_projects', { doc_id, ...g }, table_seq);
  for (const { table_seq, ...p } of parsed.procurementItems) yield add('procurement_items', { doc_id, ...p }, table_seq);
  for (const { table_seq, ...a } of parsed.assetItems) yield add('asset_items', { doc_id, ...a }, table_seq);
  for (const { table_seq, ...i } of parsed.indicators) yield add('indicators', { doc_id, ...i }, table_seq);
  for (const { table_seq, ...p } of parsed.projectResults) yield add('project_results', { doc_id, ...p }, table_seq);
  for (const { table_seq, ...l } of parsed.lineItems) yield add('line_items', { doc_id, ...l }, table_seq);
  for (const m of parsed.teamMembers) yield add('team_members', { doc_id, ...m });
  for (const u of parsed.orgUnits) yield add('org_units', { doc_id, ...u });
  for (const b of parsed.gradeBands) yield add('grade_bands', { doc_id, ...b });
}
