/**
 * vitest's global setup: the PostgreSQL server every test file shares. `.ci/run` starts one and
 * sets FISCAL_TEST_PG; without it one is started here (scripts/test-postgres.sh) before any test
 * file runs, and stopped after the last — once, so test files in parallel never restart it under
 * each other. When it cannot start, the tests that need it fail (they never skip).
 */
import { execFileSync } from 'node:child_process';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const SCRIPT = join(import.meta.dirname, '..', 'scripts', 'test-postgres.sh');
// Its own directory and a free port per run: two suites on one machine must not stop each other's.
const ENV: NodeJS.ProcessEnv = { ...process.env, FISCAL_TEST_PG_STATE: join(tmpdir(), `fiscal-test-postgres-${process.pid}`) };
let startedHere = false;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export async function setup(): Promise<void> {
  if (process.env['FISCAL_TEST_PG']) return;
  try {
    ENV['FISCAL_TEST_PG_PORT'] = String(await freePort());
    process.env['FISCAL_TEST_PG'] = execFileSync(SCRIPT, ['start'], { encoding: 'utf8', env: ENV }).trim();
    startedHere = true;
  } catch (e) {
    process.env['FISCAL_TEST_PG_ERROR'] = `could not start a PostgreSQL server for the tests: ${(e as Error).message}`;
  }
}

export function teardown(): void {
  if (startedHere) execFileSync(SCRIPT, ['stop'], { env: ENV });
}
