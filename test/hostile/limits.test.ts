/**
 * The per-file limits hold: a file still parsing at --timeout is stopped, and no process of the
 * run outlives it; a parser that needs more than --max-memory is stopped, and the process's peak
 * memory stays within the ceiling per thread plus the run's fixed cost. The batch goes on.
 */
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CLI, SAMPLES } from '../helpers.js';
import { scannedCopy } from '../helpers/scan.js';

const dir = mkdtempSync(join(tmpdir(), 'fiscal-limits-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Node, pdf.js and the pool's start in the main thread and a worker: measured near 200 MB here. */
const FIXED_COST_MB = 350;

describe('--timeout', () => {
  it('stops a file still parsing, goes on, and leaves no process of the run behind', async () => {
    const inputs = join(dir, 'slow');
    mkdirSync(inputs);
    // A scan of a 20-page budget: OCR reads well under a page a second here, so it takes minutes.
    writeFileSync(join(inputs, 'scan.pdf'), await scannedCopy(new Uint8Array(readFileSync(join(SAMPLES, '002-luquan-2024-budget.pdf'))), { dpi: 100 }));
    copyFileSync(join(SAMPLES, '004-zhengding-2023-self-evaluation.html'), join(inputs, 'good.html'));
    const started = performance.now();
    const child = spawn(process.execPath, [CLI, 'ingest', 'slow', '--db', 'slow.db', '--timeout', '3', '--concurrency', '1', '--json'], { cwd: dir, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    child.stdout!.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
    child.stderr!.resume();
    const [code, signal] = await new Promise<[number | null, string | null]>((r) => child.once('exit', (c, s) => r([c, s])));
    const seconds = (performance.now() - started) / 1000;
    expect({ code, signal }).toEqual({ code: 1, signal: null });
    expect(seconds).toBeLessThan(60);
    const summary = JSON.parse(stdout) as { documents: { source: string; status: string; error: string | null }[] };
    const by = Object.fromEntries(summary.documents.map((d) => [d.source, d]));
    expect(by['slow/scan.pdf']).toMatchObject({ status: 'failed', error: expect.stringMatching(/timed out: still parsing after 3 s \(--timeout\)/) });
    expect(by['slow/good.html']!.status).toBe('ok');
    // The run's process group: nothing of it is left (no LibreOffice, no parser process).
    await new Promise((r) => setTimeout(r, 200));
    expect(() => process.kill(-child.pid!, 0)).toThrow(expect.objectContaining({ code: 'ESRCH' }));
  }, 300_000);
});

describe('--max-memory', () => {
  it('stops a parser over the ceiling, goes on, and keeps the process within it plus the fixed cost', () => {
    const inputs = join(dir, 'big');
    mkdirSync(inputs);
    const rows = Array.from({ length: 40_000 }, (_, i) => `<tr><td>2010101</td><td>行政运行${i}</td><td>${i * 7}.00</td><td>${i * 3}.00</td><td>${i * 4}.00</td></tr>`);
    writeFileSync(join(inputs, 'big-table.html'), `<html><body><h1>某局2024年部门预算</h1><table><tr><th>科目编码</th><th>科目名称</th><th>合计</th><th>基本支出</th><th>项目支出</th></tr>${rows.join('')}</table></body></html>`);
    copyFileSync(join(SAMPLES, '004-zhengding-2023-self-evaluation.html'), join(inputs, 'good.html'));
    const ceiling = 64;
    const run = spawnSync(process.execPath, [CLI, 'ingest', 'big', '--db', 'big.db', '--max-memory', String(ceiling), '--concurrency', '1', '--json'], { cwd: dir, encoding: 'utf8', timeout: 120_000 });
    expect(run.status).toBe(1);
    const summary = JSON.parse(run.stdout) as { peak_rss_mb: number; documents: { source: string; status: string; error: string | null }[] };
    const by = Object.fromEntries(summary.documents.map((d) => [d.source, d]));
    expect(by['big/big-table.html']).toMatchObject({ status: 'failed', error: expect.stringMatching(/big-table\.html: ran out of memory: .*64 MB ceiling \(--max-memory\)/) });
    expect(by['big/good.html']!.status).toBe('ok');
    expect(summary.peak_rss_mb).toBeGreaterThan(0);
    expect(summary.peak_rss_mb).toBeLessThan(1 * ceiling + FIXED_COST_MB);
  }, 180_000);
});
