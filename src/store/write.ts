/**
 * Writing one document and everything parsed from it, in one transaction: a crash or a bad row
 * leaves the previous state of the database untouched. Every row is validated against its zod
 * schema on the way in.
 */
import type { z } from 'zod';
import { DATASET, type DatasetTable, type DocumentRow } from '../../schemas/records.js';
import type { ParsedDocument } from '../domain/parsed.js';
import type { Db } from './db.js';

type Row = Record<string, unknown>;

interface Inserter {
  schema: z.ZodObject;
  run: (row: Row) => { lastInsertRowid: number | bigint };
}

const statements = new WeakMap<Db, Map<DatasetTable, Inserter>>();

function inserter(db: Db, table: DatasetTable) {
  let perDb = statements.get(db);
  if (!perDb) statements.set(db, (perDb = new Map()));
  let entry = perDb.get(table);
  if (!entry) {
    // tables.id is assigned by SQLite and read back for the rows that point at the table.
    const full = DATASET[table] as z.ZodObject;
    const schema = table === 'tables' ? full.omit({ id: true }) : full;
    const columns = Object.keys(schema.shape);
    const sql = `INSERT INTO ${table} (${columns.map((c) => `"${c}"`).join(', ')}) VALUES (${columns.map((c) => `@${c}`).join(', ')})`;
    const stmt = db.prepare(sql);
    entry = { schema, run: (row) => stmt.run(row) };
    perDb.set(table, entry);
  }
  return entry;
}

function insert(db: Db, table: DatasetTable, row: Row): number {
  const { schema, run } = inserter(db, table);
  return Number(run(schema.parse(row) as Row).lastInsertRowid);
}

export function documentVersion(db: Db, id: string): { parser_version: string; status: string } | undefined {
  return db.prepare('SELECT parser_version, status FROM documents WHERE id = ?').get(id) as { parser_version: string; status: string } | undefined;
}

export function recordSource(db: Db, id: string, source: string, seenAt: string): void {
  db.prepare('INSERT INTO document_sources (doc_id, source, seen_at) VALUES (?, ?, ?) ON CONFLICT (doc_id, source) DO UPDATE SET seen_at = excluded.seen_at').run(id, source, seenAt);
}

/** Replaces whatever is stored for `doc.id` with this document and its records. */
export function storeDocument(db: Db, doc: DocumentRow, parsed: ParsedDocument | null): void {
  db.transaction(() => {
    // Other paths the same bytes were seen at survive the replacement.
    const sources = db.prepare('SELECT source, seen_at FROM document_sources WHERE doc_id = ?').all(doc.id) as { source: string; seen_at: string }[];
    db.prepare('DELETE FROM documents WHERE id = ?').run(doc.id);
    insert(db, 'documents', doc);
    for (const s of sources) recordSource(db, doc.id, s.source, s.seen_at);
    recordSource(db, doc.id, doc.source, doc.ingested_at);
    if (!parsed) return;
    const doc_id = doc.id;
    const tableIds = parsed.tables.map(({ kind, table, emptyNote, orgUnit }, seq) => {
      const id = insert(db, 'tables', {
        doc_id, seq, kind, title: table.title, unit: table.unit, page_first: table.pageFirst, page_last: table.pageLast,
        n_rows: table.nRows, n_cols: table.nCols, header_rows: table.headerRows, notes: table.notes.length ? table.notes.join('\n') : null,
        org_unit: orgUnit ?? null,
        empty_note: emptyNote ?? null,
      });
      for (const c of table.cells) {
        const b = c.box;
        insert(db, 'cells', { table_id: id, row: c.row, col: c.col, row_span: c.rowSpan, col_span: c.colSpan, text: c.text, is_header: c.isHeader ? 1 : 0, page: b?.page ?? null, x0: b?.x0 ?? null, y0: b?.y0 ?? null, x1: b?.x1 ?? null, y1: b?.y1 ?? null });
      }
      return id;
    });
    const tableId = (seq: number | null) => (seq === null ? null : (tableIds[seq] ?? null));
    for (const s of parsed.sections) insert(db, 'sections', { doc_id, ...s });
    for (const o of parsed.ocrPages) {
      insert(db, 'ocr_pages', { doc_id, page: o.page, engine: o.engine, model: o.model, scale: o.scale, lines: o.lines, mean_confidence: o.confidence, doubtful: o.doubtful.length ? o.doubtful.join('\n') : null });
      o.boxes.forEach((b, seq) => insert(db, 'ocr_lines', { doc_id, page: o.page, seq, ...b }));
    }
    for (const { cell, box, ...f } of parsed.facts) {
      const [seq, row, col] = cell ? cell.split(':').map(Number) : [];
      const at = (v: number | undefined) => (v === undefined ? null : Math.round(v * 10) / 10);
      insert(db, 'facts', { doc_id, ...f, table_id: seq === undefined ? null : tableId(seq), cell_row: row ?? null, cell_col: col ?? null, x0: at(box?.x0), y0: at(box?.y0), x1: at(box?.x1), y1: at(box?.y1) });
    }
    for (const c of parsed.checks) insert(db, 'checks', { doc_id, ...c });
    for (const g of parsed.goals) insert(db, 'goals', { doc_id, ...g });
    for (const { table_seq, ...g } of parsed.goalProjects) insert(db, 'goal_projects', { doc_id, table_id: tableId(table_seq), ...g });
    for (const { table_seq, ...p } of parsed.procurementItems) insert(db, 'procurement_items', { doc_id, table_id: tableId(table_seq), ...p });
    for (const { table_seq, ...a } of parsed.assetItems) insert(db, 'asset_items', { doc_id, table_id: tableId(table_seq), ...a });
    for (const { table_seq, ...i } of parsed.indicators) insert(db, 'indicators', { doc_id, table_id: tableId(table_seq), ...i });
    for (const { table_seq, ...p } of parsed.projectResults) insert(db, 'project_results', { doc_id, table_id: tableId(table_seq), ...p });
    for (const { table_seq, ...l } of parsed.lineItems) insert(db, 'line_items', { doc_id, table_id: tableId(table_seq), ...l });
    for (const m of parsed.teamMembers) insert(db, 'team_members', { doc_id, ...m });
    for (const u of parsed.orgUnits) insert(db, 'org_units', { doc_id, ...u });
    for (const b of parsed.gradeBands) insert(db, 'grade_bands', { doc_id, ...b });
    // IMMEDIATE: with another ingest on the database, a transaction that began reading could not
    // take the write lock later (SQLITE_BUSY at once); this one waits for it at the start.
  }).immediate();
}
