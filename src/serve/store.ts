/**
 * What the review app reads, whichever database holds the dataset: rows by SQL written with `?`
 * placeholders in the SQL both dialects share, the condition that finds documents by the text of
 * their sections (FTS5 on SQLite, pg_trgm on PostgreSQL), and a document's source bytes.
 */
import type { Db } from '../store/db.js';
import { ftsPhrase } from '../store/search.js';
import { sourceOf, type SourceState } from './sources.js';

export type Row = Record<string, string | number | null>;

export interface ReviewStore {
  all(sql: string, params?: unknown[]): Promise<Row[]>;
  /** A condition on `d.id` (with its parameters) true for documents whose sections contain `text`. */
  textMatch(text: string): { sql: string; params: unknown[] };
  source(id: string): Promise<SourceState>;
  close(): Promise<void>;
}

/** Substring match by LIKE: wildcards in the user's text are only text. */
export const likePattern = (text: string): string => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export function sqliteReviewStore(db: Db, dbPath: string): ReviewStore {
  return {
    all: async (sql, params = []) => db.prepare(sql).all(...params) as Row[],
    textMatch(text) {
      // The trigram index needs three characters; shorter queries scan.
      if ([...text].length >= 3) {
        return { sql: 'd.id IN (SELECT s.doc_id FROM sections_fts JOIN sections s ON s.id = sections_fts.rowid WHERE sections_fts MATCH ?)', params: [ftsPhrase(text)] };
      }
      return { sql: "d.id IN (SELECT doc_id FROM sections WHERE heading LIKE ? ESCAPE '\\' OR text LIKE ? ESCAPE '\\')", params: [likePattern(text), likePattern(text)] };
    },
    source: async (id) => sourceOf(db, dbPath, id),
    close: async () => {
      db.close();
    },
  };
}
