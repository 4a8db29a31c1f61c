/**
 * The dataset on PostgreSQL: opening it (creating the schema of store/pg/schema.ts on first use),
 * and writing one document with all its records in one transaction — the same rows, validated by
 * the same zod schemas, as store/write.ts writes to SQLite.
 */
import pg from 'pg';
import type { DatasetTable, DocumentRow } from '../../../schemas/records.js';
import type { ParsedDocument } from '../../domain/parsed.js';
import { DatabaseError } from '../db.js';
import { SCHEMA_VERSION } from '../migrations.js';
import { documentRecords, resolveTable, type Row, rowSchema, validRow } from '../records.js';
import { type PgMigration, type PgSchema, postgresMigration, postgresSchema } from './schema.js';

export type PgPool = pg.Pool;

import { redact } from '../url.js';

export { isPostgresUrl, redact } from '../url.js';

/** Counts and 分 amounts arrive as numbers, as they do from SQLite (both fit 2^53 by far). */
export const PG_TYPES = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === 20 || oid === 1700) return (v: string) => Number(v);
    return pg.types.getTypeParser(oid, format);
  },
} as pg.CustomTypesConfig;

/** SQL written with SQLite's `?` placeholders, numbered for PostgreSQL ($1, $2, …). */
export function numbered(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}

/**
 * A result's columns and rows without `rowid`, PostgreSQL's stand-in for SQLite's hidden one:
 * not part of the dataset, so `SELECT *` gives the same columns from both databases.
 */
export function withoutRowid(result: pg.QueryResult): { columns: string[]; rows: Record<string, unknown>[] } {
  const columns = result.fields.map((f) => f.name).filter((c) => c !== 'rowid');
  const rows = (result.rows as Record<string, unknown>[]).map((row) => {
    delete row['rowid'];
    return row;
  });
  return { columns, rows };
}

/** Sessions for reading only: every transaction read-only, no statement running for ever. */
const readOnlySession = (purpose: string) => ({ types: PG_TYPES, application_name: `fiscal-extract-${purpose}`, options: '-c default_transaction_read_only=on -c statement_timeout=300000' });

/** A pool for reading only, for a server answering requests side by side. */
export function openReadOnlyPool(url: string, purpose: string, max = 4): PgPool {
  const pool = new pg.Pool({ connectionString: url, max, ...readOnlySession(purpose) });
  pool.on('error', () => {}); // an idle client's lost connection surfaces on the next query
  return pool;
}

/** A client for reading only: its session's transactions are read-only, its numbers are numbers. */
export async function connectReadOnly(url: string, purpose: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url, ...readOnlySession(purpose) });
  client.on('error', () => {}); // a lost connection surfaces on the next query
  try {
    await client.connect();
  } catch (e) {
    throw new DatabaseError(`cannot open database ${redact(url)}: ${(e as Error).message}`);
  }
  return client;
}

/**
 * For readers: that the database holds a dataset this version reads (its schema version is the
 * current one; only a writer — ingest, a worker — migrates), else a DatabaseError saying what to do.
 */
export async function checkDataset(db: pg.Pool | pg.Client, url: string): Promise<void> {
  let version: number | null;
  try {
    const r = await db.query<{ value: string }>("SELECT value FROM fiscal_meta WHERE key = 'schema_version'");
    version = r.rows[0] ? Number(r.rows[0].value) : null;
  } catch (e) {
    if ((e as { code?: string }).code !== '42P01') throw new DatabaseError(`cannot read database ${redact(url)}: ${(e as Error).message}`);
    version = null; // undefined_table: no fiscal_meta
  }
  if (version === null) throw new DatabaseError(`database ${redact(url)} holds no fiscal-extract dataset; create it with "fiscal-extract ingest … --db …" or a worker`);
  if (version > SCHEMA_VERSION) throw newerSchema(version);
  if (version < SCHEMA_VERSION) throw new DatabaseError(`database has schema version ${version}; run an ingest or start a worker to migrate it to ${SCHEMA_VERSION}`);
}

const newerSchema = (version: number) => new DatabaseError(`database has schema version ${version}, newer than this fiscal-extract supports (${SCHEMA_VERSION}); upgrade fiscal-extract`);

/** Tables the queue's workers share besides the dataset: raw bytes by sha256, robots.txt. */
const SHARED_TABLES = [
  `CREATE TABLE IF NOT EXISTS raw_files (sha256 TEXT PRIMARY KEY, name TEXT NOT NULL, bytes BYTEA NOT NULL, stored_at TEXT NOT NULL)`,
  // Per host, what its crawls remember between runs (validators, robots.txt): a small SQLite file.
  `CREATE TABLE IF NOT EXISTS crawl_state (host TEXT PRIMARY KEY, db BYTEA NOT NULL, saved_at TEXT NOT NULL)`,
];

const SCHEMA_LOCK = 727_001;

export async function openPostgres(url: string, opts: { max?: number } = {}): Promise<PgPool> {
  const pool = new pg.Pool({ connectionString: url, max: opts.max ?? 4, types: PG_TYPES, application_name: 'fiscal-extract' });
  pool.on('error', () => {}); // an idle client's lost connection surfaces on the next query
  try {
    await ensureSchema(pool);
    return pool;
  } catch (e) {
    await pool.end().catch(() => {});
    if (e instanceof DatabaseError) throw e;
    throw new DatabaseError(`cannot use database ${redact(url)}: ${(e as Error).message}`);
  }
}

/** Runs `work` in one transaction on a client of the pool: committed whole or rolled back. */
async function inTransaction(pool: PgPool, work: (client: pg.PoolClient) => Promise<void>): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await work(client);
    await client.query('COMMIT');
  } catch (e) {
    await client.query('ROLLBACK').catch(() => {});
    throw e;
  } finally {
    client.release();
  }
}

/** Runs a migration's statements and its reference-row changes (inside the caller's transaction). */
export async function applyMigration(client: pg.ClientBase, migration: PgMigration): Promise<void> {
  for (const sql of migration.statements) await client.query(sql);
  for (const { table, removed, added } of migration.seed) {
    for (const row of removed) {
      const columns = Object.keys(row);
      await client.query(`DELETE FROM ${table} WHERE ${columns.map((c, i) => `"${c}" IS NOT DISTINCT FROM $${i + 1}`).join(' AND ')}`, columns.map((c) => row[c]));
    }
    // A row a user added with the same key is theirs to keep.
    if (added.length) await insertRows(client, table, Object.keys(added[0]!), added, undefined, true);
  }
}

/** Makes the dataset's tables, indexes, views and reference rows at `schema`'s version (inside the caller's transaction). */
export async function createSchema(client: pg.ClientBase, schema: PgSchema): Promise<void> {
  await client.query('CREATE TABLE IF NOT EXISTS fiscal_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)');
  for (const sql of schema.statements) await client.query(sql);
  for (const { table, rows } of schema.seed) await insertRows(client, table, Object.keys(rows[0]!), rows);
  await client.query("INSERT INTO fiscal_meta (key, value) VALUES ('schema_version', $1)", [String(schema.version)]);
}

async function ensureSchema(pool: PgPool): Promise<void> {
  await inTransaction(pool, async (client) => {
    // Workers starting together: one creates the schema, the others wait and find it made.
    await client.query('SELECT pg_advisory_xact_lock($1)', [SCHEMA_LOCK]);
    await client.query('CREATE TABLE IF NOT EXISTS fiscal_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)');
    const found = await client.query<{ value: string }>("SELECT value FROM fiscal_meta WHERE key = 'schema_version'");
    const version = found.rows[0] ? Number(found.rows[0].value) : null;
    if (version === null) {
      await createSchema(client, postgresSchema());
    } else if (version > SCHEMA_VERSION) {
      throw newerSchema(version);
    } else if (version < SCHEMA_VERSION) {
      // In the same transaction as the version: a failed step leaves the dataset as it was.
      await applyMigration(client, postgresMigration(version, SCHEMA_VERSION));
      await client.query("UPDATE fiscal_meta SET value = $1 WHERE key = 'schema_version'", [String(SCHEMA_VERSION)]);
    }
    for (const sql of SHARED_TABLES) await client.query(sql);
  });
}

/** Largest number of parameters in one statement (PostgreSQL allows 65535). */
const MAX_PARAMS = 30_000;
/** Rows of a document gathered before they are sent (insertRows splits them by MAX_PARAMS). */
const ROWS_PER_BATCH = 5_000;

async function insertRows(client: pg.ClientBase, table: string, columns: string[], rows: Row[], returning?: string, skipConflicts = false): Promise<unknown[]> {
  const out: unknown[] = [];
  const perStatement = Math.max(1, Math.floor(MAX_PARAMS / columns.length));
  for (let at = 0; at < rows.length; at += perStatement) {
    const chunk = rows.slice(at, at + perStatement);
    const values: unknown[] = [];
    const tuples = chunk.map((row) => `(${columns.map((c) => (values.push(row[c] ?? null), `$${values.length}`)).join(', ')})`);
    const sql = `INSERT INTO ${table} (${columns.map((c) => `"${c}"`).join(', ')}) VALUES ${tuples.join(', ')}${skipConflicts ? ' ON CONFLICT DO NOTHING' : ''}${returning ? ` RETURNING ${returning}` : ''}`;
    const result = await client.query(sql, values);
    if (returning) out.push(...result.rows.map((r) => (r as Row)[returning]));
  }
  return out;
}

export async function documentVersionPg(pool: PgPool, id: string): Promise<{ parser_version: string; status: string } | undefined> {
  const r = await pool.query<{ parser_version: string; status: string }>('SELECT parser_version, status FROM documents WHERE id = $1', [id]);
  return r.rows[0];
}

export async function recordSourcePg(db: PgPool | pg.PoolClient, id: string, source: string, seenAt: string): Promise<void> {
  await db.query('INSERT INTO document_sources (doc_id, source, seen_at) VALUES ($1, $2, $3) ON CONFLICT (doc_id, source) DO UPDATE SET seen_at = excluded.seen_at', [id, source, seenAt]);
}

/** Per-document lock key: two workers storing the same bytes take turns. */
const DOC_LOCK = "SELECT pg_advisory_xact_lock(hashtextextended($1, 0))";

/** Replaces whatever is stored for `doc.id` with this document and its records, in one transaction. */
export async function storeDocumentPg(pool: PgPool, doc: DocumentRow, parsed: ParsedDocument | null): Promise<void> {
  const records = documentRecords(doc, parsed);
  // Validated before the transaction opens: a row the schema rejects costs no lock.
  const document = validRow('documents', doc);
  const tables = records.tables.map((t) => validRow('tables', t));
  await inTransaction(pool, async (client) => {
    await client.query(DOC_LOCK, [doc.id]);
    const sources = await client.query<{ source: string; seen_at: string }>('SELECT source, seen_at FROM document_sources WHERE doc_id = $1', [doc.id]);
    await client.query('DELETE FROM documents WHERE id = $1', [doc.id]);
    await insertRows(client, 'documents', Object.keys(rowSchema('documents').shape), [document]);
    for (const s of sources.rows) await recordSourcePg(client, doc.id, s.source, s.seen_at);
    await recordSourcePg(client, doc.id, doc.source, doc.ingested_at);
    const tableIds = (await insertRows(client, 'tables', Object.keys(rowSchema('tables').shape), tables, 'id')) as number[];
    // Consecutive rows of one table go in one statement (up to ROWS_PER_BATCH); the order within
    // a table is kept (rowid).
    let batch: Row[] = [];
    let batchTable: DatasetTable | null = null;
    const flush = async () => {
      if (batchTable && batch.length) await insertRows(client, batchTable, Object.keys(rowSchema(batchTable).shape), batch);
      batch = [];
    };
    for (const planned of records.rows) {
      if (planned.table !== batchTable || batch.length >= ROWS_PER_BATCH) {
        await flush();
        batchTable = planned.table;
      }
      batch.push(validRow(planned.table, resolveTable(planned, tableIds)));
    }
    await flush();
  });
}
