/**
 * The PostgreSQL server the tests use: FISCAL_TEST_PG when `.ci/run` (or the developer) started one,
 * otherwise one started here by scripts/test-postgres.sh. A test that needs it fails when neither
 * works: it never skips.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import pg from 'pg';
import { ROOT } from '../helpers.js';

let started: string | null = null;

export function testPostgresServer(): string {
  const given = process.env['FISCAL_TEST_PG'];
  if (given) return given;
  if (!started) {
    const env = { ...process.env, FISCAL_TEST_PG_STATE: '/tmp/fiscal-test-postgres-vitest', FISCAL_TEST_PG_PORT: '54339' };
    started = execFileSync(join(ROOT, 'scripts', 'test-postgres.sh'), ['start'], { encoding: 'utf8', env }).trim();
    process.env['FISCAL_TEST_PG'] = started;
  }
  return started;
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
