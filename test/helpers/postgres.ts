/** The PostgreSQL server the tests share, and fresh databases on it. Tests never skip without it. */
import pg from 'pg';

/** The server vitest's global setup (test/global-postgres.ts) started, or `.ci/run`'s. */
export function testPostgresServer(): string {
  const url = process.env['FISCAL_TEST_PG'];
  if (!url) throw new Error(process.env['FISCAL_TEST_PG_ERROR'] ?? 'FISCAL_TEST_PG is not set and no PostgreSQL server was started for the tests');
  return url;
}

/** A new empty database on the test server; its URL. */
export async function freshDatabase(prefix: string): Promise<string> {
  const server = testPostgresServer();
  const name = `${prefix}_${process.pid}_${Date.now()}`;
  const admin = new pg.Client(server);
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(server);
  url.pathname = `/${name}`;
  return url.toString();
}
