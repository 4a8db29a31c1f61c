/**
 * `query` on PostgreSQL, read-only three times over: the session's transactions default to read
 * only, the statement runs inside BEGIN READ ONLY, and it goes by the extended protocol, which
 * takes exactly one statement (so no "; COMMIT; DELETE …" can follow it).
 */
import pg from 'pg';
import { DatabaseError } from '../db.js';
import { redact } from './store.js';

export async function queryPostgres(url: string, sql: string): Promise<{ columns: string[]; rows: Record<string, unknown>[] }> {
  const client = new pg.Client({ connectionString: url, options: '-c default_transaction_read_only=on -c statement_timeout=300000', application_name: 'fiscal-extract-query' });
  client.on('error', () => {});
  try {
    await client.connect();
  } catch (e) {
    throw new DatabaseError(`cannot open database ${redact(url)}: ${(e as Error).message}`);
  }
  try {
    await client.query('BEGIN READ ONLY');
    const result = await client.query({ text: sql, queryMode: 'extended', types: { getTypeParser: (oid: number, format?: 'text' | 'binary') => (oid === 20 || oid === 1700 ? Number : pg.types.getTypeParser(oid, format)) } as pg.CustomTypesConfig } as pg.QueryConfig);
    await client.query('ROLLBACK');
    if (!result.fields?.length) throw new DatabaseError('query must be a statement that returns rows (SELECT, WITH …); the database is opened read-only');
    return { columns: result.fields.map((f) => f.name), rows: result.rows as Record<string, unknown>[] };
  } catch (e) {
    if (e instanceof DatabaseError) throw e;
    throw new DatabaseError(`query failed: ${(e as Error).message}`);
  } finally {
    await client.end().catch(() => {});
  }
}
