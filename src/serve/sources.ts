/**
 * The stored source file of a document, for drawing its pages: the paths it was ingested from
 * (document_sources) and then a raw store (beside a SQLite database, or PostgreSQL's raw_files).
 * Bytes are used only when they still hash to the document's id; otherwise the page says the file
 * moved or changed. Only paths the database names are ever opened — never one built from a URL.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, extname, isAbsolute, join, resolve } from 'node:path';
import { RawStore } from '../crawl/raw-store.js';
import type { Db } from '../store/db.js';

export type SourceState = { state: 'found'; path: string; bytes: Uint8Array } | { state: 'moved' | 'changed'; path: string | null };

export const DOC_ID = /^[0-9a-f]{64}$/;

const cache = new Map<string, SourceState>();
const CACHED = 8;

/** The local files among a document's recorded sources (URLs are not fetched again). */
export function storedPaths(sources: string[]): string[] {
  return sources.filter((s) => !/^https?:\/\//.test(s)).map((s) => (isAbsolute(s) ? s : resolve(s)));
}


/** The first of `paths`, then of the raw store's bytes, that is this document's bytes. */
export async function findSource(id: string, paths: string[], fromRawStore: () => Promise<Uint8Array | null>): Promise<SourceState> {
  const hit = cache.get(id);
  if (hit?.state === 'found') return hit;
  const found = (path: string, bytes: Uint8Array): SourceState => {
    const state: SourceState = { state: 'found', path, bytes };
    cache.set(id, state);
    if (cache.size > CACHED) cache.delete(cache.keys().next().value!);
    return state;
  };
  let changed: string | null = null;
  for (const path of paths) {
    if (!existsSync(path)) continue;
    const bytes = new Uint8Array(readFileSync(path));
    if (RawStore.sha256(bytes) === id) return found(path, bytes);
    changed = path;
  }
  const stored = await fromRawStore();
  if (stored && RawStore.sha256(stored) === id) return found(`raw store ${id}`, stored);
  return changed ? { state: 'changed', path: changed } : { state: 'moved', path: paths[0] ?? null };
}

/** Files a crawl kept beside a SQLite database (`<name>-raw/<2 hex>/<sha256>…`). */
function rawStoreCandidates(dbPath: string, id: string): string[] {
  const dir = join(dirname(dbPath), `${basename(dbPath, extname(dbPath))}-raw`, id.slice(0, 2));
  if (!existsSync(dir)) return [];
  return readdirSync(dir).filter((f) => f.startsWith(id)).map((f) => join(dir, f));
}

export function sourceOf(db: Db, dbPath: string, id: string): Promise<SourceState> {
  const paths = storedPaths((db.prepare('SELECT source FROM document_sources WHERE doc_id = ? ORDER BY seen_at DESC').all(id) as { source: string }[]).map((r) => r.source));
  return findSource(id, [...paths, ...rawStoreCandidates(dbPath, id)], async () => null);
}
