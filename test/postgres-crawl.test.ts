/**
 * A crawl through the queue: two workers, two crawl jobs for one host — never two requests to the
 * host in flight; URLs enqueued as fetch jobs keep the same rule; the next night's crawl, on
 * whichever worker, asks only conditionally; a scheduled crawl fires and runs.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PG_TYPES } from '../src/store/pg/store.js';
import { CLI, sampleBytes } from './helpers.js';
import { freshDatabase } from './helpers/postgres.js';

const utf8 = (s: string) => new Uint8Array(Buffer.from(s, 'utf8'));
const page = (body: string) => utf8(`<!DOCTYPE html><html><head><meta charset="utf-8"><title>预决算公开</title></head><body>${body}</body></html>`);
const ROUTES = new Map<string, { body: Uint8Array; type: string }>([
  ['/robots.txt', { body: utf8('User-agent: *\nAllow: /\n'), type: 'text/plain' }],
  ['/list.html', { body: page('<ul><li><a href="/n1.html">鹿泉区2024年部门预算公开</a></li><li><a href="/n2.html">正定县2023年度部门整体支出绩效自评报告</a></li></ul>'), type: 'text/html; charset=utf-8' }],
  ['/n1.html', { body: page('<h1>鹿泉区2024年部门预算公开</h1><p>附件：<a href="/files/budget.pdf">部门预算.pdf</a></p>'), type: 'text/html; charset=utf-8' }],
  ['/n2.html', { body: sampleBytes('004'), type: 'text/html; charset=utf-8' }],
  ['/files/budget.pdf', { body: sampleBytes('003'), type: 'application/pdf' }],
  // Linked from nowhere: only a fetch job for its URL reaches it.
  ['/files/unlisted.pdf', { body: sampleBytes('002'), type: 'application/pdf' }],
]);

const dir = mkdtempSync(join(tmpdir(), 'fiscal-pg-crawl-'));
let server: Server;
let otherServer: Server;
let base = '';
let otherBase = '';
let url = '';
let pool: pg.Pool;
const workers: ChildProcess[] = [];
/** Requests in flight per host (host:port), and the most ever in flight to one host. */
const inFlight = new Map<string, number>();
let maxInFlight = 0;
let log: { path: string; host: string; at: number; conditional: boolean }[] = [];
/** How long the test portal takes to answer. */
let answerMs = 250;

const cli = (...args: string[]) => spawnSync(process.execPath, [CLI, ...args], { cwd: dir, encoding: 'utf8', timeout: 120_000 });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const count = async (sql: string) => Number((await pool.query(sql)).rows[0].n);

function startWorker(rawDir: string): void {
  const w = spawn(process.execPath, [CLI, 'worker', '--db', url, '--concurrency', '1', '--raw-dir', rawDir], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  w.stdout!.resume();
  w.stderr!.resume();
  workers.push(w);
}

async function settled(): Promise<void> {
  for (let i = 0; i < 1500; i++) {
    if ((await count("SELECT count(*) AS n FROM pgboss.job WHERE state IN ('created', 'retry', 'active')")) === 0) return;
    await sleep(200);
  }
  throw new Error('the queue did not drain in 5 minutes');
}

beforeAll(async () => {
  const portal = (req: IncomingMessage, res: ServerResponse) => {
    const host = req.headers.host ?? '';
    inFlight.set(host, (inFlight.get(host) ?? 0) + 1);
    maxInFlight = Math.max(maxInFlight, inFlight.get(host)!);
    log.push({ path: req.url ?? '/', host, at: Date.now(), conditional: req.headers['if-none-match'] !== undefined || req.headers['if-modified-since'] !== undefined });
    // Slow answers, so two requests at once would overlap.
    setTimeout(() => {
      inFlight.set(host, inFlight.get(host)! - 1);
      const route = ROUTES.get(req.url ?? '/');
      if (!route) return void res.writeHead(404).end('not found');
      const etag = `"${createHash('sha1').update(route.body).digest('hex')}"`;
      if (req.headers['if-none-match'] === etag) return void res.writeHead(304, { etag }).end();
      res.writeHead(200, { 'content-type': route.type, etag, 'content-length': route.body.length }).end(Buffer.from(route.body));
    }, answerMs);
  };
  server = createServer(portal);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  // The same portal on another port: another host.
  otherServer = createServer(portal);
  await new Promise<void>((r) => otherServer.listen(0, '127.0.0.1', () => r()));
  otherBase = `http://127.0.0.1:${(otherServer.address() as { port: number }).port}`;
  url = await freshDatabase('fx_crawl');
  pool = new pg.Pool({ connectionString: url, max: 2, types: PG_TYPES });
  // Two crawl jobs for the same host at once: the host's lock lets one run at a time.
  expect(cli('crawl', '--queue', '--db', url, '--delay', '0', `${base}/list.html`).status).toBe(0);
  expect(cli('crawl', '--queue', '--db', url, '--delay', '0', `${base}/list.html`).status).toBe(0);
  // Both workers start with both jobs waiting, so without the host's lock each would crawl at once.
  for (let i = 0; i < 2; i++) startWorker(join(dir, `raw${i}`));
  await sleep(1000);
  await settled();
}, 600_000);

afterAll(async () => {
  await Promise.all(workers.filter((w) => w.exitCode === null).map((w) => { const exited = new Promise((r) => w.once('exit', r)); w.kill('SIGTERM'); return exited; }));
  await pool?.end();
  server?.close();
  otherServer?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('a crawl through the queue', () => {
  it('never has two requests to the host in flight, and stores what it found', async () => {
    expect(log.length).toBeGreaterThan(5);
    expect(maxInFlight).toBe(1);
    const sources = (await pool.query('SELECT source FROM document_sources ORDER BY source')).rows.map((r) => (r.source as string).replace(base, ''));
    expect(sources).toEqual(expect.arrayContaining(['/files/budget.pdf', '/n2.html']));
  });

  it('fetches enqueued URLs one request at a time across both workers, and parses what they hold', async () => {
    log = [];
    const r = cli('enqueue', `${base}/files/unlisted.pdf`, `${base}/n1.html`, `${base}/missing.pdf`, '--db', url, '--delay', '0', '--retries', '0');
    expect(r).toMatchObject({ status: 0, stdout: 'queued 0 files and 3 URLs to fetch\n' });
    await sleep(1000);
    await settled();
    expect(maxInFlight).toBe(1);
    // The notice's attachment came with it; nothing else on the site was read.
    expect(log.map((l) => l.path).sort()).toEqual(expect.arrayContaining(['/files/budget.pdf', '/files/unlisted.pdf', '/missing.pdf', '/n1.html']));
    expect(log.map((l) => l.path)).not.toContain('/list.html');
    const unlisted = (await pool.query("SELECT d.status, d.family FROM documents d JOIN document_sources s ON s.doc_id = d.id WHERE s.source = $1", [`${base}/files/unlisted.pdf`])).rows;
    expect(unlisted).toEqual([{ status: expect.stringMatching(/^(ok|partial)$/), family: 'budget' }]);
    // A URL that cannot be fetched ends its job failed, with the reason, where status shows it.
    const failed = (await pool.query("SELECT output FROM pgboss.job WHERE name = 'crawl' AND state = 'failed'")).rows;
    expect(failed).toEqual([{ output: expect.objectContaining({ message: expect.stringMatching(/missing\.pdf: .*404/) }) }]);
    expect(JSON.parse(cli('status', '--db', url, '--json').stdout)).toMatchObject({ failed: 1 });
    // A URL that is not one is a failed document with the reason, as an unreadable file is.
    expect(cli('enqueue', 'http://[::1', '--db', url)).toMatchObject({ status: 1, stdout: expect.stringMatching(/1 could not be read or fetched \(stored as failed\)/), stderr: '' });
    expect((await pool.query("SELECT error FROM documents WHERE source = 'http://[::1'")).rows).toEqual([{ error: 'http://[::1: not a URL that can be fetched' }]);
  });

  it('the next crawl, on a worker that has never crawled the host, sends only conditional requests', async () => {
    // The workers of the first night stop; a new one, with an empty cache, takes the next crawl.
    await Promise.all(workers.map((w) => { const exited = new Promise((r) => w.once('exit', r)); w.kill('SIGTERM'); return exited; }));
    workers.length = 0;
    startWorker(join(dir, 'raw-new'));
    log = [];
    expect(cli('crawl', '--queue', '--db', url, '--delay', '0', `${base}/list.html`).status).toBe(0);
    await sleep(1000);
    await settled();
    expect(log.length).toBeGreaterThan(3);
    expect(log.filter((l) => !l.conditional)).toEqual([]);
    expect(maxInFlight).toBe(1);
    // Answered 304, the crawl parses the copies raw_files held: the job ends completed, not failed.
    const last = (await pool.query("SELECT state, output FROM pgboss.job WHERE name = 'crawl' ORDER BY created_on DESC LIMIT 1")).rows;
    expect(last).toEqual([expect.objectContaining({ state: 'completed' })]);
  });

  it('crawl --db postgres:// runs here, never beside a worker crawling the same host, and asks conditionally', async () => {
    log = [];
    // A worker takes a queued crawl of the host while this machine crawls it too: they take turns.
    expect(cli('crawl', '--queue', '--db', url, '--delay', '0', `${base}/list.html`).status).toBe(0);
    const here = await new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
      const p = spawn(process.execPath, [CLI, 'crawl', `${base}/list.html`, '--db', url, '--delay', '0', '--json', '--raw-dir', join(dir, 'raw-here')], { cwd: dir });
      let [stdout, stderr] = ['', ''];
      p.stdout.on('data', (d) => (stdout += d));
      p.stderr.on('data', (d) => (stderr += d));
      p.on('exit', (status) => resolve({ status, stdout, stderr }));
    });
    await settled();
    // stderr may say it waited for the worker's crawl of the host; never a stack.
    expect({ status: here.status, stack: /\n\s+at /.test(here.stderr) }).toEqual({ status: 0, stack: false });
    const summary = JSON.parse(here.stdout);
    expect(summary.fetches.requests).toBeGreaterThan(3);
    expect(summary.fetches.unchanged).toBeGreaterThan(2);
    expect(summary.documents).toEqual({ skipped: expect.any(Number) });
    expect(log.filter((l) => !l.conditional)).toEqual([]);
    expect(maxInFlight).toBe(1);
    // Both crawled: the worker's and this machine's requests for the listing.
    expect(log.filter((l) => l.path === '/list.html').length).toBe(2);
  });

  it('a host being crawled holds up no other host: its next job waits, the other host is fetched meanwhile', async () => {
    startWorker(join(dir, 'raw-second'));
    answerMs = 600;
    log = [];
    try {
      // Two crawls of one host, then a fetch from another: the second crawl cannot run yet, and
      // (unlike a pg-boss singleton queue, which fetches oldest first) must not stall the fetch.
      expect(cli('crawl', '--queue', '--db', url, '--delay', '0', `${base}/list.html`).status).toBe(0);
      expect(cli('crawl', '--queue', '--db', url, '--delay', '0', `${base}/list.html`).status).toBe(0);
      expect(cli('enqueue', `${otherBase}/files/unlisted.pdf`, '--db', url, '--delay', '0').status).toBe(0);
      await sleep(1000);
      await settled();
    } finally {
      answerMs = 250;
    }
    const host = (b: string) => new URL(b).host;
    const busy = log.filter((l) => l.host === host(base));
    // Each crawl begins by asking for robots.txt: that splits the busy host's requests into its two crawls.
    const starts = busy.filter((l) => l.path === '/robots.txt').map((l) => l.at);
    const other = log.filter((l) => l.host === host(otherBase)).map((l) => l.at);
    expect(starts.length).toBe(2);
    expect(busy.filter((l) => l.path === '/list.html').length).toBe(2);
    expect(other.length).toBeGreaterThan(0);
    // The other host was fetched while the first crawl of the busy host was still running.
    const firstCrawlEnd = Math.max(...busy.filter((l) => l.at < starts[1]!).map((l) => l.at));
    expect(Math.min(...other)).toBeLessThan(firstCrawlEnd);
    expect(maxInFlight).toBe(1);
  }, 240_000);

  it('schedule crawl stores a cron schedule the workers run', async () => {
    const r = cli('schedule', 'crawl', `${base}/list.html`, '--cron', '0 2 * * *', '--db', url);
    expect(r.status).toBe(0);
    const rows = (await pool.query('SELECT name, cron, timezone, data FROM pgboss.schedule')).rows;
    expect(rows).toEqual([expect.objectContaining({ name: `schedule/${new URL(base).host}`, cron: '0 2 * * *', timezone: 'Asia/Shanghai' })]);
    expect(rows[0].data.profile.start).toEqual([`${base}/list.html`]);
    expect(cli('schedule', 'crawl', '--cron', '0 2 * * *', '--db', url).status).toBe(2);
  });

  it('a scheduled crawl runs when its time comes, on a worker, politely', async () => {
    // Every minute: due at once (the minute has begun), so the next worker to start runs it.
    expect(cli('schedule', 'crawl', `${base}/list.html`, '--cron', '* * * * *', '--delay', '0', '--db', url).status).toBe(0);
    expect((await pool.query('SELECT cron FROM pgboss.schedule')).rows).toEqual([{ cron: '* * * * *' }]);
    log = [];
    startWorker(join(dir, 'raw-scheduled'));
    for (let i = 0; i < 900 && !log.some((l) => l.path === '/list.html'); i++) await sleep(200);
    expect(log.map((l) => l.path)).toContain('/list.html');
    await settled();
    expect(log.filter((l) => !l.conditional)).toEqual([]);
    expect(maxInFlight).toBe(1);
  }, 240_000);
});
