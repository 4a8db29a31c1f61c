/**
 * Writing one document and everything parsed from it, in one transaction: a crash or a bad row
 * leaves the previous state of the database untouched. Every row is validated against its zod
 * schema on the way in.
 */
import type { DatasetTable, DocumentRow } from '../../schemas/records.js';
import type { ParsedDocument } from '../domain/parsed.js';
import type { Db } from './db.js';
import { documentRecords, resolveTable, type Row, rowSchema, validRow } from './records.js';

type Statement = ReturnType<Db['prepare']>;
const statements = new WeakMap<Db, Map<DatasetTable, Statement>>();

function insert(db: Db, table: DatasetTable, row: Row): number {
  let perDb = statements.get(db);
  if (!perDb) statements.set(db, (perDb = new Map()));
  let stmt = perDb.get(table);
  if (!stmt) {
    const columns = Object.keys(rowSchema(table).shape);
    stmt = db.prepare(`INSERT INTO ${table} (${columns.map((c) => `"${c}"`).join(', ')}) VALUES (${columns.map((c) => `@${c}`).join(', ')})`);
    perDb.set(table, stmt);
  }
  return Number(stmt.run(validRow(table, row)).lastInsertRowid);
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
    const records = documentRecords(doc, parsed);
    // tables.id is assigned by SQLite and read back for the rows that point at the table.
    const tableIds = records.tables.map((t) => insert(db, 'tables', t));
    for (const planned of records.rows) insert(db, planned.table, resolveTable(planned, tableIds));
    // IMMEDIATE: with another ingest on the database, a transaction that began reading could not
    // take the write lock later (SQLITE_BUSY at once); this one waits for it at the start.
  }).immediate();
}
