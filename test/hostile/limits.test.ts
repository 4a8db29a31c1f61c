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
import { bigHtmlTable } from './generate.js';

const dir = mkdtempSync(join(tmpdir(), 'fiscal-limits-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * What a run costs outside its parsers' heaps, which --max-memory does not bound: the main thread
 * (Node, the CLI, SQLite, the results), and per parser thread its code, stacks and native memory
 * (pdf.js, canvas). Measured here on 2026-12-05: a run with one parser thread over the ceiling
 * peaked at 196–203 MB, with two at 235–247 MB; 350 MB leaves room for a slower, noisier machine.
 * Without the ceiling the two tables of the test parse (partial) at a peak near 1.35 GB, so a
 * ceiling that is not enforced fails this bound.
 */
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
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    const [code, signal] = await new Promise<[number | null, string | null]>((r) => child.once('exit', (c, s) => r([c, s])));
    const seconds = (performance.now() - started) / 1000;
    expect({ code, signal }).toEqual({ code: 1, signal: null });
    expect(stderr).not.toMatch(/\n\s+at |Aborted|core dumped/);
    // --timeout 3, plus the run's start, the good file and the end: a generous margin.
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
  it('stops a parser over the ceiling, goes on, and keeps the process within the ceiling per thread plus the fixed cost', () => {
    const inputs = join(dir, 'big');
    mkdirSync(inputs);
    // Two tables, one per parser thread, each needing far more than the ceiling.
    writeFileSync(join(inputs, 'big-table.html'), bigHtmlTable(40_000, '某局'));
    writeFileSync(join(inputs, 'big-table-2.html'), bigHtmlTable(40_000, '某某中心'));
    copyFileSync(join(SAMPLES, '004-zhengding-2023-self-evaluation.html'), join(inputs, 'good.html'));
    const ceiling = 64; // MIN_MEMORY_MB in src/cli.ts
    const threads = 2;
    const run = spawnSync(process.execPath, [CLI, 'ingest', 'big', '--db', 'big.db', '--max-memory', String(ceiling), '--concurrency', String(threads), '--json'], { cwd: dir, encoding: 'utf8', timeout: 120_000 });
    expect(run.status).toBe(1);
    const summary = JSON.parse(run.stdout) as { peak_rss_mb: number; documents: { source: string; status: string; error: string | null }[] };
    const by = Object.fromEntries(summary.documents.map((d) => [d.source, d]));
    for (const name of ['big-table.html', 'big-table-2.html']) {
      expect(by[`big/${name}`]).toMatchObject({ status: 'failed', error: expect.stringMatching(new RegExp(`^big/${name.replace('.', '\\.')}: ran out of memory: .*the 64 MB ceiling \\(--max-memory\\)`)) });
    }
    expect(by['big/good.html']!.status).toBe('ok');
    expect(summary.peak_rss_mb).toBeGreaterThan(0);
    expect(summary.peak_rss_mb).toBeLessThan(threads * ceiling + FIXED_COST_MB);
  }, 180_000);
});
