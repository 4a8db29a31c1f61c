/**
 * The PostgreSQL dialect and the queue's bad jobs: every SQLite table and view exists on
 * PostgreSQL with the same columns; a job that cannot be run ends failed with its reason after
 * its retries, and a job whose bytes are gone ends as a failed document — the worker goes on.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBoss } from '../src/queue/boss.js';
import { openDatabase } from '../src/store/db.js';
import { openPostgres, PG_TYPES } from '../src/store/pg/store.js';
import { CLI } from './helpers.js';
import { freshDatabase } from './helpers/postgres.js';

const dir = mkdtempSync(join(tmpdir(), 'fiscal-pg-jobs-'));
let url = '';
let pool: pg.Pool;
let worker: ChildProcess;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  url = await freshDatabase('fx_jobs');
  pool = await openPostgres(url);
}, 120_000);

afterAll(async () => {
  if (worker && worker.exitCode === null) {
    worker.kill('SIGTERM');
    await new Promise((r) => worker.once('exit', r));
  }
  await pool?.end();
  rmSync(dir, { recursive: true, force: true });
});

describe('the PostgreSQL dialect', () => {
  it('has every table and view of the SQLite dataset, with the same columns', async () => {
    const sqlite = openDatabase(':memory:');
    try {
      const objects = sqlite.prepare("SELECT name FROM sqlite_master WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'sections_fts%'").all() as { name: string }[];
      expect(objects.length).toBeGreaterThan(30);
      for (const { name } of objects) {
        const lite = (sqlite.prepare(`SELECT name FROM pragma_table_xinfo('${name}')`).all() as { name: string }[]).map((c) => c.name);
        const post = (await pool.query("SELECT column_name FROM information_schema.columns WHERE table_schema = 'public' AND table_name = $1 AND column_name <> 'rowid' ORDER BY ordinal_position", [name])).rows.map((r) => r.column_name);
        expect({ name, columns: post.sort() }).toEqual({ name, columns: lite.sort() });
      }
    } finally {
      sqlite.close();
    }
  });

  it('keeps amounts exact in 分 as BIGINT, with the 元 column computed', async () => {
    const types = (await pool.query("SELECT column_name, data_type FROM information_schema.columns WHERE table_name = 'line_items' AND column_name IN ('amount_fen', 'amount_yuan')")).rows;
    expect(Object.fromEntries(types.map((t) => [t.column_name, t.data_type]))).toEqual({ amount_fen: 'bigint', amount_yuan: 'double precision' });
  });
});

describe('bad jobs', () => {
  it('a job that is not a parse job ends failed with the reason after its retries; a job whose bytes are gone is a failed document', async () => {
    const boss = await startBoss(url);
    try {
      expect(await boss.send('parse', { sha256: 'not-a-hash' }, { retryLimit: 1, retryDelay: 0 })).toBeTruthy();
      expect(await boss.send('parse', { sha256: 'a'.repeat(64), source: 'gone.pdf', seenAt: new Date().toISOString() }, { retryLimit: 1 })).toBeTruthy();
    } finally {
      await boss.stop({ graceful: false, wait: true });
    }
    worker = spawn(process.execPath, [CLI, 'worker', '--db', url, '--concurrency', '1'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    worker.stdout!.resume();
    worker.stderr!.resume();
    const q = new pg.Pool({ connectionString: url, max: 1, types: PG_TYPES });
    try {
      for (let i = 0; i < 300; i++) {
        const open = Number((await q.query("SELECT count(*) AS n FROM pgboss.job WHERE state IN ('created', 'retry', 'active')")).rows[0].n);
        if (open === 0) break;
        await sleep(200);
      }
      const failed = (await q.query("SELECT retry_count, output FROM pgboss.job WHERE state = 'failed'")).rows;
      expect(failed).toHaveLength(1);
      expect(failed[0].retry_count).toBe(1);
      expect(JSON.stringify(failed[0].output)).toMatch(/not a parse job.*sha256/);
      const gone = (await q.query("SELECT status, error FROM documents WHERE id = $1", ['a'.repeat(64)])).rows;
      expect(gone).toEqual([{ status: 'failed', error: 'gone.pdf: its bytes are not in the raw store (raw_files)' }]);
      const status = spawnSync(process.execPath, [CLI, 'status', '--db', url], { encoding: 'utf8' });
      expect(status.stdout).toMatch(/failed 1/);
      expect(status.stdout).toMatch(/failed: .*not a parse job/);
    } finally {
      await q.end();
    }
    expect(worker.exitCode).toBe(null);
  }, 120_000);
});
