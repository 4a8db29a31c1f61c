/**
 * Beyond one machine: the same files through the PostgreSQL queue (three workers, one of them
 * killed with SIGKILL mid-run) give the same records as `ingest` into SQLite; a second enqueue
 * stores nothing twice; `query` on PostgreSQL never writes.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATASET } from '../schemas/records.js';
import { openDatabase } from '../src/store/db.js';
import { PG_TYPES } from '../src/store/pg/store.js';
import { CLI, CORPUS, HAS_CORPUS, ROOT, SAMPLES } from './helpers.js';
import { startServer } from '../src/serve/index.js';
import { freshDatabase } from './helpers/postgres.js';

const CORPUS_FILES = ['jsob01.pdf', 'jsob02.pdf', 'jsob03.pdf', 'nb012.pdf', 'nb013.pdf', 'rw36.html', 'rw40.html', 'atl24.html', 'atl06.xlsx', 'shtb03.xlsx'];

const dir = mkdtempSync(join(tmpdir(), 'fiscal-pg-'));
const inputs = join(dir, 'in');
let url = '';
let pool: pg.Pool;
const workers: ChildProcess[] = [];
let killedMidJob = false;

const cli = (...args: string[]) => spawnSync(process.execPath, [CLI, ...args], { cwd: dir, encoding: 'utf8', timeout: 600_000 });

function startWorker(): ChildProcess {
  const w = spawn(process.execPath, [CLI, 'worker', '--db', url, '--concurrency', '1', '--timeout', '120'], {
    cwd: dir,
    env: { ...process.env, FISCAL_QUEUE_MAINTENANCE_S: '2' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  w.stdout!.resume();
  w.stderr!.resume();
  workers.push(w);
  return w;
}

const count = async (sql: string) => Number((await pool.query(sql)).rows[0].n);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  mkdirSync(inputs);
  for (const f of readdirSync(SAMPLES).filter((f) => /^\d{3}-/.test(f))) copyFileSync(join(SAMPLES, f), join(inputs, f));
  for (const f of CORPUS_FILES) if (existsSync(join(CORPUS, f))) copyFileSync(join(CORPUS, f), join(inputs, f));
  // The hostile campaign's path through the queue: a truncated PDF and an empty file.
  writeFileSync(join(inputs, 'truncated.pdf'), readFileSync(join(SAMPLES, '002-luquan-2024-budget.pdf')).subarray(0, 3000));
  writeFileSync(join(inputs, 'empty.html'), '');
  cli('ingest', 'in', '--db', 'sqlite.db', '--exit-zero');
  url = await freshDatabase('fx_queue');
  pool = new pg.Pool({ connectionString: url, max: 2, types: PG_TYPES });
  const enqueued = cli('enqueue', 'in', '--db', url, '--lease', '20');
  expect(enqueued.stderr).toBe('');
  const files = readdirSync(inputs).length;
  const victim = startWorker();
  startWorker();
  startWorker();
  // Kill the first worker while it holds a job: its lease must expire and another worker redo it.
  for (let i = 0; i < 600 && !killedMidJob; i++) {
    const active = await count("SELECT count(*) AS n FROM pgboss.job WHERE state = 'active'");
    if (active >= 3) {
      victim.kill('SIGKILL');
      killedMidJob = true;
    } else await sleep(100);
  }
  for (let i = 0; i < 3000; i++) {
    const open = await count("SELECT count(*) AS n FROM pgboss.job WHERE state IN ('created', 'retry', 'active')");
    if (open === 0 && (await count('SELECT count(*) AS n FROM documents')) >= files) break;
    await sleep(200);
  }
}, 900_000);

afterAll(async () => {
  for (const w of workers) if (w.exitCode === null) w.kill('SIGTERM');
  await Promise.all(workers.map((w) => (w.exitCode === null && w.signalCode === null ? new Promise((r) => w.once('exit', r)) : null)));
  await pool?.end();
  rmSync(dir, { recursive: true, force: true });
});

/** Logs of runs and requests, not records: a worker logs no ingest run. */
const RUN_LOGS = new Set(['runs', 'fetches']);

/** Every record table's rows, with database-assigned ids replaced by what they stand for. */
async function recordsOf(read: (sql: string) => Promise<Record<string, unknown>[]>): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const [table, schema] of Object.entries(DATASET)) {
    if (RUN_LOGS.has(table)) continue;
    const columns = Object.keys((schema as { shape: object }).shape).filter((c) => !['id', 'table_id', 'ingested_at', 'seen_at'].includes(c) || (c === 'id' && table === 'documents'));
    const hasTable = Object.keys((schema as { shape: object }).shape).includes('table_id');
    const select = columns.map((c) => `x."${c}"`).join(', ');
    const sql = hasTable
      ? `SELECT ${select}, t.doc_id AS t_doc, t.seq AS t_seq FROM ${table} x LEFT JOIN tables t ON t.id = x.table_id`
      : `SELECT ${select} FROM ${table} x`;
    out[table] = (await read(sql)).map((r) => JSON.stringify(r, (_k, v) => (typeof v === 'number' ? Math.round(v * 1e6) / 1e6 : v))).sort();
  }
  return out;
}

describe('the queue on PostgreSQL', () => {
  it('stores every file once through three workers, one killed with SIGKILL mid-job', async () => {
    expect(killedMidJob).toBe(true);
    const files = readdirSync(inputs).length;
    expect(await count('SELECT count(*) AS n FROM documents')).toBe(files);
    expect(await count('SELECT count(*) AS n FROM document_sources')).toBe(files);
    expect(await count("SELECT count(*) AS n FROM pgboss.job WHERE state IN ('created', 'retry', 'active', 'failed')")).toBe(0);
    const failed = (await pool.query("SELECT source, error FROM documents WHERE status = 'failed' ORDER BY source")).rows;
    expect(failed.map((r) => r.source)).toEqual(['in/empty.html', 'in/truncated.pdf']);
    for (const r of failed) expect(r.error).toMatch(new RegExp(`^${r.source}: .+`));
    // The killed worker's job came back once its lease expired, and was done by another.
    expect(await count('SELECT count(*) AS n FROM pgboss.job WHERE retry_count > 0')).toBeGreaterThanOrEqual(1);
  });

  it('gives the same records as ingest into SQLite, in every record table', async () => {
    const sqlite = openDatabase(join(dir, 'sqlite.db'), { readonly: true });
    try {
      const lite = await recordsOf(async (sql) => sqlite.prepare(sql).all() as Record<string, unknown>[]);
      const post = await recordsOf(async (sql) => (await pool.query(sql)).rows);
      expect(lite['documents']!.length).toBe(readdirSync(inputs).length);
      expect(lite['line_items']!.length).toBeGreaterThan(HAS_CORPUS ? 500 : 100);
      expect(Object.keys(lite)).toEqual(expect.arrayContaining(['cells', 'facts', 'checks', 'sections', 'indicators', 'tables', 'region_figures']));
      // atl24, a city's budget execution report, gives region figures from its prose and tables.
      if (HAS_CORPUS) expect(lite['region_figures']!.length).toBeGreaterThan(20);
      for (const table of Object.keys(lite)) expect({ table, rows: post[table] }).toEqual({ table, rows: lite[table] });
    } finally {
      sqlite.close();
    }
  });

  it('runs the same views: headlines and disclosure completeness agree with SQLite', async () => {
    const sqlite = openDatabase(join(dir, 'sqlite.db'), { readonly: true });
    try {
      for (const sql of [
        'SELECT doc_id, fiscal_year, expenditure_total, expenditure_total_verified, three_public_total FROM headlines ORDER BY doc_id',
        'SELECT doc_id, required, present, missing, score FROM disclosure_completeness ORDER BY doc_id',
        'SELECT id, tables, line_items, facts, checks_passed, checks_failed FROM document_overview ORDER BY id',
      ]) expect((await pool.query(sql)).rows).toEqual(sqlite.prepare(sql).all());
    } finally {
      sqlite.close();
    }
  });

  it('enqueuing the same files again stores nothing twice', async () => {
    const before = await count('SELECT count(*) AS n FROM line_items');
    const again = cli('enqueue', 'in', '--db', url);
    expect(again.status).toBe(0);
    for (let i = 0; i < 600; i++) {
      if ((await count("SELECT count(*) AS n FROM pgboss.job WHERE state IN ('created', 'retry', 'active')")) === 0) break;
      await sleep(200);
    }
    expect(await count('SELECT count(*) AS n FROM line_items')).toBe(before);
    expect(await count('SELECT count(*) AS n FROM documents')).toBe(readdirSync(inputs).length);
  });

  it('answers query and status, and refuses every way query could write', async () => {
    const q = cli('query', 'SELECT count(*) AS n FROM documents', '--db', url, '--format', 'json');
    expect(q.status).toBe(0);
    expect(JSON.parse(q.stdout)).toEqual([{ n: readdirSync(inputs).length }]);
    const before = await count('SELECT count(*) AS n FROM documents');
    for (const sql of ['DELETE FROM documents', 'SELECT 1; DELETE FROM documents', 'SELECT 1; COMMIT; DELETE FROM documents', 'DROP TABLE facts', 'SET default_transaction_read_only = off']) {
      const r = cli('query', sql, '--db', url);
      expect({ sql, status: r.status }).toEqual({ sql, status: 2 });
      expect(r.stderr).toMatch(/^fiscal-extract: /);
    }
    expect(await count('SELECT count(*) AS n FROM documents')).toBe(before);
    // ingest straight into PostgreSQL: the same bytes, already stored by the workers, are skipped;
    // as on SQLite, the two stored as failed still make the exit code 1.
    const again = cli('ingest', 'in', '--db', url, '--json');
    expect({ status: again.status, counts: JSON.parse(again.stdout) }).toEqual({ status: 1, counts: { run: expect.any(Number), skipped: readdirSync(inputs).length } });
    expect(cli('ingest', 'in/003-yuanshi-2025-self-evaluation.pdf', 'in/004-zhengding-2023-self-evaluation.html', '--db', url).status).toBe(0);
    const hits = cli('search', '绩效自评', '--db', url, '--format', 'json');
    expect(hits.status).toBe(0);
    expect(JSON.parse(hits.stdout).length).toBeGreaterThan(0);
    // export reads the same views from either database: the same rows come out.
    for (const [db, out] of [[url, 'pg-out'], ['sqlite.db', 'lite-out']] as const) expect(cli('export', '--db', db, '--format', 'jsonl', '--tables', 'documents,line_items,headlines,region_panel', '--out', out).status).toBe(0);
    for (const name of ['documents', 'line_items', 'headlines', 'region_panel']) {
      const lines = (out: string) => readFileSync(join(dir, out, `${name}.jsonl`), 'utf8').split('\n').filter(Boolean).map((l) => { const r = JSON.parse(l); delete r.ingested_at; delete r.table_id; return JSON.stringify(r); }).sort();
      expect({ name, rows: lines('pg-out') }).toEqual({ name, rows: lines('lite-out') });
      // The regional panel needs the corpus's government-level reports; the samples have none.
      if (HAS_CORPUS || name !== 'region_panel') expect(lines('lite-out').length).toBeGreaterThan(0);
    }
    // The queue's commands check their options as ingest does, and say what works on PostgreSQL.
    expect(cli('worker', '--db', url, '--max-memory', '10')).toMatchObject({ status: 2, stderr: expect.stringMatching(/--max-memory must be at least 64/) });
    expect(cli('enqueue', 'in', '--db', url, '--retries', '-1')).toMatchObject({ status: 2, stderr: expect.stringMatching(/0 or more/) });
    expect(cli('ingest', '--list-failed', '--db', url)).toMatchObject({ status: 2, stderr: expect.stringMatching(/failed_documents/) });
    const s = cli('status', '--db', url, '--json');
    expect(s.status).toBe(0);
    expect(JSON.parse(s.stdout)).toMatchObject({ queued: 0, active: 0, failed: 0, documents: before });
  });
});

describe('export --since on PostgreSQL', () => {
  it('names a run of ingest on this machine, or a time for what the workers stored', async () => {
    const before = new Date().toISOString();
    const lines = (out: string) => readFileSync(join(dir, out, 'documents.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l).source as string);
    const all = (await pool.query('SELECT count(*)::int AS n FROM documents')).rows[0].n as number;
    // The workers' documents: named by a time before they were stored, none after.
    expect(cli('export', '--db', url, '--format', 'jsonl', '--tables', 'documents', '--since', '2000-01-01', '--out', 'since-all').status).toBe(0);
    expect(lines('since-all').length).toBe(all);
    expect(cli('export', '--db', url, '--format', 'jsonl', '--tables', 'documents', '--since', before, '--out', 'since-none').status).toBe(0);
    expect(lines('since-none')).toEqual([]);
    // A file ingested here is a run; --since that run exports it alone.
    // New bytes: a sample notice with a line of its own.
    writeFileSync(join(dir, 'new.html'), `${readFileSync(join(SAMPLES, '004-zhengding-2023-self-evaluation.html'), 'utf8')}\n<!-- since -->\n`);
    const ingested = cli('ingest', 'new.html', '--db', url, '--json', '--exit-zero');
    const { run } = JSON.parse(ingested.stdout);
    expect((await pool.query('SELECT kind, status, files_seen, files_new FROM runs WHERE id = $1', [run])).rows).toEqual([{ kind: 'ingest', status: 'finished', files_seen: 1, files_new: 1 }]);
    // The URL in the recorded command line has no password to show.
    const withPassword = new URL(url);
    withPassword.password = 'secret';
    cli('ingest', 'new.html', '--db', withPassword.toString(), '--json');
    cli('ingest', 'new.html', '--db', `${url}?password=secret2`, '--json');
    const recorded = JSON.stringify((await pool.query('SELECT arguments FROM runs')).rows);
    expect(recorded).toContain('***');
    expect(recorded).not.toContain('secret');
    expect(cli('export', '--db', url, '--format', 'jsonl', '--tables', 'documents', '--since', String(run), '--out', 'since-run').status).toBe(0);
    expect(lines('since-run')).toEqual(['new.html']);
    expect(cli('export', '--db', url, '--since', '99999', '--out', 'since-bad')).toMatchObject({ status: 2, stderr: expect.stringMatching(/--since 99999: no such run/) });
    expect(cli('export', '--db', url, '--since', 'yesterday', '--out', 'since-bad')).toMatchObject({ status: 2, stderr: expect.stringMatching(/--since takes a run id .* not "yesterday"/) });
    await pool.query("DELETE FROM documents WHERE source = 'new.html'");
  }, 120_000);
});

describe('serve on PostgreSQL', () => {
  type Json = Record<string, unknown>;
  const api = async (base: string, path: string) => (await fetch(`${base}${path}`)).json() as Promise<Json>;
  /** What differs between the two databases by construction: when stored, and generated row ids. */
  const comparable = (one: Json) => ({
    document: { ...(one['document'] as Json), ingested_at: null },
    facts: (one['facts'] as Json[]).map(({ n: _n, table_id: _t, ...f }) => f),
    checks: one['checks'],
    tables: (one['tables'] as Json[]).map(({ id: _id, ...t }) => t),
  });
  const byId = (rows: Json[]) => [...rows].sort((a, b) => String(a['id']).localeCompare(String(b['id'])));

  it('answers the same documents, figures and searches as serve on the SQLite twin', async () => {
    const onPg = await startServer({ dbPath: url, host: '127.0.0.1', port: 0 });
    const onLite = await startServer({ dbPath: join(dir, 'sqlite.db'), host: '127.0.0.1', port: 0 });
    try {
      const listed = byId((await api(onPg.url, '/api/documents')) as unknown as Json[]);
      expect(listed.length).toBe(readdirSync(inputs).length);
      expect(listed).toEqual(byId((await api(onLite.url, '/api/documents')) as unknown as Json[]));
      for (const d of listed) expect(comparable(await api(onPg.url, `/api/documents/${d['id']}`))).toEqual(comparable(await api(onLite.url, `/api/documents/${d['id']}`)));
      // Full-text (three characters and more, by the trigram index) and short searches, and filters.
      for (const query of ['?q=绩效自评', '?q=预算', '?q=%25', '?family=budget&status=ok', `?q=${encodeURIComponent('"部门')}`]) {
        const pgIds = ((await api(onPg.url, `/api/documents${query}`)) as unknown as Json[]).map((d) => d['id']).sort();
        expect({ query, ids: pgIds }).toEqual({ query, ids: ((await api(onLite.url, `/api/documents${query}`)) as unknown as Json[]).map((d) => d['id']).sort() });
      }
    } finally {
      await onPg.close();
      await onLite.close();
    }
  }, 120_000);

  it('draws a page from the bytes the workers stored, with its cells over it, from the command line', async () => {
    const budget = (await pool.query<{ id: string }>("SELECT id FROM documents WHERE source = 'in/002-luquan-2024-budget.pdf'")).rows[0]!.id;
    // The recorded path is relative to where `enqueue` ran: this server finds the bytes in raw_files.
    const server = spawn(process.execPath, [CLI, 'serve', '--db', url, '--port', '0'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const base = await new Promise<string>((resolve, reject) => {
        server.stdout!.setEncoding('utf8').once('data', (line: string) => resolve(line.trim()));
        server.once('exit', (code) => reject(new Error(`serve exited ${code}`)));
      });
      const page = await (await fetch(`${base}/documents/${budget}/pages/4`)).text();
      expect(page).not.toMatch(/cannot be drawn/);
      expect(page.match(/class="box"/g)?.length ?? 0).toBeGreaterThan(20);
      const image = await fetch(`${base}/documents/${budget}/pages/4/image`);
      expect({ status: image.status, type: image.headers.get('content-type') }).toEqual({ status: 200, type: 'image/jpeg' });
      expect((await image.arrayBuffer()).byteLength).toBeGreaterThan(10_000);
      expect((await fetch(`${base}/documents/${'0'.repeat(64)}`)).status).toBe(404);
    } finally {
      const exited = new Promise<number | null>((r) => server.once('exit', (code) => r(code)));
      server.kill('SIGTERM');
      expect(await exited).toBe(0);
    }
  }, 120_000);

  it('serve, export and search refuse a PostgreSQL database that holds no dataset, saying so', async () => {
    const empty = await freshDatabase('fx_empty');
    for (const args of [['serve', '--port', '0'], ['export', '--out', 'from-empty'], ['search', '预算']]) {
      const r = cli(...args, '--db', empty);
      expect({ args, status: r.status, stderr: r.stderr }).toEqual({ args, status: 2, stderr: expect.stringMatching(/^fiscal-extract: (cannot serve: )?database postgres:\/\/\S+ holds no fiscal-extract dataset; create it with .*\n$/) });
    }
    expect(existsSync(join(dir, 'from-empty'))).toBe(false);
  });
});

describe('workers', () => {
  it('stop on SIGTERM, finishing what they hold, and exit 0', async () => {
    const alive = workers.filter((w) => w.exitCode === null && w.signalCode === null);
    expect(alive.length).toBe(2);
    const exits = alive.map((w) => new Promise<number | null>((r) => w.once('exit', (code) => r(code))));
    for (const w of alive) w.kill('SIGTERM');
    expect(await Promise.all(exits)).toEqual([0, 0]);
  }, 60_000);
});
