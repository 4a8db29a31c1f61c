/**
 * The hostile-input campaign: every case of generate.ts, with clean samples and awkwardly named
 * files among them, ingested in one batch through the command line. The promises checked:
 * each bad file ends as a failed or partial row whose error names the file; the batch goes on and
 * exits 1; the clean files' records equal those of a clean run; no local file reaches the database
 * through XML; nothing is written outside the database; the database passes integrity_check; and
 * `query` refuses every way of writing. `npm run fuzz` runs more seeded variants (FUZZ_SCALE).
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as pdfjs from 'pdfjs-dist/legacy/build/pdf.mjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../src/store/db.js';
import { CLI, ROOT, SAMPLES } from '../helpers.js';
import { AWKWARD_NAMES, hostileCases, userPasswordPdf, XXE_SECRET, type HostileCase } from './generate.js';

const SCALE = Number(process.env['FUZZ_SCALE'] ?? 1);
const CLEAN = ['002-luquan-2024-budget.pdf', '004-zhengding-2023-self-evaluation.html', '001-gaoxin-2024-self-evaluation.docx'];

const dir = mkdtempSync(join(tmpdir(), 'fiscal-hostile-'));
const inputs = join(dir, 'in');
const secrets = mkdtempSync(join(tmpdir(), 'fiscal-secret-'));
let cases: HostileCase[] = [];
let run: ReturnType<typeof spawnSync>;

const cli = (...args: string[]) => spawnSync(process.execPath, [CLI, ...args], { cwd: dir, encoding: 'utf8', timeout: 600_000 });

beforeAll(async () => {
  const secretFile = join(secrets, 'secret.txt');
  writeFileSync(secretFile, XXE_SECRET);
  cases = await hostileCases(SAMPLES, secretFile, { seed: 20261205, scale: SCALE });
  mkdirSync(inputs);
  for (const c of cases) writeFileSync(join(inputs, c.name), c.bytes);
  for (const f of CLEAN) copyFileSync(join(SAMPLES, f), join(inputs, f));
  AWKWARD_NAMES.forEach((name, i) => writeFileSync(join(inputs, name), `<html><body><h1>某某局2024年部门预算</h1><p>收入总计${100 + i}万元。</p></body></html>`));
  mkdirSync(join(dir, 'clean'));
  for (const f of CLEAN) copyFileSync(join(SAMPLES, f), join(dir, 'clean', f));
  cli('ingest', 'clean', '--db', 'clean.db', '--exit-zero');
  run = cli('ingest', 'in', '--db', 'hostile.db', '--timeout', '120', '--max-memory', '512');
  console.log(`hostile campaign: ${cases.length} generated cases (scale ${SCALE}), ${CLEAN.length} clean files, ${AWKWARD_NAMES.length} awkward names`);
}, 900_000);

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  rmSync(secrets, { recursive: true, force: true });
});

const open = (name: string): Db => openDatabase(join(dir, name), { readonly: true });

describe('the hostile-input campaign', () => {
  it('stores every file, names the file and the cause of each failure, goes on, and exits 1', () => {
    expect(run.status).toBe(1);
    const db = open('hostile.db');
    try {
      const rows = db.prepare('SELECT s.source, d.status, d.error FROM document_sources s JOIN documents d ON d.id = s.doc_id').all() as { source: string; status: string; error: string | null }[];
      const byName = new Map(rows.map((r) => [r.source.split('/').pop()!, r]));
      for (const c of [...cases.map((x) => x.name), ...CLEAN, ...AWKWARD_NAMES]) {
        const row = byName.get(c);
        expect({ file: c, stored: row !== undefined }).toEqual({ file: c, stored: true });
        if (row!.status !== 'ok') expect({ file: c, error: row!.error }).toEqual({ file: c, error: expect.stringContaining(c) });
      }
      // What must fail does, with its cause.
      const failed = (name: string) => byName.get(name)!;
      expect(failed('pdf-truncated-0.02.pdf')).toMatchObject({ status: 'failed' });
      expect(failed('pdf-user-password.pdf')).toMatchObject({ status: 'failed', error: expect.stringMatching(/pdf-user-password\.pdf: .*encrypted PDF that needs a password/) });
      expect(failed('docx-size-bomb.docx')).toMatchObject({ status: 'failed', error: expect.stringMatching(/unpacks to .* over the .* limit/) });
      expect(failed('docx-lying-size.docx').status).toBe('failed');
      expect(failed('docx-many-entries.docx')).toMatchObject({ status: 'failed', error: expect.stringMatching(/entries/) });
      expect(failed('text-oversize.txt')).toMatchObject({ status: 'failed', error: expect.stringMatching(/limit/) });
      expect(failed('html-50mb.html')).toMatchObject({ status: 'failed', error: expect.stringMatching(/over the 20 MB limit/) });
      for (const f of CLEAN) expect(byName.get(f)!.status).toMatch(/^(ok|partial)$/);
      // A sheet that declares every row and column is read as the two cells it holds.
      expect(failed('xlsx-million-rows.xlsx').status).not.toBe('failed');
    } finally {
      db.close();
    }
  });

  it('holds a PDF encrypted for real: pdf.js reads it with the user password and asks for one without', async () => {
    // Else the "needs a password" failure above could come from a generator that only looks encrypted.
    const bytes = userPasswordPdf('user-secret', 'owner-secret');
    const text = async (password?: string) => {
      const doc = await pdfjs.getDocument({ data: new Uint8Array(bytes), password, verbosity: 0 }).promise;
      try {
        return ((await (await doc.getPage(1)).getTextContent()).items as { str: string }[]).map((i) => i.str).join('');
      } finally {
        await doc.destroy();
      }
    };
    expect(await text('user-secret')).toBe('secret budget');
    expect(await text('owner-secret')).toBe('secret budget');
    await expect(text()).rejects.toMatchObject({ name: 'PasswordException' });
    await expect(text('wrong')).rejects.toMatchObject({ name: 'PasswordException' });
    expect(Buffer.from(bytes).includes('secret budget')).toBe(false);
  });

  it('gives the clean files the same records as a clean run', () => {
    const clean = open('clean.db');
    const hostile = open('hostile.db');
    try {
      const ids = (clean.prepare('SELECT id FROM documents').all() as { id: string }[]).map((r) => r.id);
      expect(ids).toHaveLength(CLEAN.length);
      for (const id of ids) {
        for (const sql of [
          'SELECT key, value_num, raw, source, verified FROM facts WHERE doc_id = ? ORDER BY rowid',
          'SELECT row, col, code, "column", amount_fen, verified FROM line_items WHERE doc_id = ? ORDER BY rowid',
          'SELECT rule, subject, ok FROM checks WHERE doc_id = ? ORDER BY rowid',
          'SELECT status, family, fiscal_year, department FROM documents WHERE id = ?',
        ]) expect(hostile.prepare(sql).all(id)).toEqual(clean.prepare(sql).all(id));
      }
    } finally {
      clean.close();
      hostile.close();
    }
  });

  it('lets no local file into the database through XML, runs no script, and writes nothing outside the database', () => {
    const bytes = readFileSync(join(dir, 'hostile.db'));
    expect(bytes.includes(Buffer.from(XXE_SECRET))).toBe(false);
    if (existsSync(join(dir, 'hostile.db-wal'))) expect(readFileSync(join(dir, 'hostile.db-wal')).includes(Buffer.from(XXE_SECRET))).toBe(false);
    expect(readdirSync(dir).sort()).toEqual(expect.arrayContaining(['clean', 'clean.db', 'hostile.db', 'in']));
    expect(readdirSync(dir).filter((f) => !/^(clean|in|clean\.db|hostile\.db)(-wal|-shm)?$/.test(f))).toEqual([]);
    expect(readdirSync(inputs).length).toBe(cases.length + CLEAN.length + AWKWARD_NAMES.length);
    expect(existsSync(join(dir, 'zip-slip-escaped.txt')) || existsSync(join(tmpdir(), 'zip-slip-escaped.txt'))).toBe(false);
    expect(existsSync(join(dir, 'pwned')) || existsSync(join(ROOT, 'pwned'))).toBe(false);
  });

  it('leaves a database that passes integrity_check', () => {
    const db = open('hostile.db');
    try {
      expect(db.pragma('integrity_check')).toEqual([{ integrity_check: 'ok' }]);
    } finally {
      db.close();
    }
  });

  it('refuses every way query could write, and leaves the database as it was', () => {
    const hash = () => createHash('sha256').update(readFileSync(join(dir, 'hostile.db'))).digest('hex');
    const before = hash();
    for (const sql of [
      'DELETE FROM documents',
      "INSERT INTO runs (kind) VALUES ('ingest')",
      'DROP TABLE facts',
      `ATTACH DATABASE '${join(dir, 'evil.db')}' AS evil`,
      'PRAGMA writable_schema = 1',
      "SELECT load_extension('/tmp/evil.so')",
      'VACUUM',
      "SELECT 1; DELETE FROM documents",
    ]) {
      const r = cli('query', sql, '--db', 'hostile.db');
      expect({ sql, status: r.status }).toEqual({ sql, status: 2 });
      expect(r.stderr).toMatch(/fiscal-extract: /);
    }
    expect(existsSync(join(dir, 'evil.db'))).toBe(false);
    expect(hash()).toBe(before);
  });
});
