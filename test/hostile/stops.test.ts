/**
 * Every way a batch stops while OCR threads are inside a model run — a second Ctrl-C, the time
 * limit, a full disk, the pool closed by its host — ends in an ordinary exit: never the native
 * abort ("terminate called after throwing an instance of 'Napi::Error'", exit 134) that killing
 * an onnxruntime thread mid-run causes. What was in flight is not stored, nothing is recorded
 * against a document for a fault of the machine, and a re-run stores every file.
 */
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { borrowCore, coreCounts, countLentCores, lentCounter, reclaimLentCores, returnCore, setFreeCores, shareCoreCounts } from '../../extractors/pdf/ocr/cores.js';
import { openDatabase } from '../../src/store/db.js';
import { CLI, ROOT, SAMPLES, sampleBytes } from '../helpers.js';
import { pagesOf, scannedCopy } from '../helpers/scan.js';

const NATIVE_ABORT = /terminate called|Napi::Error|Aborted|core dumped/;
const dir = mkdtempSync(join(tmpdir(), 'fiscal-stops-'));
/** Six pages of sample 002 as a 150 dpi scan: some 10 s of OCR on one core. */
const scan = join(dir, 'scan.pdf');

beforeAll(async () => {
  writeFileSync(scan, await scannedCopy(await pagesOf(sampleBytes('002'), [1, 2, 3, 4, 5, 6]), { dpi: 150 }));
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs the CLI; `onStderr` sees stderr as it grows, with the child to signal. */
function run(args: string[], onStderr?: (text: string, child: ReturnType<typeof spawn>) => void): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => {
      stderr += d;
      onStderr?.(stderr, child);
    });
    child.on('exit', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

const storedSources = (db: string) => {
  const conn = openDatabase(db, { readonly: true });
  try {
    return {
      documents: (conn.prepare('SELECT source, status FROM documents').all() as { source: string; status: string }[]).map((r) => [r.source.split('/').pop()!, r.status]).sort(([a], [b]) => a!.localeCompare(b!)),
      sources: (conn.prepare('SELECT count(*) AS n FROM document_sources').get() as { n: number }).n,
      integrity: (conn.pragma('integrity_check') as { integrity_check: string }[])[0]!.integrity_check,
    };
  } finally {
    conn.close();
  }
};

describe('stopping while OCR threads read a scan', () => {
  it('a second Ctrl-C stops the documents in flight within a page: exit 130, no native abort, nothing of them stored; a re-run stores them', async () => {
    const db = join(dir, 'sigint.db');
    const text = join(SAMPLES, '004-zhengding-2023-self-evaluation.html');
    let sent = false;
    const stopped = await run(['ingest', scan, '--db', db, '--concurrency', '1'], (err, child) => {
      if (sent || !/ocr page 1\//.test(err)) return;
      sent = true;
      child.kill('SIGINT');
      setTimeout(() => child.kill('SIGINT'), 300);
    });
    expect(sent).toBe(true);
    expect(stopped.stderr).not.toMatch(NATIVE_ABORT);
    expect({ code: stopped.code, signal: stopped.signal }).toEqual({ code: 130, signal: null });
    expect(stopped.stderr).toMatch(/stopping the documents in flight; they are not stored/);
    expect(storedSources(db).documents).toEqual([]);
    const again = await run(['ingest', scan, text, '--db', db, '--exit-zero']);
    expect(again.code).toBe(0);
    expect(storedSources(db).documents.map(([source]) => source)).toEqual(['004-zhengding-2023-self-evaluation.html', 'scan.pdf']);
  }, 240_000);

  it('the time limit stops OCR at its next model run: the scan is failed with that reason, and no native abort', async () => {
    const db = join(dir, 'timeout.db');
    const timed = await run(['ingest', scan, '--db', db, '--timeout', '3', '--concurrency', '2']);
    expect(timed.stderr).not.toMatch(NATIVE_ABORT);
    expect(timed.code).toBe(1);
    expect(storedSources(db).documents).toEqual([['scan.pdf', 'failed']]);
    const conn = openDatabase(db, { readonly: true });
    try {
      expect((conn.prepare('SELECT error FROM documents').get() as { error: string }).error).toMatch(/timed out: still parsing after 3 s \(--timeout\)/);
    } finally {
      conn.close();
    }
  }, 120_000);

  it('closing the pool mid-scan waits for the model run and ends the parse as stopped: the process exits normally', () => {
    const script = join(dir, 'close-mid-scan.mjs');
    writeFileSync(
      script,
      `import { readFileSync } from 'node:fs';
const { ParsePool } = await import(${JSON.stringify(join(ROOT, 'dist', 'src', 'pipeline', 'pool.js'))});
const pool = new ParsePool({ threads: 2, timeoutMs: 300000, maxMemoryMb: 1024 });
const bytes = new Uint8Array(readFileSync(${JSON.stringify(scan)}));
let closing = null;
const outcome = pool.parse({ bytes, format: 'pdf', name: 'scan.pdf' }, { onOcrPage: () => { closing ??= pool.close(); } });
console.log(JSON.stringify(await outcome));
await closing;
console.log('closed', ParsePool.open);
`,
    );
    const child = spawnSync(process.execPath, [script], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
    expect(child.stderr).not.toMatch(NATIVE_ABORT);
    expect(child.status).toBe(0);
    const [outcome, closed] = child.stdout.trim().split('\n');
    expect(JSON.parse(outcome!)).toEqual({ ok: false, reason: 'the batch was stopped before the file was done', stopped: true });
    expect(closed).toBe('closed 0');
  }, 120_000);

  it.skipIf(process.getuid?.() !== 0)('a disk that fills while a scan is read stops the batch: exit 2 in one line, no failure recorded for it, no native abort; a re-run with room stores every file', async () => {
    const mount = join(dir, 'mnt');
    mkdirSync(mount);
    expect(spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', mount]).status).toBe(0);
    try {
      const input = join(dir, 'batch');
      mkdirSync(input);
      copyFileSync(scan, join(input, 'scan.pdf'));
      for (let i = 0; i < 6; i++) {
        for (const f of ['002-luquan-2024-budget.pdf', '004-zhengding-2023-self-evaluation.html']) {
          copyFileSync(join(SAMPLES, f), join(input, `${i}-${f}`));
          if (f.endsWith('.html')) writeFileSync(join(input, `${i}-${f}`), `<!-- ${i} -->`, { flag: 'a' });
        }
      }
      const db = join(mount, 'full.db');
      // The scan (the costliest file) starts first; the other thread fills the disk meanwhile.
      const full = await run(['ingest', input, '--db', db, '--concurrency', '2']);
      expect(full.stderr).not.toMatch(NATIVE_ABORT);
      expect(full.code).toBe(2);
      const said = full.stderr.split('\n').filter((l) => l.startsWith('fiscal-extract:'));
      expect(said).toHaveLength(1);
      expect(said[0]).toMatch(/the disk holding the database is full \(SQLITE_FULL\)( while storing \S+)?; everything stored before is kept/);
      expect(full.stderr).not.toMatch(/at \w+ \(/); // no stack trace
      const before = storedSources(db);
      expect(before.integrity).toBe('ok');
      expect(before.documents.filter(([, status]) => status === 'failed')).toEqual([]);
      expect(before.sources).toBeLessThan(13);
      expect(spawnSync('mount', ['-o', 'remount,size=64m', mount]).status).toBe(0);
      const again = await run(['ingest', input, '--db', db, '--exit-zero', '--json']);
      expect(again.code).toBe(0);
      const after = storedSources(db);
      // Thirteen paths: the six copies of the PDF are one document (the same bytes).
      expect(after.sources).toBe(13);
      expect(after.documents.filter(([, status]) => status === 'failed')).toEqual([]);
    } finally {
      spawnSync('umount', [mount]);
    }
  }, 300_000);
});

describe('the cores OCR helpers borrow', () => {
  it('are given back by the host when the thread that lent them died before its helpers could', () => {
    const counts = coreCounts();
    setFreeCores(counts, 2);
    shareCoreCounts(counts);
    const lent = lentCounter();
    countLentCores(lent);
    try {
      expect([borrowCore(), borrowCore(), borrowCore()]).toEqual([true, true, false]);
      // The parser thread dies here, its helpers with it; the host reclaims what they held, once.
      reclaimLentCores(counts, lent);
      reclaimLentCores(counts, lent);
      expect([borrowCore(), borrowCore(), borrowCore()]).toEqual([true, true, false]);
      // Helpers that end normally give their cores back themselves: nothing is left to reclaim.
      returnCore();
      returnCore();
      reclaimLentCores(counts, lent);
      expect([borrowCore(), borrowCore(), borrowCore()]).toEqual([true, true, false]);
    } finally {
      countLentCores(null);
      shareCoreCounts(null);
    }
  });
});
