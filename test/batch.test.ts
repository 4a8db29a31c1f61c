/**
 * Batch ingestion as a researcher runs it: the CLI over a folder, killed and resumed, with files
 * that pass the time limit or the memory ceiling, and what it reports.
 */
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { CLI, ROOT, SAMPLES, seedBytes, tempDir } from './helpers.js';
import { writePdf } from './pdf-writer.js';

/**
 * A PDF whose `pages` pages each draw the same `runs` separate text runs: real pages, but ones that
 * take the parser seconds and a few hundred MB, where a report page takes milliseconds.
 */
function pathologicalPdf(runs: number, pages = 1): Buffer {
  const ops: string[] = [];
  for (let i = 0; i < runs; i++) ops.push(`BT /F1 2 Tf ${(i % 300) * 2} ${(Math.floor(i / 300) % 400) * 2} Td (${i % 10}) Tj ET`);
  const content = ops.join('\n');
  // Objects 1–4: catalog, page tree, content stream, font; the pages follow.
  const kids = Array.from({ length: pages }, (_, i) => `${5 + i} 0 R`).join(' ');
  const page = '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 600 800] /Resources << /Font << /F1 4 0 R >> >> /Contents 3 0 R >>';
  return writePdf([
    '<< /Type /Catalog /Pages 2 0 R >>',
    `<< /Type /Pages /Kids [${kids}] /Count ${pages} >>`,
    { dict: '', stream: content },
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
    ...Array.from({ length: pages }, () => page),
  ]);
}

/** A folder of real reports: the bundled samples and the seed texts. */
function reportFolder(): { dir: string; files: number } {
  const dir = tempDir();
  const samples = readdirSync(SAMPLES).filter((f) => /^\d{3}-/.test(f));
  for (const f of samples) copyFileSync(join(SAMPLES, f), join(dir, f));
  for (const seed of ['000', '001', '002', '003', '004']) writeFileSync(join(dir, `seed-${seed}.txt`), seedBytes(seed));
  return { dir, files: samples.length + 5 };
}

function cli(args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Everything a run leaves in the dataset, per document, in a form two databases can be compared by. */
function datasetOf(dbPath: string): Record<string, unknown> {
  const db = new Database(dbPath, { readonly: true });
  try {
    const docs = db.prepare('SELECT id, format, family, status, pages, title, fiscal_year FROM documents ORDER BY id').all() as { id: string }[];
    const counted = ['tables', 'cells', 'line_items', 'facts', 'checks', 'indicators', 'sections'];
    return Object.fromEntries(
      docs.map((d) => [
        d.id,
        {
          ...d,
          ...Object.fromEntries(
            counted.map((t) => [t, (db.prepare(`SELECT count(*) AS n FROM ${t === 'cells' ? 'cells JOIN tables ON tables.id = cells.table_id' : t} WHERE doc_id = ?`).get(d.id) as { n: number }).n]),
          ),
          amounts: (db.prepare('SELECT coalesce(sum(amount_fen), 0) AS s FROM line_items WHERE doc_id = ?').get(d.id) as { s: number }).s,
        },
      ]),
    );
  } finally {
    db.close();
  }
}

const storedDocuments = (dbPath: string): number => {
  try {
    const db = new Database(dbPath, { readonly: true, fileMustExist: true });
    try {
      return (db.prepare('SELECT count(*) AS n FROM documents').get() as { n: number }).n;
    } finally {
      db.close();
    }
  } catch {
    return 0; // not created yet, or its schema is not written yet
  }
};

/** Starts an ingest and sends `signal` once it has stored `after` documents; resolves with its exit. */
function interruptAfter(args: string[], dbPath: string, after: number, signal: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd: ROOT });
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
    const poll = setInterval(() => {
      if (storedDocuments(dbPath) >= after) {
        clearInterval(poll);
        child.kill(signal);
      }
    }, 20);
    child.on('exit', (code, sig) => {
      clearInterval(poll);
      resolve({ code, signal: sig, stdout });
    });
  });
}

describe('a batch killed and resumed', () => {
  it('leaves each document whole or absent after kill -9, and a re-run completes it to what an uninterrupted run stores', async () => {
    const { dir, files } = reportFolder();
    const whole = join(tempDir(), 'whole.db');
    expect(cli(['ingest', dir, '--db', whole, '--concurrency', '1', '--exit-zero']).code).toBe(0);
    const expected = datasetOf(whole);
    expect(Object.keys(expected)).toHaveLength(files);

    const resumed = join(tempDir(), 'resumed.db');
    const killed = await interruptAfter(['ingest', dir, '--db', resumed, '--concurrency', '1'], resumed, 1, 'SIGKILL');
    expect(killed.signal).toBe('SIGKILL');
    const partial = datasetOf(resumed);
    const stored = Object.keys(partial);
    expect(stored.length).toBeGreaterThan(0);
    expect(stored.length).toBeLessThan(files);
    // What was stored before the kill is stored whole: every record of it, as the full run has it.
    for (const id of stored) expect(partial[id]).toEqual(expected[id]);
    const runs = new Database(resumed, { readonly: true });
    expect(runs.prepare('SELECT status, finished_at FROM runs').all()).toEqual([{ status: 'running', finished_at: null }]);
    runs.close();

    const rerun = cli(['ingest', dir, '--db', resumed, '--concurrency', '1', '--json', '--exit-zero']);
    expect(rerun.code).toBe(0);
    const summary = JSON.parse(rerun.stdout) as { unchanged: number; stored: number };
    expect(summary.unchanged).toBe(stored.length);
    expect(summary.stored).toBe(files - stored.length);
    expect(datasetOf(resumed)).toEqual(expected);
  }, 180_000);

  it('finishes the documents in flight on Ctrl-C, exits 130, and records the run as interrupted', async () => {
    const { dir, files } = reportFolder();
    const dbPath = join(tempDir(), 'f.db');
    const stopped = await interruptAfter(['ingest', dir, '--db', dbPath, '--concurrency', '1', '--json'], dbPath, 1, 'SIGINT');
    expect(stopped.code).toBe(130);
    const summary = JSON.parse(stopped.stdout) as { interrupted: boolean; files: number; run: number };
    expect(summary.interrupted).toBe(true);
    expect(summary.files).toBeLessThan(files);
    // Every file the summary reports is stored; nothing half-done was left behind.
    expect(storedDocuments(dbPath)).toBe(summary.files);
    const db = new Database(dbPath, { readonly: true });
    expect(db.prepare('SELECT status, files_seen, files_new FROM runs WHERE id = ?').get(summary.run)).toEqual({ status: 'interrupted', files_seen: files, files_new: summary.files });
    db.close();
  }, 120_000);
});

describe('files that defeat the parser', () => {
  it('stores a file that passes the time limit as failed with that reason, and goes on with the next', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'a-slow.pdf'), pathologicalPdf(100_000, 20));
    writeFileSync(join(dir, 'b-report.txt'), seedBytes('003'));
    const dbPath = join(tempDir(), 'f.db');
    const log = join(tempDir(), 'run.jsonl');
    const r = cli(['ingest', dir, '--db', dbPath, '--timeout', '2', '--concurrency', '1', '--json', '--log-file', log]);
    expect(r.code).toBe(1);
    const summary = JSON.parse(r.stdout) as { documents: { source: string; status: string; error: string | null }[] };
    expect(summary.documents.map((d) => [d.source.slice(dir.length + 1), d.status])).toEqual([
      ['a-slow.pdf', 'failed'],
      ['b-report.txt', 'ok'],
    ]);
    expect(summary.documents[0]!.error).toMatch(/a-slow\.pdf: timed out: still parsing after 2 s \(--timeout\)/);
    // Each file's logged time is its own: the report read while the slow file was parsing is not
    // charged the wait for the parser.
    const ms = Object.fromEntries(
      readFileSync(log, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { source: string; ms: number }).map((l) => [l.source.slice(dir.length + 1), l.ms]),
    );
    expect(ms['a-slow.pdf']).toBeGreaterThanOrEqual(2000);
    expect(ms['b-report.txt']).toBeLessThan(2000);
  }, 60_000);

  it('stores a file that passes the memory ceiling as failed with that reason; a new parser takes the next file', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'a-huge.pdf'), pathologicalPdf(100_000));
    copyFileSync(join(SAMPLES, '002-luquan-2024-budget.pdf'), join(dir, 'b-budget.pdf'));
    const dbPath = join(tempDir(), 'f.db');
    const r = cli(['ingest', dir, '--db', dbPath, '--max-memory', '64', '--concurrency', '1', '--json']);
    expect(r.code).toBe(1);
    const summary = JSON.parse(r.stdout) as { documents: { status: string; family: string | null; error: string | null }[] };
    expect(summary.documents[0]).toMatchObject({ status: 'failed', error: expect.stringMatching(/ran out of memory: .*64 MB ceiling \(--max-memory\)/) });
    expect(summary.documents[1]).toMatchObject({ family: 'budget' });
    expect(summary.documents[1]!.status).not.toBe('failed');
  }, 60_000);

  it('refuses a memory ceiling too low to load the parser, as a usage error', () => {
    const r = cli(['ingest', SAMPLES, '--db', join(tempDir(), 'f.db'), '--max-memory', '16']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--max-memory must be at least 64');
  });
});

describe('what a batch reports', () => {
  it('prints one JSON summary, appends a JSON line per file to --log-file, and lists the failures ready to re-run', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'good.txt'), seedBytes('001'));
    writeFileSync(join(dir, 'junk.pdf'), Buffer.from('%PDF-1.7 this is not really a PDF'));
    const dbPath = join(tempDir(), 'f.db');
    const log = join(tempDir(), 'run.jsonl');
    const r = cli(['ingest', dir, '--db', dbPath, '--json', '--log-file', log]);
    expect(r.code).toBe(1);
    const summary = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(summary).toMatchObject({ files: 2, stored: 2, ok: 1, failed: 1, interrupted: false, run: 1 });
    const lines = readFileSync(log, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.map((l) => [String(l['source']).slice(dir.length + 1), l['status'], l['run']]).sort()).toEqual([
      ['good.txt', 'ok', 1],
      ['junk.pdf', 'failed', 1],
    ]);

    const failed = cli(['ingest', '--list-failed', '--db', dbPath]);
    expect(failed.code).toBe(0);
    expect(failed.stdout).toBe(`${join(dir, 'junk.pdf')}\n`);

    // A re-run parses nothing, and says so in its runs row.
    expect(cli(['ingest', dir, '--db', dbPath, '--exit-zero']).code).toBe(0);
    const db = new Database(dbPath, { readonly: true });
    expect(db.prepare('SELECT id, status, files_seen, files_new, files_skipped, files_failed FROM runs ORDER BY id').all()).toEqual([
      { id: 1, status: 'finished', files_seen: 2, files_new: 2, files_skipped: 0, files_failed: 1 },
      { id: 2, status: 'finished', files_seen: 2, files_new: 0, files_skipped: 2, files_failed: 0 },
    ]);
    db.close();
  }, 60_000);
});

describe('the parse pool', () => {
  it('turns a worker that dies mid-file into that file’s failure, and parses the next file in a new worker', async () => {
    const { ParsePool } = await import('../src/pipeline/pool.js');
    const pool = new ParsePool({ threads: 1, timeoutMs: 30_000, maxMemoryMb: 512, workerUrl: new URL('./fixtures/crashing-worker.ts', import.meta.url) });
    try {
      const crashed = await pool.parse({ bytes: new Uint8Array(10), format: 'pdf' });
      expect(crashed).toEqual({ ok: false, reason: expect.stringMatching(/^the parser crashed: .*70/) });
      expect(await pool.parse({ bytes: new Uint8Array(7), format: 'txt' })).toEqual({ ok: false, reason: 'read 7 bytes' });
    } finally {
      await pool.close();
    }
  }, 60_000);
});
