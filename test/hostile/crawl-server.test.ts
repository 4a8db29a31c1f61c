/**
 * `crawl` against a hostile portal on 127.0.0.1 (every loop bounded, nothing leaves this
 * machine): redirect loops and redirects to file:// and to another port, an endless body, a slow
 * body, a gzip bomb, a reset connection, bytes that are not HTTP, javascript: and data: links,
 * 100,000 links on one page, and an oversized robots.txt. The crawl ends within its bounds,
 * records each failure with its reason, fetches nothing it should not, and leaves a whole database.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/store/db.js';
import { CLI } from '../helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'fiscal-hostile-crawl-'));
let server: Server;
let origin: string;
const sockets = new Set<Socket>();
const hits: string[] = [];
let result: { code: number | null; ms: number };

const HOSTILE = ['loop', 'to-file', 'to-port', 'endless', 'slow', 'bomb', 'reset', 'garbage', 'links'];

beforeAll(async () => {
  const bomb = gzipSync(Buffer.alloc(64 * 1024 * 1024, 0x20));
  server = createServer((req, res) => {
    const path = req.url ?? '/';
    hits.push(path);
    const page = (body: string) => res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(`<html><body>${body}</body></html>`);
    if (path === '/robots.txt') {
      // 50 MB of robots.txt, streamed.
      res.writeHead(200, { 'content-type': 'text/plain' });
      let sent = 0;
      const chunk = Buffer.alloc(1 << 20, 0x23);
      const more = () => {
        while (sent < 50 && res.write(chunk)) sent++;
        if (sent >= 50) res.end();
        else res.once('drain', () => (sent++, more()));
      };
      more();
    } else if (path === '/index.html') {
      page([...HOSTILE.map((h) => `<a href="/n/${h}.html">2024年部门预算${h}</a>`), '<a href="javascript:fetch(\'/js-ran\')">2024年部门预算js</a>', '<a href="data:text/html,<b>x</b>">2024年部门预算data</a>'].join(''));
    } else if (path.startsWith('/n/loop')) res.writeHead(302, { location: `/n/loop${path.length}.html` }).end();
    else if (path === '/n/to-file.html') res.writeHead(302, { location: 'file:///etc/passwd' }).end();
    else if (path === '/n/to-port.html') res.writeHead(302, { location: 'http://127.0.0.1:1/x.pdf' }).end();
    else if (path === '/n/endless.html') {
      res.writeHead(200, { 'content-type': 'text/html' });
      const chunk = Buffer.alloc(1 << 16, 0x61);
      const pump = () => {
        while (!res.destroyed && res.write(chunk));
        if (!res.destroyed) res.once('drain', pump);
      };
      pump();
    } else if (path === '/n/slow.html') {
      res.writeHead(200, { 'content-type': 'text/html' });
      const t = setInterval(() => (res.destroyed ? clearInterval(t) : res.write('<p>')), 400);
      res.on('close', () => clearInterval(t));
    } else if (path === '/n/bomb.html') res.writeHead(200, { 'content-type': 'text/html', 'content-encoding': 'gzip' }).end(bomb);
    else if (path === '/n/reset.html') req.socket.destroy();
    else if (path === '/n/garbage.html') {
      req.socket.write('\x00\x01NOT HTTP AT ALL\r\n\r\n\xff\xfe');
      req.socket.destroy();
    } else if (path === '/n/links.html') page(Array.from({ length: 100_000 }, (_, i) => `<a href="/z/${i}.html">预算${i}</a>`).join(''));
    else res.writeHead(404).end();
  });
  server.on('connection', (s) => (sockets.add(s), s.on('close', () => sockets.delete(s))));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const started = Date.now();
  const code = await new Promise<number | null>((done) => {
    const child = spawn(process.execPath, [CLI, 'crawl', `${origin}/index.html`, '--db', join(dir, 'c.db'), '--delay', '0', '--timeout', '1', '--concurrency', '1'], { stdio: 'ignore' });
    const killer = setTimeout(() => child.kill('SIGKILL'), 280_000);
    child.on('exit', (c) => (clearTimeout(killer), done(c)));
  });
  result = { code, ms: Date.now() - started };
}, 300_000);

afterAll(() => {
  for (const s of sockets) s.destroy();
  server?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('crawl against a hostile portal', () => {
  it('ends on its own, within its bounds, and says some fetches failed', () => {
    expect(result.code).toBe(1);
    expect(result.ms).toBeLessThan(240_000);
  });

  it('records each hostile fetch as failed with its reason, and follows no link it should not', () => {
    const db = openDatabase(join(dir, 'c.db'), { readonly: true });
    try {
      const rows = db.prepare('SELECT url, error FROM fetches').all() as { url: string; error: string | null }[];
      const failed = (name: string) => rows.find((r) => r.url === `${origin}/n/${name}.html`);
      for (const name of ['loop', 'to-file', 'to-port', 'endless', 'slow', 'bomb', 'reset', 'garbage']) {
        expect({ name, failed: typeof failed(name)?.error === 'string' && failed(name)!.error!.length > 0 }).toEqual({ name, failed: true });
      }
      expect(failed('to-file')!.error).toMatch(/not an http\(s\) URL/);
      expect(failed('endless')!.error).toMatch(/limit|timed out/);
      expect(rows.some((r) => /^(javascript|data|file):/.test(r.url))).toBe(false);
      expect(hits.some((h) => h.startsWith('/js-ran'))).toBe(false);
      // 100,000 links: the notices followed stay within the crawl's bound.
      expect(hits.filter((h) => h.startsWith('/z/')).length).toBeLessThanOrEqual(500);
      expect((db.pragma('integrity_check') as { integrity_check: string }[])[0]!.integrity_check).toBe('ok');
    } finally {
      db.close();
    }
  });
});
