import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { DATASET, REGION_FIGURE_KEYS } from '../schemas/records.js';
import { extractText } from '../extractors/text/index.js';
import { parseDocument } from '../src/domain/index.js';
import { DatabaseError, openDatabase } from '../src/store/db.js';
import { SCHEMA_VERSION } from '../src/store/migrations.js';
import { searchSections } from '../src/store/search.js';
import { storeDocument } from '../src/store/write.js';
import type { DocumentRow } from '../schemas/records.js';
import { seedBytes, tempDir } from './helpers.js';

const ID = 'a'.repeat(64);

function docRow(id = ID): DocumentRow {
  return {
    id, source: 'seed-000.txt', format: 'txt', family: 'perf_self_eval', title: 't', department: null, region: null, region_code: null, region_level: null, department_norm: null, coverage: null, fiscal_year: 2024,
    published_on: null, signed_on: null, publisher: null, doc_number: null, index_number: null, pages: null, status: 'ok', error: null,
    bytes: 1, parser_version: '0.0.0', ingested_at: new Date().toISOString(),
  };
}

const count = (db: ReturnType<typeof openDatabase>, table: string) => (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;

describe('database', () => {
  it('creates the current schema with WAL and the schema version', () => {
    const db = openDatabase(join(tempDir(), 'f.db'));
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
  });

  it('has every zod field as a column, NOT NULL exactly where the schema forbids null', () => {
    const db = openDatabase(join(tempDir(), 'f.db'));
    for (const [table, schema] of Object.entries(DATASET)) {
      const columns = db.prepare(`PRAGMA table_xinfo(${table})`).all() as { name: string; notnull: number; hidden: number; pk: number }[];
      const stored = columns.filter((c) => c.hidden === 0);
      const shape = (schema as z.ZodObject).shape as Record<string, z.ZodType>;
      const fields = Object.keys(shape);
      expect(stored.map((c) => c.name).filter((c) => !(table === 'sections' && c === 'id')).sort(), table).toEqual(fields.sort());
      for (const c of stored) {
        const field = shape[c.name];
        if (!field) continue;
        const nullable = field.safeParse(null).success;
        expect(c.notnull === 1 || c.pk === 1, `${table}.${c.name}`).toBe(!nullable);
      }
    }
    db.close();
  });

  it('pivots every key of region_figures into region_panel (a new key needs a migration that adds its columns)', () => {
    const db = openDatabase(join(tempDir(), 'f.db'));
    const columns = new Set((db.prepare('PRAGMA table_info(region_panel)').all() as { name: string }[]).map((c) => c.name));
    for (const key of Object.keys(REGION_FIGURE_KEYS)) {
      for (const column of [key, `${key}_verified`, `${key}_basis`, `${key}_doc_id`]) expect(columns.has(column), column).toBe(true);
    }
    db.close();
  });

  it('refuses a database from a newer version, and a file that is not SQLite', () => {
    const dir = tempDir();
    const path = join(dir, 'f.db');
    const db = openDatabase(path);
    db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    db.close();
    expect(() => openDatabase(path)).toThrow(DatabaseError);
    writeFileSync(join(dir, 'not.db'), 'this is text, not a database '.repeat(50));
    expect(() => openDatabase(join(dir, 'not.db'))).toThrow(/cannot use database/);
  });
});

describe('storing a document', () => {
  const parsed = parseDocument(extractText(seedBytes('000')));

  it('writes the document and all its records', () => {
    const db = openDatabase(join(tempDir(), 'f.db'));
    storeDocument(db, docRow(), parsed);
    expect(count(db, 'project_results')).toBe(64);
    expect(count(db, 'team_members')).toBe(8);
    expect(count(db, 'tables')).toBe(2);
    expect(count(db, 'cells')).toBe(parsed.tables.reduce((n, t) => n + t.table.cells.length, 0));
    const row = db.prepare('SELECT budget_total_fen, budget_total_yuan, score FROM project_results WHERE seq = 28').get();
    expect(row).toEqual({ budget_total_fen: 300_000_000, budget_total_yuan: 3_000_000, score: 82 });
    db.close();
  });

  it('replaces, never duplicates, when the same document is stored again', () => {
    const db = openDatabase(join(tempDir(), 'f.db'));
    storeDocument(db, docRow(), parsed);
    storeDocument(db, docRow(), parsed);
    expect(count(db, 'documents')).toBe(1);
    expect(count(db, 'project_results')).toBe(64);
    expect(count(db, 'sections_fts')).toBe(parsed.sections.length);
    db.close();
  });

  it('writes all or nothing: a bad record leaves what was stored before', () => {
    const db = openDatabase(join(tempDir(), 'f.db'));
    storeDocument(db, docRow(), parsed);
    const broken = { ...parsed, facts: [...parsed.facts, { ...parsed.facts[0]!, key: 'not_a_key' as never }] };
    expect(() => storeDocument(db, { ...docRow(), title: 'changed' }, broken)).toThrow();
    expect(db.prepare('SELECT title FROM documents').get()).toEqual({ title: 't' });
    expect(count(db, 'facts')).toBe(parsed.facts.length);
    db.close();
  });
});

describe('full-text search', () => {
  it('finds Chinese substrings, including one- and two-character queries', () => {
    const db = openDatabase(join(tempDir(), 'f.db'));
    storeDocument(db, docRow(), parseDocument(extractText(seedBytes('000'))));
    const long = searchSections(db, '绩效监控质量');
    expect(long).toHaveLength(1);
    expect(long[0]!.heading).toBe('存在的主要问题');
    expect(long[0]!.snippet).toContain('[绩效监控质量]');
    expect(searchSections(db, '股室').map((h) => h.heading)).toEqual(expect.arrayContaining(['存在的主要问题']));
    expect(searchSections(db, '鹿').length).toBeGreaterThan(0);
    expect(searchSections(db, '不存在的词语')).toEqual([]);
    db.close();
  });
});

describe('documents over time', () => {
  const db = () => openDatabase(join(tempDir(), 'f.db'));
  const current = (d: ReturnType<typeof openDatabase>) => (d.prepare('SELECT id FROM current_documents ORDER BY id').all() as { id: string }[]).map((r) => r.id);

  it('shows only the latest content of a path as current, and keeps the older one stored', () => {
    const d = db();
    storeDocument(d, { ...docRow('a'.repeat(64)), ingested_at: '2026-01-01T00:00:00.000Z' }, null);
    storeDocument(d, { ...docRow('b'.repeat(64)), ingested_at: '2026-01-02T00:00:00.000Z' }, null);
    expect(count(d, 'documents')).toBe(2);
    expect(current(d)).toEqual(['b'.repeat(64)]);
    d.close();
  });

  it('keeps the other paths of the same bytes when a document is re-parsed', () => {
    const d = db();
    storeDocument(d, docRow(), null);
    storeDocument(d, { ...docRow(), source: 'copy/seed-000.txt' }, null);
    const sources = (d.prepare('SELECT source FROM document_sources ORDER BY source').all() as { source: string }[]).map((r) => r.source);
    expect(sources).toEqual(['copy/seed-000.txt', 'seed-000.txt']);
    d.close();
  });

  it('drops a path from failed_documents once it is read successfully', () => {
    const d = db();
    storeDocument(d, { ...docRow('c'.repeat(64)), status: 'failed', family: null, error: 'seed-000.txt: cannot read the file', ingested_at: '2026-01-01T00:00:00.000Z' }, null);
    expect(count(d, 'failed_documents')).toBe(1);
    storeDocument(d, { ...docRow(), ingested_at: '2026-01-02T00:00:00.000Z' }, null);
    expect(count(d, 'failed_documents')).toBe(0);
    d.close();
  });
});
