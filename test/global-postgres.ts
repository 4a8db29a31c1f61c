/**
 * vitest's global setup: the PostgreSQL server every test file shares. `.ci/run` starts one and
 * sets FISCAL_TEST_PG; without it one is started here (scripts/test-postgres.sh) before any test
 * file runs, and stopped after the last — once, so test files in parallel never restart it under
 * each other. When it cannot start, the tests that need it fail (they never skip).
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

const SCRIPT = join(import.meta.dirname, '..', 'scripts', 'test-postgres.sh');
const ENV = { ...process.env, FISCAL_TEST_PG_STATE: '/tmp/fiscal-test-postgres-vitest', FISCAL_TEST_PG_PORT: '54339' };
let startedHere = false;

export function setup(): void {
  if (process.env['FISCAL_TEST_PG']) return;
  try {
    process.env['FISCAL_TEST_PG'] = execFileSync(SCRIPT, ['start'], { encoding: 'utf8', env: ENV }).trim();
    startedHere = true;
  } catch (e) {
    process.env['FISCAL_TEST_PG_ERROR'] = `could not start a PostgreSQL server for the tests: ${(e as Error).message}`;
  }
}

export function teardown(): void {
  if (startedHere) execFileSync(SCRIPT, ['stop'], { env: ENV });
}
