/**
 * Faults around the database, as a nightly job meets them: the disk fills, two ingests run on one
 * database at once, a batch is killed mid-way. Each ends with a clear message or a usable database
 * that passes integrity_check and keeps what was stored; a re-run completes the work.
 */
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { expandInputs } from '../../src/pipeline/inputs.js';
import { openDatabase } from '../../src/store/db.js';
import { CLI, ROOT, SAMPLES } from '../helpers.js';

const dirs: string[] = [];
const scratch = () => {
  const d = mkdtempSync(join(tmpdir(), 'fiscal-fault-'));
  dirs.push(d);
  return d;
};
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const cli = (...args: string[]) => spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 300_000 });
const stored = (db: string) => {
  const conn = openDatabase(db, { readonly: true });
  try {
    return {
      integrity: (conn.pragma('integrity_check') as { integrity_check: string }[])[0]!.integrity_check,
      sources: (conn.prepare('SELECT source FROM document_sources ORDER BY source').all() as { source: string }[]).map((r) => r.source.split('/').pop()),
    };
  } finally {
    conn.close();
  }
};

/** A folder of copies of the samples under distinct names (distinct bytes too: a byte appended). */
function copies(dir: string, n: number): string[] {
  const names = readdirSync(SAMPLES).filter((f) => /^\d{3}-.*\.(pdf|html|docx)$/.test(f));
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const f = names[i % names.length]!;
    const target = join(dir, `${i}-${f}`);
    copyFileSync(join(SAMPLES, f), target);
    if (f.endsWith('.html')) writeFileSync(target, `<!-- ${i} -->`, { flag: 'a' });
    out.push(target);
  }
  return out;
}

describe('faults', () => {
  it.skipIf(process.getuid?.() !== 0)('says the disk is full, keeps what was stored, and leaves a database that passes integrity_check', () => {
    const mount = scratch();
    expect(spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', mount]).status).toBe(0);
    try {
      const db = join(mount, 'f.db');
      expect(cli('ingest', join(SAMPLES, '004-zhengding-2023-self-evaluation.html'), '--db', db).status).toBe(0);
      const full = cli('ingest', join(SAMPLES, '002-luquan-2024-budget.pdf'), '--db', db);
      expect(full.status).toBe(2);
      expect(full.stderr).toMatch(/disk holding the database is full \(SQLITE_FULL\)( while storing \S+)?; everything stored before is kept/);
      expect(full.stderr).not.toMatch(/at \w+ \(/); // no stack trace
      expect(stored(db)).toEqual({ integrity: 'ok', sources: ['004-zhengding-2023-self-evaluation.html'] });
    } finally {
      spawnSync('umount', [mount]);
    }
  });

  it('runs two ingests on one database at once, both complete, every file stored once', async () => {
    const dir = scratch();
    const a = join(dir, 'a');
    const b = join(dir, 'b');
    mkdirSync(a);
    mkdirSync(b);
    copies(a, 4);
    copies(b, 6);
    const db = join(dir, 'two.db');
    const run = (input: string) => new Promise<number | null>((done) => spawn(process.execPath, [CLI, 'ingest', input, '--db', db, '--exit-zero'], { stdio: 'ignore' }).on('exit', done));
    const codes = await Promise.all([run(a), run(b)]);
    expect(codes).toEqual([0, 0]);
    const s = stored(db);
    expect(s.integrity).toBe('ok');
    expect(s.sources).toHaveLength(10);
  }, 300_000);

  it('survives kill -9 in the middle of a batch: the database is whole, and a re-run completes it', async () => {
    const dir = scratch();
    const input = join(dir, 'in');
    mkdirSync(input);
    copies(input, 12);
    const db = join(dir, 'killed.db');
    const child = spawn(process.execPath, [CLI, 'ingest', input, '--db', db, '--concurrency', '1'], { stdio: 'ignore' });
    await new Promise((r) => setTimeout(r, 2500));
    child.kill('SIGKILL');
    await new Promise((r) => child.on('exit', r));
    const partial = stored(db);
    expect(partial.integrity).toBe('ok');
    expect(partial.sources.length).toBeLessThan(12);
    expect(cli('ingest', input, '--db', db, '--exit-zero').status).toBe(0);
    expect(stored(db).sources).toHaveLength(12);
  }, 300_000);

  it('walks a folder of 20,000 files holding a symlink loop without hanging', async () => {
    const dir = scratch();
    const many = join(dir, 'many');
    mkdirSync(many);
    for (let i = 0; i < 20_000; i++) writeFileSync(join(many, `${String(i).padStart(5, '0')}.txt`), '');
    symlinkSync(many, join(many, 'loop'));
    symlinkSync(join(many, 'nowhere'), join(many, 'dangling'));
    const files = await expandInputs([many]);
    // Every file once (the loop is not walked again), and the dangling link kept, to be reported.
    expect(files).toHaveLength(20_001);
    expect(files.filter((f) => f.path.endsWith('dangling'))).toHaveLength(1);
  }, 120_000);
});
