/** The fetches table: what each crawl request got, and the validators for the next one. */
import { FetchRow } from '../../schemas/records.js';
import type { Db } from './db.js';

export type NewFetch = Omit<FetchRow, 'id'>;

export function recordFetch(db: Db, fetch: NewFetch): void {
  const row = FetchRow.omit({ id: true }).parse(fetch);
  const columns = Object.keys(row);
  db.prepare(`INSERT INTO fetches (${columns.join(', ')}) VALUES (${columns.map((c) => `@${c}`).join(', ')})`).run(row);
}

/** The last fetch of `url` that got (or confirmed) a body: its validators and where the bytes are. */
export function lastGoodFetch(db: Db, url: string): Pick<FetchRow, 'etag' | 'last_modified' | 'sha256' | 'content_type' | 'final_url'> | null {
  const row = db
    .prepare(
      `SELECT etag, last_modified, sha256, content_type, final_url FROM fetches
       WHERE url = ? AND sha256 IS NOT NULL ORDER BY id DESC LIMIT 1`,
    )
    .get(url) as Pick<FetchRow, 'etag' | 'last_modified' | 'sha256' | 'content_type' | 'final_url'> | undefined;
  return row ?? null;
}
