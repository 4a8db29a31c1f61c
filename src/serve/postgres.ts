/**
 * The review app's reads on PostgreSQL: a small read-only pool, numbered parameters, and source
 * bytes from the paths the dataset names or else from raw_files, where the workers keep every
 * file they parsed by its sha256 (a document's id).
 */
import { getRaw } from '../queue/raw.js';
import { DatabaseError } from '../store/db.js';
import { checkDataset, numbered, openReadOnlyPool, withoutRowid } from '../store/pg/store.js';
import { findSource, storedPaths } from './sources.js';
import { likePattern, type ReviewStore, type Row } from './store.js';

export async function postgresReviewStore(url: string): Promise<ReviewStore> {
  const pool = openReadOnlyPool(url, 'serve');
  try {
    await checkDataset(pool, url);
  } catch (e) {
    await pool.end().catch(() => {});
    throw new DatabaseError(`cannot serve: ${(e as Error).message}`);
  }
  return {
    all: async (sql, params = []) => withoutRowid(await pool.query(numbered(sql), params)).rows as Row[],
    // pg_trgm's GIN index answers LIKE for three characters or more; shorter text scans.
    textMatch: (text) => ({ sql: "d.id IN (SELECT doc_id FROM sections WHERE heading LIKE ? ESCAPE '\\' OR text LIKE ? ESCAPE '\\')", params: [likePattern(text), likePattern(text)] }),
    async source(id) {
      const paths = storedPaths((await pool.query<{ source: string }>('SELECT source FROM document_sources WHERE doc_id = $1 ORDER BY seen_at DESC', [id])).rows.map((r) => r.source));
      return findSource(id, paths, () => getRaw(pool, id));
    },
    close: () => pool.end(),
  };
}
