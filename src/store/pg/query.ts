/**
 * `query` on PostgreSQL, read-only three times over: the session's transactions default to read
 * only, the statement runs inside BEGIN READ ONLY, and it goes by the extended protocol, which
 * takes exactly one statement (so no "; COMMIT; DELETE …" can follow it).
 */
import pg from 'pg';
import { DatabaseError } from '../db.js';
import { connectReadOnly } from './store.js';

export async function queryPostgres(url: string, sql: string): Promise<{ columns: string[]; rows: Record<string, unknown>[] }> {
  const client = await connectReadOnly(url, 'query');
  try {
    await client.query('BEGIN READ ONLY');
    const result = await client.query({ text: sql, queryMode: 'extended' } as pg.QueryConfig);
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
