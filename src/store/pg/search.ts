/**
 * `search` on PostgreSQL: a LIKE of the words, which pg_trgm's GIN index on sections.text and
 * heading answers without a scan for three or more characters (the same trigram idea as SQLite's
 * FTS5 index); shorter queries scan. Hits in document order, as SQLite's short-query path.
 */
import { likeSnippet, type SearchHit } from '../search.js';
import { checkDataset, connectReadOnly } from './store.js';

export async function searchSectionsPg(url: string, query: string, limit = 20): Promise<SearchHit[]> {
  const q = query.trim();
  if (q === '') return [];
  const client = await connectReadOnly(url, 'search');
  try {
    await checkDataset(client, url);
    const pattern = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const r = await client.query<SearchHit & { text: string }>(
      `SELECT d.source, d.title, s.seq, s.heading, s.text FROM sections s JOIN documents d ON d.id = s.doc_id
       WHERE s.text LIKE $1 OR s.heading LIKE $1 ORDER BY d.source, s.seq LIMIT $2`,
      [pattern, limit],
    );
    return r.rows.map(({ text, ...hit }) => ({ ...hit, snippet: likeSnippet(text, q) }));
  } finally {
    await client.end().catch(() => {});
  }
}
