/**
 * A PostgreSQL dataset made by an older fiscal-extract is migrated in place when a newer one opens
 * it: its rows kept, its schema then the same as a dataset created at the current version, the
 * views answering, new documents stored; workers opening it together migrate it once; a dataset
 * newer than this fiscal-extract is refused, untouched.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS, SCHEMA_VERSION } from '../src/store/migrations.js';
import { openDatabase } from '../src/store/db.js';
import { migrationBetween, type PgMigration, postgresSchema, schemaOf } from '../src/store/pg/schema.js';
import { applyMigration, createSchema, openPostgres, PG_TYPES } from '../src/store/pg/store.js';
import { CLI, SAMPLES } from './helpers.js';
import { freshDatabase } from './helpers/postgres.js';

/** A dataset as an older fiscal-extract left it: its schema at `version`, and one document of that time. */
async function datasetAt(version: number): Promise<string> {
  const url = await freshDatabase(`fx_v${version}`);
  const client = new pg.Client({ connectionString: url, types: PG_TYPES });
  await client.connect();
  try {
    await client.query('BEGIN');
    const schema = postgresSchema(version);
    // PostgreSQL datasets begin at schema 11, which made the views portable; before it, the
    // tables and indexes are what a migration must carry forward (old views are dropped anyway).
    if (version < 11) schema.statements = schema.statements.filter((sql) => !/^CREATE VIEW/i.test(sql.trim()));
    await createSchema(client, schema);
    await client.query(
      "INSERT INTO documents (id, source, format, family, status, parser_version, ingested_at) VALUES ($1, 'old/report.pdf', 'pdf', 'budget', 'ok', 'old', '2025-01-01T00:00:00Z')",
      ['a'.repeat(64)],
    );
    await client.query("INSERT INTO document_sources (doc_id, source, seen_at) VALUES ($1, 'old/report.pdf', '2025-01-01T00:00:00Z')", ['a'.repeat(64)]);
    await client.query('COMMIT');
  } finally {
    await client.end();
  }
  return url;
}

/** Every column of every table and view, every index and every view's name, as PostgreSQL describes them. */
async function shape(url: string): Promise<Record<string, string[]>> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const rows = async (sql: string) => (await client.query(sql)).rows.map((r) => Object.values(r).join(' ')).sort();
    return {
      columns: await rows(`SELECT table_name, column_name, data_type, is_nullable, is_generated, is_identity, coalesce(generation_expression, '') FROM information_schema.columns WHERE table_schema = 'public'`),
      constraints: await rows(`SELECT conrelid::regclass::text, pg_get_constraintdef(oid) FROM pg_constraint WHERE connamespace = 'public'::regnamespace`),
      indexes: await rows(`SELECT indexdef FROM pg_indexes WHERE schemaname = 'public'`),
      views: await rows(`SELECT table_name FROM information_schema.views WHERE table_schema = 'public'`),
      reference: await rows('SELECT family, item FROM required_disclosures'),
    };
  } finally {
    await client.end();
  }
}

describe('an older PostgreSQL dataset', () => {
  it('is migrated in place from every earlier version to the schema a new dataset gets, keeping its rows', async () => {
    const current = await freshDatabase('fx_current');
    await (await openPostgres(current)).end();
    const expected = await shape(current);
    expect(expected['views']!.length).toBeGreaterThan(5);
    for (const { version } of MIGRATIONS.filter((m) => m.version < SCHEMA_VERSION)) {
      const url = await datasetAt(version);
      const pool = await openPostgres(url);
      try {
        expect({ version, meta: (await pool.query("SELECT value FROM fiscal_meta WHERE key = 'schema_version'")).rows }).toEqual({ version, meta: [{ value: String(SCHEMA_VERSION) }] });
        expect((await pool.query('SELECT id, source, status FROM documents')).rows).toEqual([{ id: 'a'.repeat(64), source: 'old/report.pdf', status: 'ok' }]);
        // The views that read columns later versions added answer for the old row.
        expect((await pool.query('SELECT doc_id FROM headlines')).rows).toEqual([{ doc_id: 'a'.repeat(64) }]);
      } finally {
        await pool.end();
      }
      const got = await shape(url);
      for (const part of Object.keys(expected)) expect({ version, part, rows: got[part] }).toEqual({ version, part, rows: expected[part] });
    }
  }, 300_000);

  it('takes new documents once migrated, and workers opening it together migrate it once', async () => {
    const url = await datasetAt(1);
    const pools = await Promise.all([openPostgres(url), openPostgres(url), openPostgres(url)]);
    await Promise.all(pools.map((p) => p.end()));
    const r = spawnSync(process.execPath, [CLI, 'ingest', join(SAMPLES, '002-luquan-2024-budget.pdf'), '--db', url, '--json'], { encoding: 'utf8', timeout: 300_000 });
    expect(r.status).not.toBe(2);
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: 1 });
    const q = spawnSync(process.execPath, [CLI, 'query', 'SELECT count(*) AS n FROM line_items', '--db', url, '--format', 'json'], { encoding: 'utf8' });
    expect(JSON.parse(q.stdout)[0].n).toBeGreaterThan(50);
  }, 300_000);

  it('is refused, untouched, when newer than this fiscal-extract', async () => {
    const url = await datasetAt(SCHEMA_VERSION);
    const client = new pg.Client(url);
    await client.connect();
    await client.query("UPDATE fiscal_meta SET value = $1 WHERE key = 'schema_version'", [String(SCHEMA_VERSION + 1)]);
    const before = await shape(url);
    const r = spawnSync(process.execPath, [CLI, 'ingest', join(SAMPLES, '002-luquan-2024-budget.pdf'), '--db', url], { encoding: 'utf8', timeout: 300_000 });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`schema version ${SCHEMA_VERSION + 1}, newer than this fiscal-extract supports \\(${SCHEMA_VERSION}\\)`));
    expect(await shape(url)).toEqual(before);
    expect((await client.query('SELECT count(*)::int AS n FROM documents')).rows).toEqual([{ n: 1 }]);
    await client.end();
  }, 300_000);
});

/** A migration from the current schema to the current schema plus `sql`: a release not yet written. */
function nextMigration(sql: string, base = ''): PgMigration {
  const [before, after] = [openDatabase(':memory:'), openDatabase(':memory:')];
  try {
    before.exec(base);
    after.exec(base + sql);
    return migrationBetween(schemaOf(before), schemaOf(after), 'schema next');
  } finally {
    before.close();
    after.close();
  }
}

async function applied(url: string, migration: PgMigration, sql: string): Promise<unknown[]> {
  const client = new pg.Client({ connectionString: url, types: PG_TYPES });
  await client.connect();
  try {
    await client.query('BEGIN');
    await applyMigration(client, migration);
    await client.query('COMMIT');
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}

describe('a future migration', () => {
  it('creates a new table before a column that references it, and the dataset takes it', async () => {
    const m = nextMigration('CREATE TABLE programs (id INTEGER PRIMARY KEY, name TEXT NOT NULL) STRICT; ALTER TABLE facts ADD COLUMN program_id INTEGER REFERENCES programs (id);');
    const create = m.statements.findIndex((x) => /^CREATE TABLE programs/.test(x));
    const alter = m.statements.findIndex((x) => /^ALTER TABLE facts ADD COLUMN program_id BIGINT REFERENCES programs/.test(x));
    expect(create).toBeGreaterThanOrEqual(0);
    expect(alter).toBeGreaterThan(create);
    const url = await datasetAt(SCHEMA_VERSION);
    expect(await applied(url, m, "SELECT column_name FROM information_schema.columns WHERE table_name = 'facts' AND column_name = 'program_id'")).toEqual([{ column_name: 'program_id' }]);
  });

  it('refuses a column or table removed or renamed, naming it, rather than drop its data', () => {
    expect(() => nextMigration('ALTER TABLE tables RENAME COLUMN empty_note TO note_if_empty;')).toThrow(/schema next: column tables\.empty_note was removed or renamed; a PostgreSQL dataset cannot follow/);
    expect(() => nextMigration('ALTER TABLE ocr_lines RENAME TO ocr_text_lines;')).toThrow(/table ocr_lines was removed or renamed/);
    expect(() => nextMigration('ALTER TABLE facts DROP COLUMN x0;')).toThrow(/column facts\.x0 was removed or renamed/);
  });

  it('reads a table whose definition holds a comment with an apostrophe', () => {
    const base = "CREATE TABLE notes (id INTEGER PRIMARY KEY, -- the note's text\n  body TEXT) STRICT;";
    expect(nextMigration('ALTER TABLE notes ADD COLUMN lang TEXT;', base).statements).toContain('ALTER TABLE notes ADD COLUMN lang TEXT');
  });

  it('adds and removes reference rows one by one, keeping the rows users added', async () => {
    const m = nextMigration("INSERT INTO department_aliases (region_code, alias, canonical) VALUES ('130110', '财政局机关', '财政局'); DELETE FROM required_disclosures WHERE family = 'budget' AND item = 'three_public';");
    expect(m.seed.map((x) => [x.table, x.added.length, x.removed.length]).sort()).toEqual([['department_aliases', 1, 0], ['required_disclosures', 0, 1]]);
    const url = await datasetAt(SCHEMA_VERSION);
    const client = new pg.Client(url);
    await client.connect();
    await client.query("INSERT INTO department_aliases (region_code, alias, canonical) VALUES ('130110', '鹿泉区财政局', '财政局')");
    const disclosures = (await client.query('SELECT count(*)::int AS n FROM required_disclosures')).rows[0].n as number;
    await client.end();
    expect(await applied(url, m, 'SELECT alias FROM department_aliases ORDER BY alias')).toEqual([{ alias: '财政局机关' }, { alias: '鹿泉区财政局' }]);
    expect(await applied(url, { ...m, statements: [], seed: [] }, 'SELECT count(*)::int AS n FROM required_disclosures')).toEqual([{ n: disclosures - 1 }]);
  });
});
