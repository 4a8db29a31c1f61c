/**
 * The stored source file of a document, for drawing its pages: the paths it was ingested from
 * (document_sources) and, for crawled documents, the raw store beside the database. A file is
 * used only when its bytes still hash to the document's id; otherwise the page says it moved or
 * changed. Only paths the database names are ever opened — never one built from a URL.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, extname, isAbsolute, join, resolve } from 'node:path';
import type { Db } from '../store/db.js';

export type SourceState = { state: 'found'; path: string; bytes: Uint8Array } | { state: 'moved' | 'changed'; path: string | null };

export const DOC_ID = /^[0-9a-f]{64}$/;

const cache = new Map<string, SourceState>();
const CACHED = 8;

function rawStoreCandidates(dbPath: string, id: string): string[] {
  const dir = join(dirname(dbPath), `${basename(dbPath, extname(dbPath))}-raw`, id.slice(0, 2));
  if (!existsSync(dir)) return [];
  return readdirSync(dir).filter((f) => f.startsWith(id)).map((f) => join(dir, f));
}

export function sourceOf(db: Db, dbPath: string, id: string): SourceState {
  const hit = cache.get(id);
  if (hit?.state === 'found') return hit;
  const paths = (db.prepare('SELECT source FROM document_sources WHERE doc_id = ? ORDER BY seen_at DESC').all(id) as { source: string }[])
    .map((r) => r.source)
    .filter((s) => !/^https?:\/\//.test(s))
    .map((s) => (isAbsolute(s) ? s : resolve(s)));
  let changed: string | null = null;
  for (const path of [...paths, ...rawStoreCandidates(dbPath, id)]) {
    if (!existsSync(path)) continue;
    const bytes = new Uint8Array(readFileSync(path));
    if (createHash('sha256').update(bytes).digest('hex') === id) {
      const found: SourceState = { state: 'found', path, bytes };
      cache.set(id, found);
      if (cache.size > CACHED) cache.delete(cache.keys().next().value!);
      return found;
    }
    changed = path;
  }
  return changed ? { state: 'changed', path: changed } : { state: 'moved', path: paths[0] ?? null };
}
