/**
 * Hostile inputs to the data products: `export`'s arguments, `search`'s queries and `serve`'s
 * URLs. Each bad export is refused with the cause and exit 2, writing nothing a user would take
 * for a result; every query is text; no URL makes the review app answer 500 or show a stack; and
 * the database stays as it was.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestFile } from '../../src/pipeline/ingest.js';
import { createApp } from '../../src/serve/app.js';
import { postgresReviewStore } from '../../src/serve/postgres.js';
import { sqliteReviewStore } from '../../src/serve/store.js';
import { openDatabase, type Db } from '../../src/store/db.js';
import { CLI, SAMPLES } from '../helpers.js';
import { freshDatabase } from '../helpers/postgres.js';
import { AS_ROOT, WITHOUT_ROOT } from './without-root.js';

const dir = mkdtempSync(join(tmpdir(), 'fiscal-products-'));
const dbPath = join(dir, 'p.db');
let id = '';
const cli = (...args: string[]) => spawnSync(process.execPath, [CLI, ...args], { cwd: dir, encoding: 'utf8', timeout: 120_000 });
const hash = () => createHash('sha256').update(readFileSync(dbPath)).digest('hex');

beforeAll(async () => {
  const db = openDatabase(dbPath);
  try {
    id = (await ingestFile({ path: join(SAMPLES, '002-luquan-2024-budget.pdf') }, { db })).id;
    db.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    db.close();
  }
}, 120_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The command line bound by the mode bits (root writes anywhere; see without-root.ts). */
const asUser = (cwd: string, ...args: string[]) => spawnSync(WITHOUT_ROOT[0]!, [...WITHOUT_ROOT.slice(1), CLI, ...args], { cwd, encoding: 'utf8', timeout: 60_000 });

describe('export, given bad arguments', () => {
  it('refuses each with its cause and exit 2, leaving no export behind', () => {
    writeFileSync(join(dir, 'not-sqlite.db'), 'this is not a database');
    writeFileSync(join(dir, 'a-file'), 'x');
    const cases: [string[], RegExp][] = [
      [['export', '--db', 'p.db', '--format', 'pdf', '--out', 'o1'], /format|allowed choices/i],
      [['export', '--db', 'p.db', '--since', 'yesterday', '--out', 'o2'], /--since takes a run id .*, not "yesterday"/],
      [['export', '--db', 'p.db', '--since', '99', '--out', 'o3'], /--since 99: no such run/],
      [['export', '--db', 'p.db', '--tables', 'documents;DROP TABLE facts', '--out', 'o4'], /no table or view named documents;DROP TABLE facts/],
      [['export', '--db', 'missing.db', '--out', 'o5'], /database missing\.db does not exist/],
      [['export', '--db', 'not-sqlite.db', '--out', 'o6'], /not-sqlite\.db: file is not a database/],
      [['export', '--db', 'p.db', '--tables', '', '--out', 'o7'], /no table or view to export was named/],
      [['export', '--db', 'p.db', '--since', '0', '--out', 'o8'], /positive whole number, got "0"/],
      [['export', '--db', 'p.db', '--out', 'a-file'], /cannot write the export to a-file: a file is in the way/],
      [['export', '--db', 'p.db', '--out', 'a-file/o9'], /cannot write the export to a-file\/o9: a file is in the way/],
    ];
    // mkdir answers ENOENT under /proc, where Node's recursive mkdir used to spin for ever.
    if (existsSync('/proc/self')) cases.push([['export', '--db', 'p.db', '--out', '/proc/fiscal-export'], /cannot write the export to \/proc\/fiscal-export: the directory cannot be created there/]);
    const before = hash();
    for (const [args, cause] of cases) {
      const r = cli(...args);
      expect({ args, status: r.status }).toEqual({ args, status: 2 });
      expect({ args, stderr: r.stderr }).toEqual({ args, stderr: expect.stringMatching(cause) });
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
    for (const out of ['o1', 'o2', 'o3', 'o4', 'o5', 'o6', 'o7', 'o8']) expect({ out, exists: existsSync(join(dir, out)) }).toEqual({ out, exists: false });
    expect(readFileSync(join(dir, 'a-file'), 'utf8')).toBe('x');
    expect(hash()).toBe(before);
    // And a good export leaves only its files: no staging folder.
    expect(cli('export', '--db', 'p.db', '--out', 'good').status).toBe(0);
    expect(readdirSync(join(dir, 'good')).filter((f) => !/^[a-z_]+\.csv$|^datapackage\.json$/.test(f))).toEqual([]);
  });

  it('says permission denied for an output directory the user cannot write, and writes nothing there', () => {
    // An output directory the user cannot write, and one under a directory it cannot enter.
    const home = join(dir, 'user');
    mkdirSync(home);
    copyFileSync(dbPath, join(home, 'p.db'));
    mkdirSync(join(home, 'readonly-out'));
    chmodSync(join(home, 'readonly-out'), 0o555);
    mkdirSync(join(home, 'locked'));
    chmodSync(join(home, 'locked'), 0o500);
    for (const [out, cause] of [
      ['readonly-out', /cannot write the export to readonly-out: permission denied/],
      ['locked/out', /cannot write the export to locked\/out: permission denied/],
    ] as const) {
      const r = asUser(home, 'export', '--db', 'p.db', '--out', out);
      expect({ out, status: r.status, stderr: r.stderr }).toEqual({ out, status: 2, stderr: expect.stringMatching(cause) });
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
    expect(readdirSync(join(home, 'readonly-out'))).toEqual([]);
    chmodSync(join(home, 'locked'), 0o700);
    expect(readdirSync(join(home, 'locked'))).toEqual([]);
  });

  it.skipIf(!AS_ROOT)('says the disk is full when it fills mid-export, and leaves nothing behind', () => {
    // 16 kB holds the first few of the ten files of this export and not the rest.
    const mount = join(dir, 'full');
    mkdirSync(mount);
    expect(spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=16k', 'tmpfs', mount]).status).toBe(0);
    try {
      const r = cli('export', '--db', 'p.db', '--out', 'full/export');
      expect({ status: r.status, stderr: r.stderr }).toEqual({ status: 2, stderr: expect.stringMatching(/cannot write the export to full\/export: the disk is full/) });
      expect(readdirSync(mount)).toEqual([]);
    } finally {
      spawnSync('umount', [mount]);
    }
  });
});

describe('search, given FTS syntax and SQL', () => {
  it('treats each query as text: exit 0, no stack, the database unchanged', () => {
    const before = hash();
    for (const q of ['"', '*', 'NEAR(', '(((', '部门" OR "', "')); DROP TABLE documents;--", 'col:abc ^x', '-x', 'x'.repeat(100_000)]) {
      const r = cli('search', '--db', 'p.db', '--', q);
      expect({ q: q.slice(0, 40), status: r.status, stack: /\n\s+at /.test(r.stderr) }).toEqual({ q: q.slice(0, 40), status: 0, stack: false });
    }
    expect(hash()).toBe(before);
  });
});

describe('serve, given hostile URLs', () => {
  let db: Db;
  let pgUrl = '';
  beforeAll(async () => {
    db = openDatabase(dbPath, { readonly: true });
    // The same document in a PostgreSQL dataset: its driver refuses NUL bytes and non-numbers in a
    // BIGINT where SQLite shrugs, so the app must not pass them on.
    pgUrl = await freshDatabase('fx_products');
    expect(cli('ingest', join(SAMPLES, '002-luquan-2024-budget.pdf'), '--db', pgUrl, '--exit-zero').status).toBe(0);
  }, 120_000);
  afterAll(() => db.close());

  /** What a URL could have changed: the SQLite file's bytes, or PostgreSQL's rows. */
  const snapshot = async (kind: string) => {
    if (kind === 'sqlite') return hash();
    const client = new pg.Client(pgUrl);
    await client.connect();
    try {
      return JSON.stringify((await client.query('SELECT (SELECT count(*) FROM documents) AS d, (SELECT count(*) FROM facts) AS f, (SELECT count(*) FROM line_items) AS l, (SELECT max(ingested_at) FROM documents) AS at')).rows);
    } finally {
      await client.end();
    }
  };

  it.each(['sqlite', 'postgres'])('never answers 500 or shows a stack, and changes nothing (%s)', async (kind) => {
    const store = kind === 'sqlite' ? sqliteReviewStore(db, dbPath) : await postgresReviewStore(pgUrl);
    const app = createApp({ store });
    const before = await snapshot(kind);
    const paths = [
      '/?q=%22', '/?q=*', '/?q=NEAR(', '/?q=(((', '/?q=a%20OR%20b', '/?q=%E9%83%A8%22%20OR%20%22', `/?q=${'预'.repeat(30_000)}`,
      "/?family=budget'%20OR%201=1--", '/?year=abc', '/?year=1e309', '/?region=%00', "/?department=%25'%3B%20DROP%20TABLE%20facts%3B--",
      `/documents/${id}/pages/abc`, `/documents/${id}/pages/-1`, `/documents/${id}/pages/1e9`, `/documents/${id}/pages/99999999999999999999`,
      `/documents/${id}/pages/1.5/image`, '/documents/..%2F..%2Fetc%2Fpasswd', '/documents/%00', '/documents/x%00y/pages/1',
      '/api/documents?q=%22%22%22', '/api/documents/../../p.db', '/api/documents/%2e%2e', '/static/../../p.db', '/nothing/here',
      // NUL bytes in a search (FTS5 ends a string at NUL), broken percent-escapes, 100 kB queries.
      '/?q=%00%00%00', '/api/documents?q=a%00bc%00', '/?q=%ZZ%ZZ%ZZ', '/?q=%E9%83', '/documents/%ZZ', `/?q=${'a'.repeat(100_000)}`,
      `/api/documents?q=${'%22'.repeat(35_000)}`, '/?q=%22%20OR%201=1%20--%20', "/?q=')%3B%20DROP%20TABLE%20documents%3B--", '/?q=a%20NOT%20b*%20^c',
      '/?q=a&q=%00&q=NEAR(', '/?year=-1', '/?year=9999999999999999999999', '/?status=%00', '/?department=%25%25_', '/?department=%00', '/api/documents?family=%00', '/?year=%00', '/?year=2024%00', '/?region=%00abc',
      `/documents/${id}/pages/0/image`, `/documents/${id}/pages/-1/image`, `/documents/${id}/pages/99999/image`, `/documents/${id}/pages/1e21/image`,
      `/documents/${id}/pages/9007199254740993/image`, `/documents/${id.toUpperCase()}`, `/documents/${id}%00`, `/api/documents/${id}/../../../p.db`,
    ];
    for (const path of paths) {
      for (const method of ['GET', 'POST', 'DELETE']) {
        const res = await app.request(path, { method });
        const body = await res.text();
        expect({ path, method, server_error: res.status >= 500 }).toEqual({ path, method, server_error: false });
        expect({ path, method, stack: /\n\s+at |node_modules|Sqlite|SQLITE|syntax for type|encoding "UTF8"/.test(body) }).toEqual({ path, method, stack: false });
      }
    }
    if (kind === 'postgres') await store.close();
    expect(await snapshot(kind)).toBe(before);
  }, 120_000);

  it('over HTTP, answers raw traversal, NUL bytes, huge URLs and garbage without a 500, reveals no file, and keeps serving', async () => {
    const before = hash();
    const server = spawn(process.execPath, [CLI, 'serve', '--db', 'p.db', '--port', '0'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    server.stderr!.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        server.stdout!.on('data', (d: Buffer) => {
          out += d.toString('utf8');
          if (out.includes('\n')) resolve(out.trim());
        });
        server.once('exit', (code) => reject(new Error(`serve exited ${code}: ${stderr}`)));
      });
      const port = Number(new URL(url).port);
      const requests: (string | Buffer)[] = [
        'GET /../../p.db HTTP/1.1', 'GET /documents/../../../../etc/passwd HTTP/1.1', 'GET //etc/passwd HTTP/1.1', 'GET /static/%2e%2e/%2e%2e/p.db HTTP/1.1',
        `GET /documents/${id}/../../p.db HTTP/1.1`, 'GET http://example.com/ HTTP/1.1', 'GET * HTTP/1.1', 'OPTIONS * HTTP/1.1', 'TRACE / HTTP/1.1',
        `GET /?q=${'b'.repeat(100_000)} HTTP/1.1`, 'GET /?q=%00%00%00 HTTP/1.1', Buffer.from('GET /documents/\0/pages/1 HTTP/1.1', 'latin1'),
        Buffer.from([0x16, 0x03, 0x01, 0x00, 0xff, 0x01, 0x00, 0x00, 0xfb, 0x03, 0x03]), 'NOT-HTTP\x00\xff\xfe',
      ].map((r) => (typeof r === 'string' && !r.startsWith('NOT') ? `${r}\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n` : r));
      for (const request of requests) {
        const shown = String(request).slice(0, 60);
        const response = await rawHttp(port, request);
        const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(response)?.[1] ?? 0);
        expect({ request: shown, answered: status >= 100, server_error: status >= 500 }).toEqual({ request: shown, answered: true, server_error: false });
        expect({ request: shown, leaked: /root:x:0:0|SQLite format 3|\n\s+at |node_modules/.test(response) }).toEqual({ request: shown, leaked: false });
      }
      // Still serving, and still on its feet.
      expect((await fetch(`${url}/api/documents`)).status).toBe(200);
      expect(server.exitCode).toBe(null);
    } finally {
      server.kill('SIGINT');
      await new Promise((r) => (server.exitCode === null ? server.once('exit', r) : r(null)));
    }
    expect(stderr).not.toMatch(/\n\s+at /);
    expect(hash()).toBe(before);
  }, 60_000);
});

/** Sends bytes to 127.0.0.1:port as they are (no client normalises the path) and returns what came back. */
function rawHttp(port: number, request: string | Buffer): Promise<string> {
  return new Promise((resolve, reject) => {
    let data = '';
    const socket = connect(port, '127.0.0.1', () => socket.write(request));
    socket.setTimeout(10_000, () => socket.destroy(new Error('no answer in 10 s')));
    socket.on('data', (d: Buffer) => (data += d.toString('latin1')));
    socket.on('close', () => resolve(data));
    socket.on('error', (e: NodeJS.ErrnoException) => (e.code === 'ECONNRESET' || e.code === 'EPIPE' ? resolve(data) : reject(e)));
  });
}
