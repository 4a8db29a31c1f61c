/**
 * A nightly crawl as a data team runs it: the CLI against a small portal served on 127.0.0.1,
 * built the way Chinese government portals are (listing columns paged by createPageHTML and by
 * ?page=N with 下一页, notice pages with attachments and a viewer link, a GBK page served without a
 * charset, robots.txt, a flaky endpoint and one that hangs), then crawled a second time.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HTTP_DEFAULTS, PoliteHttp } from '../src/crawl/http.js';
import { isAttachmentUrl, readPageLinks, viewerTarget } from '../src/crawl/links.js';
import { loadProfile, profileOfUrls } from '../src/crawl/profile.js';
import { RawStore } from '../src/crawl/raw-store.js';
import { runCrawl } from '../src/crawl/run.js';
import { openDatabase } from '../src/store/db.js';
import { CLI, ROOT, sampleBytes, tempDir } from './helpers.js';

const utf8 = (s: string) => new TextEncoder().encode(s);
/** GBK bytes of a page (Node has no GBK encoder; iconv-lite, a dev dependency, does). */
const gbk = (s: string) => new Uint8Array(iconv.encode(s, 'gbk'));

const page = (title: string, body: string) =>
  `<!DOCTYPE html><html><head><meta charset="utf-8"><title>${title}_鹿泉区人民政府</title></head><body><div class="nav"><a href="/">首页</a></div>${body}</body></html>`;

interface Route {
  body: Uint8Array;
  type: string;
  /** Answer 500 this many times first. */
  failFirst?: number;
  hang?: boolean;
}

interface Logged {
  path: string;
  conditional: boolean;
}

async function portal(): Promise<{ routes: Map<string, Route>; log: Logged[] }> {
  const routes = new Map<string, Route>();
  const html = (path: string, text: string) => routes.set(path, { body: utf8(text), type: 'text/html; charset=utf-8' });
  routes.set('/robots.txt', { body: utf8('User-agent: *\nDisallow: /private/\n'), type: 'text/plain' });

  // Column one: TRS-style paging, index.html then index_1.html from createPageHTML.
  html('/czyjs/index.html', page('预决算公开', `
    <ul>
      <li><a href="./202401/t1.html">鹿泉区财政局2024年部门预算公开</a><span>2024-02-01</span></li>
      <li><a href="./202401/t2.html">关于冬季供暖的通知</a></li>
      <li><a href="/private/t9.html">鹿泉区内部预算草稿</a></li>
    </ul>
    <script>createPageHTML(2, 0, "index", "html");</script>`));
  // Page two is GBK, with neither a charset header nor a meta tag.
  routes.set('/czyjs/index_1.html', {
    body: gbk(`<html><head><title>预决算公开</title></head><body><ul><li><a href="./202402/t3.html">鹿泉区2023年度部门决算公开</a></li></ul></body></html>`),
    type: 'text/html',
  });
  html('/czyjs/202401/t1.html', page('鹿泉区财政局2024年部门预算公开', `
    <meta name="ArticleTitle" content="鹿泉区财政局2024年部门预算公开"><meta name="PubDate" content="2024-02-01 09:00">
    <h1>鹿泉区财政局2024年部门预算公开</h1><p>发布时间：2024-02-01</p>
    <p>附件：<a href="/files/budget.pdf">2024年部门预算.pdf</a></p>
    <p><a href="/viewer/viewer.html?file=/files/report.docx">在线预览：绩效自评报告</a></p>`));
  html('/czyjs/202401/t2.html', page('关于冬季供暖的通知', '<p>供暖时间为11月15日。</p>'));
  html('/private/t9.html', page('内部预算草稿', '<p>不公开</p>'));
  html('/czyjs/202402/t3.html', page('鹿泉区2023年度部门决算公开', `
    <p>发布日期：2024-08-30</p>
    <p><a href="/files/tables.xls">决算公开表格</a> <a href="/files/flaky.pdf">部门决算说明</a> <a href="/files/hang.pdf">附件3</a></p>`));

  // Column two: ?page=N with 下一页; its notice is an HTML report in the page body.
  html('/jsgk/list.html', page('绩效公开', `<ul><li><a href="/jsgk/list.html?page=2">下一页</a></li></ul>`));
  routes.set('/jsgk/list.html?page=2', { body: utf8(page('绩效公开', `<ul><li><a href="/jsgk/t4.html">正定县2023年度部门整体支出绩效自评报告</a></li></ul>`)), type: 'text/html; charset=utf-8' });
  routes.set('/jsgk/t4.html', { body: sampleBytes('004'), type: 'text/html; charset=utf-8' });

  routes.set('/files/budget.pdf', { body: sampleBytes('003'), type: 'application/pdf' });
  routes.set('/files/report.docx', { body: sampleBytes('001'), type: 'application/octet-stream' });
  // A workbook published with a .xls name (portals do): found by its extension, read by its bytes.
  routes.set('/files/tables.xls', { body: sampleBytes('005'), type: 'application/vnd.ms-excel' });
  routes.set('/files/flaky.pdf', { body: sampleBytes('000'), type: 'application/pdf', failFirst: 2 });
  routes.set('/files/hang.pdf', { body: utf8(''), type: 'application/pdf', hang: true });
  return { routes, log: [] };
}

function serve(routes: Map<string, Route>, log: Logged[]): Promise<Server> {
  const failures = new Map<string, number>();
  const handler = (req: IncomingMessage, res: ServerResponse) => {
    const path = req.url ?? '/';
    log.push({ path, conditional: req.headers['if-none-match'] !== undefined || req.headers['if-modified-since'] !== undefined });
    const route = routes.get(path);
    if (!route) {
      res.writeHead(404).end('not found');
      return;
    }
    if (route.hang) return; // never answers
    const failed = failures.get(path) ?? 0;
    if (route.failFirst && failed < route.failFirst) {
      failures.set(path, failed + 1);
      res.writeHead(500).end('busy');
      return;
    }
    const etag = `"${createHash('sha1').update(route.body).digest('hex')}"`;
    const lastModified = 'Mon, 01 Jan 2024 00:00:00 GMT';
    if (req.headers['if-none-match'] === etag) {
      res.writeHead(304, { etag, 'last-modified': lastModified }).end();
      return;
    }
    res.writeHead(200, { 'content-type': route.type, etag, 'last-modified': lastModified, 'content-length': route.body.length });
    res.end(Buffer.from(route.body));
  };
  const server = createServer(handler);
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

function runCli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd: ROOT });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('reading portal pages', () => {
  const base = 'http://gov.example/czyjs/index.html';
  it('finds attachments by the extension of their URL or their text, in viewer links, iframes and embeds', () => {
    const links = readPageLinks(
      utf8(`<a href="a/附件1.PDF">预算表</a><a href="/pdfjs/web/viewer.html?file=%2Fup%2F2.docx">预览</a><iframe src="/up/3.xlsx"></iframe><embed src="4.wps"><a href="x.html">正文</a><a href="/download.jsp?id=7">附件5：三公经费表.xls</a>`),
      base,
    );
    expect(links.attachments.map((l) => [new URL(l.url).pathname, l.text])).toEqual([
      ['/czyjs/a/%E9%99%84%E4%BB%B61.PDF', '预算表'],
      ['/up/2.docx', '预览'],
      ['/download.jsp', '附件5：三公经费表.xls'],
      ['/up/3.xlsx', ''],
      ['/czyjs/4.wps', ''],
    ]);
    expect(links.pages.map((l) => l.text)).toEqual(['正文']);
    expect(viewerTarget('http://gov.example/viewer?file=report.html')).toBeNull();
    // A link that only says 附件 or 下载, to a URL without an extension, is a file all the same.
    const bare = readPageLinks(utf8('<a href="/download?id=77">附件</a><a href="/dl?id=8">下载</a><a href="/f?id=9">附表2：三公经费</a><a href="/about">附件说明</a>'), base);
    expect(bare.attachments.map((l) => new URL(l.url).search)).toEqual(['?id=77', '?id=8', '?id=9']);
    expect(bare.pages.map((l) => l.text)).toEqual(['附件说明']);
    expect(isAttachmentUrl('http://gov.example/a/b.xls?x=1')).toBe(true);
  });

  it('follows both pagination styles and a 下一页 link, and not the site home', () => {
    const links = readPageLinks(
      utf8(`<a href="/">首页</a><a href="list_2.html">下一页</a><a href="index_3.html">4</a><a href="?page=5">5</a><script>createPageHTML(3, 0, "index", "shtml")</script>`),
      base,
    );
    expect(links.pagination.sort()).toEqual(
      ['/czyjs/index_1.shtml', '/czyjs/index_2.shtml', '/czyjs/index.shtml', '/czyjs/index_3.html', '/czyjs/index.html?page=5', '/czyjs/list_2.html'].map((p) => `http://gov.example${p}`).sort(),
    );
    expect(links.pages.map((l) => l.url)).toEqual(['http://gov.example/']);
  });

  it('rejects a site profile that is not valid, naming the file and the field', () => {
    const dir = tempDir();
    const file = join(dir, 'site.json');
    writeFileSync(file, JSON.stringify({ start: ['ftp://gov.example/'], maxListingPages: 0 }));
    expect(() => loadProfile(file)).toThrow(/site\.json: start\.0: must be an http\(s\) URL; maxListingPages/);
    expect(loadProfile(join(ROOT, 'samples', 'site.example.json')).start.length).toBeGreaterThan(0);
  });
});

describe('a crawl of a local portal', () => {
  let server: Server;
  let origin: string;
  let log: Logged[];
  // Not tempDir(): that is emptied after each test, and these tests share one crawl.
  const dir = mkdtempSync(join(tmpdir(), 'fiscal-crawl-'));
  const db = join(dir, 'crawl.db');
  let first: { code: number | null; stdout: string; stderr: string };

  beforeAll(async () => {
    const built = await portal();
    log = built.log;
    server = await serve(built.routes, log);
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    first = await runCli(['crawl', `${origin}/czyjs/index.html`, `${origin}/jsgk/list.html`, '--db', db, '--delay', '0', '--timeout', '1', '--json', '--concurrency', '1']);
  }, 120_000);

  afterAll(() => {
    server.closeAllConnections();
    server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const rows = <T>(sql: string): T[] => {
    const conn = new Database(db, { readonly: true });
    try {
      return conn.prepare(sql).all() as T[];
    } finally {
      conn.close();
    }
  };

  it('ingests the fiscal notices and their attachments, with the URL as the source', () => {
    const docs = rows<{ source: string; status: string; family: string | null; format: string }>('SELECT source, status, family, format FROM documents');
    const by = (path: string) => docs.find((d) => d.source === `${origin}${path}`);
    expect(by('/files/budget.pdf')).toMatchObject({ format: 'pdf', family: 'perf_self_eval' });
    expect(by('/files/report.docx')).toMatchObject({ format: 'docx', family: 'perf_self_eval' }); // through the viewer link
    expect(by('/files/tables.xls')).toMatchObject({ format: 'xlsx', family: 'budget' });
    expect(by('/files/flaky.pdf')).toMatchObject({ format: 'pdf' }); // after two 500s
    expect(by('/jsgk/t4.html')).toMatchObject({ format: 'html', family: 'perf_self_eval' }); // the report is the page
    expect(by('/czyjs/202402/t3.html')).toMatchObject({ format: 'html', family: 'other' }); // a notice announcing its attachment
    expect(first.code).toBe(1); // hang.pdf failed
  });

  it('keeps each attachment’s notice: its title and date, and the page it was linked from', () => {
    const [xls] = rows<{ referrer: string; notice_title: string; notice_date: string }>(`SELECT referrer, notice_title, notice_date FROM fetches WHERE url LIKE '%/tables.xls'`);
    expect(xls).toEqual({ referrer: `${origin}/czyjs/202402/t3.html`, notice_title: '鹿泉区2023年度部门决算公开', notice_date: '2024-08-30' });
    const linked = rows<{ attachment_url: string }>(`SELECT attachment_url FROM notice_attachments WHERE notice_url = '${origin}/czyjs/202402/t3.html'`);
    expect(linked.map((l) => l.attachment_url)).toContain(`${origin}/files/tables.xls`);
    const [pdf] = rows<{ notice_title: string; notice_date: string }>(`SELECT notice_title, notice_date FROM fetches WHERE url LIKE '%/budget.pdf'`);
    expect(pdf).toEqual({ notice_title: '鹿泉区财政局2024年部门预算公开', notice_date: '2024-02-01' });
    expect(rows('SELECT * FROM crawled_documents').length).toBe(rows('SELECT * FROM documents').length);
  });

  it('does not fetch what robots.txt disallows, nor notices without a fiscal keyword', () => {
    const paths = log.map((l) => l.path);
    expect(paths).toContain('/robots.txt');
    expect(paths).not.toContain('/private/t9.html');
    expect(paths).not.toContain('/czyjs/202401/t2.html');
    expect(JSON.parse(first.stdout).fetches.refused_by_robots).toEqual([`${origin}/private/t9.html`]);
  });

  it('retries a 5xx with backoff, and records a request that hangs as timed out', () => {
    expect(log.filter((l) => l.path === '/files/flaky.pdf')).toHaveLength(3);
    const [hang] = rows<{ status: number | null; error: string }>(`SELECT status, error FROM fetches WHERE url LIKE '%/hang.pdf'`);
    expect(hang).toEqual({ status: null, error: 'timed out after 1 s' });
    expect(JSON.parse(first.stdout).fetches.failures).toEqual([{ url: `${origin}/files/hang.pdf`, error: 'timed out after 1 s' }]);
    const [run] = rows<{ kind: string; status: string }>('SELECT kind, status FROM runs');
    expect(run).toEqual({ kind: 'crawl', status: 'finished' });
  });

  it('keeps every body in the raw store under its sha256', () => {
    const stored = rows<{ sha256: string; url: string }>(`SELECT sha256, url FROM fetches WHERE kind = 'attachment' AND sha256 IS NOT NULL`);
    expect(stored.length).toBe(4);
    for (const { sha256, url } of stored) {
      const ext = url.slice(url.lastIndexOf('.'));
      const bytes = readFileSync(join(dir, 'crawl-raw', sha256.slice(0, 2), `${sha256}${ext}`));
      expect(createHash('sha256').update(bytes).digest('hex')).toBe(sha256);
    }
  });

  it('resumes an interrupted crawl: what was fetched is asked for conditionally and ingested', async () => {
    const resumeDir = mkdtempSync(join(tmpdir(), 'fiscal-crawl-resume-'));
    const conn = openDatabase(join(resumeDir, 'r.db'));
    try {
      const stop = new AbortController();
      const raw = new RawStore(join(resumeDir, 'raw'));
      const opts = { db: conn, database: 'r.db', profiles: [profileOfUrls([`${origin}/czyjs/index.html`])], raw, concurrency: 1, args: [] };
      const http = { ...HTTP_DEFAULTS, delayS: 0, timeoutS: 1, backoffMs: 10 };
      let fetched = 0;
      const cut = await runCrawl({ ...opts, http, signal: stop.signal, onFetch: () => ++fetched === 4 && stop.abort() });
      expect(cut.summary.interrupted).toBe(true);
      expect(cut.summary.stored).toBe(0);
      const fetchedFirst = conn.prepare('SELECT url FROM fetches WHERE sha256 IS NOT NULL').all() as { url: string }[];
      expect(fetchedFirst.length).toBeGreaterThan(1);

      const before = log.length;
      const resumed = await runCrawl({ ...opts, http });
      expect(resumed.summary.interrupted).toBe(false);
      const again = log.slice(before);
      for (const { url } of fetchedFirst) expect(again.find((r) => `${origin}${r.path}` === url)?.conditional).toBe(true);
      // Everything the first column leads to, the notices and files the cut run never reached included.
      const sources = (conn.prepare('SELECT source FROM documents').all() as { source: string }[]).map((r) => r.source.slice(origin.length)).sort();
      expect(sources).toEqual(['/czyjs/202401/t1.html', '/czyjs/202402/t3.html', '/files/budget.pdf', '/files/flaky.pdf', '/files/report.docx', '/files/tables.xls']);
      expect((conn.prepare('SELECT status FROM runs ORDER BY id').all() as { status: string }[]).map((r) => r.status)).toEqual(['interrupted', 'finished']);
    } finally {
      conn.close();
      rmSync(resumeDir, { recursive: true, force: true });
    }
  }, 60_000);

  it('the second night asks only conditionally for what it has, and ingests nothing', async () => {
    const before = log.length;
    const documents = rows('SELECT id FROM documents').length;
    const second = await runCli(['crawl', `${origin}/czyjs/index.html`, `${origin}/jsgk/list.html`, '--db', db, '--delay', '0', '--timeout', '1', '--json', '--concurrency', '1']);
    const summary = JSON.parse(second.stdout);
    const requests = log.slice(before);
    // Everything that answered last time is asked for conditionally; only the hanging file, which never did, is not.
    expect(requests.filter((r) => !r.conditional).map((r) => r.path)).toEqual(['/files/hang.pdf', '/files/hang.pdf', '/files/hang.pdf']);
    expect(summary.fetches.downloaded).toBe(0);
    expect(summary.fetches.unchanged).toBeGreaterThan(8);
    expect(summary.stored).toBe(0);
    expect(rows('SELECT id FROM documents').length).toBe(documents);
    expect(rows<{ n: number }>(`SELECT count(*) AS n FROM runs WHERE kind = 'crawl'`)[0]!.n).toBe(2);
  }, 120_000);
});

describe('polite HTTP', () => {
  let server: Server;
  let origin: string;
  const hits: { path: string; at: number }[] = [];
  beforeAll(async () => {
    server = createServer((req, res) => {
      const path = req.url ?? '/';
      hits.push({ path, at: Date.now() });
      if (path === '/big') res.writeHead(200, { 'content-type': 'application/pdf' }).end(Buffer.alloc(5000));
      else if (path === '/gone') res.writeHead(404).end();
      else if (path.startsWith('/loop')) res.writeHead(302, { location: `/loop${path.length}` }).end();
      else if (path === '/to-ftp') res.writeHead(301, { location: 'ftp://example.org/a.pdf' }).end();
      else if (path === '/moved') res.writeHead(301, { location: '/small' }).end();
      else if (path === '/page') res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end('<p>'.repeat(100));
      else if (path === '/file') res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(Buffer.alloc(500));
      else res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => server.close());

  const http = (delayS = 0) => new PoliteHttp({ ...HTTP_DEFAULTS, delayS, timeoutS: 2, backoffMs: 10 });
  const limits = { page: 100, file: 1000 };

  it('refuses a body over the size limit, a redirect loop, and a redirect off http(s)', async () => {
    const bigBefore = hits.filter((h) => h.path === '/big').length;
    expect(await http().get(`${origin}/big`, limits)).toMatchObject({ kind: 'refused', reason: expect.stringMatching(/over the 1000 byte limit/) });
    expect(hits.filter((h) => h.path === '/big').length - bigBefore).toBe(1); // not retried: it would be as big again
    expect(await http().get(`${origin}/loop`, limits)).toMatchObject({ kind: 'refused', reason: expect.stringMatching(/more than 5 redirects/) });
    expect(await http().get(`${origin}/to-ftp`, limits)).toMatchObject({ kind: 'refused', reason: 'not an http(s) URL: ftp://example.org/a.pdf' });
    expect(await http().get(`${origin}/moved`, limits)).toMatchObject({ kind: 'body', finalUrl: `${origin}/small` });
    // A page is held to the page limit, a file (known by its Content-Type) to the file limit.
    expect(await http().get(`${origin}/page`, limits)).toMatchObject({ kind: 'refused', reason: expect.stringMatching(/over the 100 byte limit/) });
    expect(await http().get(`${origin}/file`, limits)).toMatchObject({ kind: 'body' });
  });

  it('does not retry a 4xx', async () => {
    const before = hits.filter((h) => h.path === '/gone').length;
    expect(await http().get(`${origin}/gone`, limits)).toMatchObject({ kind: 'http-error', status: 404 });
    expect(hits.filter((h) => h.path === '/gone').length - before).toBe(1);
  });

  it('sends one request at a time to a host, the delay apart', async () => {
    const client = http(0.3);
    const start = hits.length;
    await Promise.all([client.get(`${origin}/a`, limits), client.get(`${origin}/b`, limits), client.get(`${origin}/c`, limits)]);
    const times = hits.slice(start).map((h) => h.at);
    expect(times).toHaveLength(3);
    expect(times[1]! - times[0]!).toBeGreaterThanOrEqual(280);
    expect(times[2]! - times[1]!).toBeGreaterThanOrEqual(280);
  });
});
