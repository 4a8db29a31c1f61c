/**
 * Full-text search over sections. FTS5's trigram tokenizer matches any substring of three or
 * more characters, which suits Chinese (no spaces between words); shorter queries fall back to
 * a LIKE scan of the same text.
 */
import type { Db } from './db.js';

export interface SearchHit {
  source: string;
  title: string | null;
  seq: number;
  heading: string | null;
  snippet: string;
}

const SNIPPET_CHARS = 40;

export function likeSnippet(text: string, query: string): string {
  const at = text.indexOf(query);
  if (at < 0) return text.slice(0, SNIPPET_CHARS * 2);
  const start = Math.max(0, at - SNIPPET_CHARS);
  return `${start > 0 ? '…' : ''}${text.slice(start, at)}[${query}]${text.slice(at + query.length, at + query.length + SNIPPET_CHARS)}…`;
}

/**
 * What a user typed, as text to look for: NUL bytes dropped (no stored text holds one, and FTS5
 * ends a string at NUL and then calls the phrase unterminated), spaces trimmed.
 */
export function searchText(query: string): string {
  return query.replace(/\0/g, '').trim();
}

/** The text as one FTS5 phrase, so quotes, `*`, `NEAR(`, `AND` and parentheses are only text. */
export function ftsPhrase(text: string): string {
  return `"${text.replace(/"/g, '""')}"`;
}

export function searchSections(db: Db, query: string, limit = 20): SearchHit[] {
  const q = searchText(query);
  if (q === '') return [];
  if ([...q].length >= 3) {
    const phrase = ftsPhrase(q);
    return db
      .prepare(
        `SELECT d.source, d.title, s.seq, s.heading, snippet(sections_fts, -1, '[', ']', '…', 24) AS snippet
         FROM sections_fts JOIN sections s ON s.id = sections_fts.rowid JOIN documents d ON d.id = s.doc_id
         WHERE sections_fts MATCH ? ORDER BY rank LIMIT ?`,
      )
      .all(phrase, limit) as SearchHit[];
  }
  const rows = db
    .prepare(
      `SELECT d.source, d.title, s.seq, s.heading, s.text FROM sections s JOIN documents d ON d.id = s.doc_id
       WHERE instr(s.text, ?) > 0 OR instr(coalesce(s.heading, ''), ?) > 0 ORDER BY d.source, s.seq LIMIT ?`,
    )
    .all(q, q, limit) as (SearchHit & { text: string })[];
  return rows.map(({ text, ...hit }) => ({ ...hit, snippet: likeSnippet(text, q) }));
}
