// Throughput of the PostgreSQL queue with 1, 2 and 3 workers (one parser thread each) on the same
// files: the samples and ten corpus documents. Needs FISCAL_TEST_PG (or starts a server with
// scripts/test-postgres.sh). Prints documents per minute for each worker count.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { cpus } from 'node:os';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

const ROOT = new URL('..', import.meta.url).pathname;
const CLI = join(ROOT, 'dist', 'src', 'cli.js');
const CORPUS = join(ROOT, '..', 'shared', 'corpus');
const server = process.env.FISCAL_TEST_PG ?? execFileSync(join(ROOT, 'scripts', 'test-postgres.sh'), ['start'], { encoding: 'utf8' }).trim();
const dir = mkdtempSync(join(tmpdir(), 'fiscal-bench-queue-'));
mkdirSync(join(dir, 'in'));
for (const f of readdirSync(join(ROOT, 'samples')).filter((f) => /^\d{3}-/.test(f))) copyFileSync(join(ROOT, 'samples', f), join(dir, 'in', f));
for (const f of ['jsob01.pdf', 'jsob02.pdf', 'jsob03.pdf', 'nb012.pdf', 'nb013.pdf', 'rw36.html', 'rw40.html', 'atl24.html', 'atl06.xlsx', 'shtb03.xlsx']) {
  if (existsSync(join(CORPUS, f))) copyFileSync(join(CORPUS, f), join(dir, 'in', f));
}
const files = readdirSync(join(dir, 'in')).length;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

console.log(`queue throughput: ${files} files, ${cpus().length} cores (${cpus()[0]?.model ?? '?'})`);
for (const n of [1, 2, 3]) {
  const name = `fx_bench_${n}_${Date.now()}`;
  const admin = new pg.Client(server);
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = Object.assign(new URL(server), { pathname: `/${name}` }).toString();
  spawnSync(process.execPath, [CLI, 'enqueue', join(dir, 'in'), '--db', url], { stdio: 'inherit' });
  const pool = new pg.Pool({ connectionString: url, max: 1 });
  const started = performance.now();
  const workers = Array.from({ length: n }, () => spawn(process.execPath, [CLI, 'worker', '--db', url, '--concurrency', '1', '--quiet'], { stdio: 'ignore' }));
  for (;;) {
    const { rows } = await pool.query('SELECT count(*)::int AS n FROM documents');
    if (rows[0].n >= files) break;
    await sleep(100);
  }
  const seconds = (performance.now() - started) / 1000;
  for (const w of workers) w.kill('SIGTERM');
  await Promise.all(workers.map((w) => new Promise((r) => w.once('exit', r))));
  await pool.end();
  console.log(`${n} worker${n > 1 ? 's' : ''}: ${files} documents in ${seconds.toFixed(1)} s = ${((files / seconds) * 60).toFixed(1)} documents/min (including worker start)`);
}
rmSync(dir, { recursive: true, force: true });
