/**
 * The review app, driven as a researcher would: in a real headless Chromium (Debian's, through
 * puppeteer-core), a click on a fact lights its cell on the page image; and over HTTP, the error
 * cases — unknown ids, paths that try to leave the stored sources, a source file moved or changed.
 * The screenshot is kept in test-artifacts/.
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestFile } from '../src/pipeline/ingest.js';
import { startServer, type Running } from '../src/serve/index.js';
import { openDatabase } from '../src/store/db.js';
import { ROOT, SAMPLES } from './helpers.js';

/** Debian's chromium; CI installs it (.ci/run). Without it this test fails, it does not skip. */
const CHROMIUM = process.env['CHROMIUM'] ?? '/usr/bin/chromium';

let server: Running;
let budget: string;
let moved: string;
let changed: string;
let debt: string;
// Not tempDir(): that one is emptied after each test, and the server keeps the database open.
const dir = mkdtempSync(join(tmpdir(), 'fiscal-serve-'));

beforeAll(async () => {
  const db = openDatabase(join(dir, 'review.db'));
  try {
    budget = (await ingestFile({ path: join(SAMPLES, '002-luquan-2024-budget.pdf') }, { db })).id;
    for (const name of ['moved.pdf', 'changed.pdf']) copyFileSync(join(SAMPLES, '000-luquan-2024-self-evaluation.pdf'), join(dir, name));
    moved = (await ingestFile({ path: join(dir, 'moved.pdf') }, { db })).id;
    writeFileSync(join(dir, 'changed.pdf'), '%PDF-1.4 something else');
    const html = join(dir, 'page.html');
    copyFileSync(join(SAMPLES, '004-zhengding-2023-self-evaluation.html'), html);
    changed = (await ingestFile({ path: html }, { db })).id;
    // A government-level table of regions, as a portal page prints it.
    const rows = [['地区', '2024年限额', '2024年余额'], ['宜昌市', '4950619', '4664113'], ['宜昌市级', '1587938', '1499815'], ['西陵区', '87369', '74910'], ['夷陵区', '3275312', '3089388']];
    writeFileSync(join(dir, 'debt.html'), `<html><head><meta charset="utf-8"><title>宜昌市政府债务</title></head><body><h1>2024年全市政府一般债务分地区限额余额表</h1><p>单位：万元</p><table>${rows.map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`).join('')}</table></body></html>`);
    debt = (await ingestFile({ path: join(dir, 'debt.html') }, { db })).id;
  } finally {
    db.close();
  }
  renameSync(join(dir, 'moved.pdf'), join(dir, 'elsewhere.pdf'));
  server = await startServer({ dbPath: join(dir, 'review.db'), host: '127.0.0.1', port: 0 });
}, 120_000);

afterAll(async () => {
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

const get = (path: string) => fetch(`${server.url}${path}`);

describe('serve over HTTP', () => {
  it('lists the documents, filters them, and answers scripts in JSON', async () => {
    const index = await (await get('/?family=budget')).text();
    expect(index).toContain(`/documents/${budget}`);
    expect(index).not.toContain(`/documents/${moved}`);
    const api = (await (await get('/api/documents')).json()) as { id: string }[];
    expect(api.map((d) => d.id).sort()).toEqual([budget, moved, changed, debt].sort());
    const one = (await (await get(`/api/documents/${budget}`)).json()) as { facts: { key: string; page: number }[] };
    expect(one.facts.find((f) => f.key === 'income_total')).toMatchObject({ page: 4 });
    expect(await (await get(`/?q=${encodeURIComponent('一般公共预算')}`)).text()).toContain(`/documents/${budget}`);
    expect(await (await get(`/?q=${encodeURIComponent('不存在的词语')}`)).text()).not.toContain(`/documents/${budget}`);
  });

  it('refuses unknown ids, pages that do not exist and paths that try to leave the stored sources', async () => {
    for (const path of [
      `/documents/${'0'.repeat(64)}`,
      '/documents/..%2F..%2Fetc%2Fpasswd',
      '/documents/../../etc/passwd',
      `/documents/${budget}/pages/0`,
      `/documents/${budget}/pages/999`,
      `/documents/${budget}/pages/..%2F1`,
      `/documents/${'0'.repeat(64)}/pages/1/image`,
      '/api/documents/%2e%2e%2fpackage.json',
    ]) {
      const r = await get(path);
      expect({ path, status: r.status }).toEqual({ path, status: 404 });
      expect(await r.text()).not.toMatch(/root:|"name": "fiscal-extract"/);
    }
  });

  it('says when a source file has moved, and still shows its records', async () => {
    const page = await (await get(`/documents/${moved}`)).text();
    expect(page).toContain('is no longer where it was ingested from');
    expect(page).toContain('overall_score');
    expect((await get(`/documents/${moved}/pages/1/image`)).status).toBe(410);
    expect(existsSync(join(dir, 'elsewhere.pdf'))).toBe(true);
  });

  it('serves a document whose source was not a PDF without page links', async () => {
    const page = await (await get(`/documents/${changed}`)).text();
    expect(page).not.toContain('/pages/');
    expect((await get(`/documents/${changed}/pages/1`)).status).toBe(404);
  });
});

describe('serve, government-level figures', () => {
  it('shows a document’s figures by region on its page and in its JSON', async () => {
    const page = await (await get(`/documents/${debt}`)).text();
    expect(page).toContain('Regional figures (8)');
    expect(page).toMatch(/<td>宜昌市级<\/td><td>420500<\/td><td>own_level<\/td><td>debt_balance_general<\/td><td>2024<\/td><td>execution<\/td><td class="num">14,998,150,000.00<\/td><td>1499815 万元<\/td><td>table<\/td><td class="ok">yes<\/td>/);
    const one = (await (await get(`/api/documents/${debt}`)).json()) as { region_figures: { region_code: string; key: string; value_fen: number; verified: number }[] };
    expect(one.region_figures.find((f) => f.region_code === '420502' && f.key === 'debt_limit_general')).toMatchObject({ value_fen: 87_369_000_000, verified: 1 });
  });
});

describe('serve in a browser', () => {
  it('lights a fact’s cell on the page image when the fact is clicked', async () => {
    const browser = await puppeteer.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu'], headless: true });
    try {
      const tab = await browser.newPage();
      await tab.setViewport({ width: 1500, height: 1100 });
      await tab.goto(`${server.url}/documents/${budget}/pages/4`, { waitUntil: 'networkidle0' });
      expect(await tab.$eval('#page img', (img) => (img as unknown as { naturalWidth: number }).naturalWidth)).toBeGreaterThan(500);
      const fact = await tab.$('tr.fact[id="fact-income_total-table"]');
      expect(fact).not.toBeNull();
      const key = await fact!.evaluate((e) => e.getAttribute('data-cell'));
      await fact!.click();
      const lit = await tab.$$eval('#page .box.hl', (boxes) => boxes.map((b) => ({ cell: b.getAttribute('data-cell'), title: b.getAttribute('title') })));
      expect(lit).toEqual([{ cell: key, title: '11897.36' }]);
      const [box, pageBox] = await Promise.all([tab.$eval('#page .box.hl', (b) => b.getBoundingClientRect().toJSON()), tab.$eval('#page', (p) => p.getBoundingClientRect().toJSON())]);
      expect(box.width).toBeGreaterThan(20);
      expect(box.left).toBeGreaterThanOrEqual(pageBox.left);
      expect(box.right).toBeLessThanOrEqual(pageBox.right);
      expect(await tab.$$eval('td.hl', (cells) => cells.map((c) => c.textContent))).toEqual(['11897.36']);
      mkdirSync(join(ROOT, 'test-artifacts'), { recursive: true });
      await tab.screenshot({ path: join(ROOT, 'test-artifacts', 'serve-page-4.png') as `${string}.png` });
    } finally {
      await browser.close();
    }
  }, 120_000);
});
