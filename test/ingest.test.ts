import { chmodSync, copyFileSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ingestFiles } from '../src/pipeline/ingest.js';
import { expandInputs } from '../src/pipeline/inputs.js';
import { sniffFormat } from '../src/pipeline/sniff.js';
import { openDatabase } from '../src/store/db.js';
import { CORPUS, HAS_CORPUS, SAMPLES, seedBytes, tempDir } from './helpers.js';

async function ingest(paths: string[], opts: { force?: boolean } = {}, dbPath = join(tempDir(), 'f.db')) {
  const db = openDatabase(dbPath);
  const results = await ingestFiles(await expandInputs(paths), { db, ...opts });
  return { db, results };
}

describe('sniffing the real type', () => {
  const bytes = (s: string) => new TextEncoder().encode(s);
  it('reads content, not extensions', () => {
    expect(sniffFormat(bytes('%PDF-1.7\n...'), 'a.html')).toEqual({ ok: true, format: 'pdf' });
    expect(sniffFormat(bytes('<!DOCTYPE html><html><body>预算</body></html>'), 'a.pdf')).toEqual({ ok: true, format: 'html' });
    expect(sniffFormat(bytes('一、部门基本情况'), 'a.txt')).toEqual({ ok: true, format: 'txt' });
    expect(sniffFormat(new Uint8Array([0x50, 0x4b, 0x03, 0x04, ...bytes('word/document.xml')]), 'a.doc')).toEqual({ ok: true, format: 'docx' });
  });
  it('reads a UTF-8 text whose first 64 KB end inside a character as text', () => {
    expect(sniffFormat(seedBytes('002'), '002.txt')).toEqual({ ok: true, format: 'txt' });
  });
  it('names what it cannot read', () => {
    expect(sniffFormat(new Uint8Array(), 'a.txt')).toEqual({ ok: false, reason: 'empty file (0 bytes)' });
    expect(sniffFormat(new Uint8Array([0, 1, 2, 3, 255, 254, 0, 7]), 'a.html')).toMatchObject({ ok: false, reason: expect.stringContaining('binary content') });
    expect(sniffFormat(bytes('plain words'), 'a.xyz')).toMatchObject({ ok: false, reason: expect.stringContaining('unsupported file type ".xyz"') });
    expect(sniffFormat(bytes('/** a script */\nconst html = `<p>${x}</p>`;'), 'build.ts')).toMatchObject({ ok: false, reason: expect.stringContaining('".ts"') });
  });
});

describe('ingesting', () => {
  it('stores each bad input as a failed document naming the file and the cause, and goes on', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'empty.txt'), '');
    writeFileSync(join(dir, 'junk.html'), Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)));
    writeFileSync(join(dir, 'huge.html'), `<html><body>${'<p>预算</p>'.repeat(50 * 1024 * 1024 / 12)}</body></html>`);
    writeFileSync(join(dir, 'notes.xyz'), 'some notes');
    writeFileSync(join(dir, 'good.txt'), seedBytes('004'));
    const { db, results } = await ingest([dir, join(dir, 'missing.txt')]);
    const by = (name: string) => results.find((r) => r.source.endsWith(name))!;
    expect(by('empty.txt')).toMatchObject({ status: 'failed', error: expect.stringMatching(/empty\.txt: empty file/) });
    expect(by('junk.html')).toMatchObject({ status: 'failed', error: expect.stringMatching(/junk\.html: binary content .* \.html extension/) });
    expect(by('huge.html')).toMatchObject({ status: 'failed', format: 'html', error: expect.stringMatching(/huge\.html: HTML page of 5\d\.\d MB is over the 20 MB limit/) });
    expect(by('notes.xyz')).toMatchObject({ status: 'failed', error: expect.stringMatching(/notes\.xyz: unsupported file type "\.xyz"/) });
    expect(by('missing.txt')).toMatchObject({ status: 'failed', error: expect.stringMatching(/missing\.txt: cannot read the file: no such file/) });
    expect(by('good.txt')).toMatchObject({ status: 'ok', family: 'perf_self_eval' });
    const failed = db.prepare('SELECT count(*) AS n FROM failed_documents').get() as { n: number };
    expect(failed.n).toBe(5);
    db.close();
  });

  it('names the path of this run when the same bytes failed before at another path', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'empty1.txt'), '');
    writeFileSync(join(dir, 'empty2.txt'), '');
    const { results, db } = await ingest([dir]);
    expect(results[1]).toMatchObject({ outcome: 'skipped', error: `${join(dir, 'empty2.txt')}: empty file (0 bytes)` });
    db.close();
  });

  it.skipIf(process.getuid?.() === 0)('reports a directory it may not read, and goes on', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'locked'));
    writeFileSync(join(dir, 'a.txt'), seedBytes('003'));
    chmodSync(join(dir, 'locked'), 0o000);
    const { results, db } = await ingest([dir]);
    chmodSync(join(dir, 'locked'), 0o755);
    expect(results.map((r) => r.status)).toEqual(['ok', 'failed']);
    expect(results[1]!.error).toContain('cannot read the directory: permission denied');
    db.close();
  });

  it.skipIf(process.getuid?.() === 0)('reports a file it may not read', async () => {
    const dir = tempDir();
    const path = join(dir, 'secret.txt');
    writeFileSync(path, 'x');
    chmodSync(path, 0o000);
    const { results } = await ingest([path]);
    expect(results[0]).toMatchObject({ status: 'failed', error: expect.stringContaining('permission denied') });
  });

  it('reads the samples in every format they come in', async () => {
    const { results } = await ingest([join(SAMPLES, '0*')]);
    const pdf = results.find((r) => r.source.endsWith('003-yuanshi-2025-self-evaluation.pdf'))!;
    expect(pdf).toMatchObject({ status: 'ok', format: 'pdf', family: 'perf_self_eval', error: null });
    expect(results.find((r) => r.format === 'docx')).toMatchObject({ status: 'ok', family: 'perf_self_eval' });
    expect(results.find((r) => r.format === 'xlsx')).toMatchObject({ status: 'ok', family: 'budget' });
    expect(results.find((r) => r.format === 'html')).toMatchObject({ status: 'ok', family: 'perf_self_eval' });
  });

  it('skips unchanged content, re-parses with --force, and stores changed content as a new document', async () => {
    const dir = tempDir();
    const dbPath = join(dir, 'f.db');
    const file = join(dir, 'report.txt');
    writeFileSync(file, seedBytes('003'));
    const first = await ingest([file], {}, dbPath);
    first.db.close();
    const again = await ingest([file], {}, dbPath);
    expect(again.results[0]).toMatchObject({ outcome: 'skipped', status: 'ok' });
    again.db.close();
    const forced = await ingest([file], { force: true }, dbPath);
    expect(forced.results[0]!.outcome).toBe('ok');
    forced.db.close();
    writeFileSync(file, Buffer.concat([Buffer.from(seedBytes('003')), Buffer.from('\n补充说明。\n')]));
    const changed = await ingest([file], {}, dbPath);
    expect(changed.results[0]!.outcome).toBe('ok');
    expect(changed.results[0]!.id).not.toBe(first.results[0]!.id);
    expect((changed.db.prepare('SELECT count(*) AS n FROM documents').get() as { n: number }).n).toBe(2);
    expect((changed.db.prepare('SELECT count(*) AS n FROM team_members').get() as { n: number }).n).toBe(10);
    changed.db.close();
  });

  it('follows symlinks in directories, reports broken ones, and survives a link loop', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'a.txt'), seedBytes('003'));
    symlinkSync(join(dir, 'a.txt'), join(dir, 'link.txt'));
    symlinkSync(dir, join(dir, 'loop'));
    symlinkSync(join(dir, 'gone.txt'), join(dir, 'broken.txt'));
    const { results, db } = await ingest([dir]);
    expect(results.map((r) => [r.source.slice(dir.length + 1), r.outcome])).toEqual([
      ['a.txt', 'ok'],
      ['broken.txt', 'failed'],
      ['link.txt', 'skipped'],
    ]);
    expect(results[1]!.error).toContain('no such file');
    db.close();
  });

  it('expands globs, and reports a glob that matches nothing', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'a.txt'), seedBytes('001'));
    writeFileSync(join(dir, 'b.txt'), seedBytes('003'));
    const { results, db } = await ingest([join(dir, '*.txt'), join(dir, '*.nothing')]);
    expect(results.filter((r) => r.status === 'ok')).toHaveLength(2);
    expect(results.find((r) => r.status === 'failed')!.error).toContain('no files match this pattern');
    db.close();
  });

  it.skipIf(!HAS_CORPUS)('reads an HTML page saved as .pdf as HTML (rw41)', async () => {
    const dir = tempDir();
    const path = join(dir, '中共重庆市委宣传部2026年部门预算情况说明.pdf');
    copyFileSync(join(CORPUS, 'rw41.html'), path);
    const { results, db } = await ingest([path]);
    expect(results[0]).toMatchObject({ format: 'html', family: 'budget' });
    const doc = db.prepare('SELECT title, region, fiscal_year, published_on FROM documents').get();
    expect(doc).toEqual({ title: '中共重庆市委宣传部2026年部门预算情况说明', region: '重庆市', fiscal_year: 2026, published_on: '2026-03-02' });
    db.close();
  });

  it.skipIf(!HAS_CORPUS)('ingests the corpus HTML pages with their tables (atl17, atl24, rw36)', async () => {
    const { results, db } = await ingest(['atl17.html', 'atl24.html', 'rw36.html'].map((f) => join(CORPUS, f)));
    expect(results.map((r) => r.family)).toEqual(['gov_report', 'gov_report', 'budget']);
    const tables = db.prepare("SELECT d.source, count(t.id) AS n FROM documents d LEFT JOIN tables t ON t.doc_id = d.id GROUP BY d.id ORDER BY d.source").all() as { source: string; n: number }[];
    expect(tables.find((t) => t.source.endsWith('atl17.html'))!.n).toBe(10);
    const cell = db.prepare("SELECT c.text FROM cells c JOIN tables t ON t.id = c.table_id WHERE t.title = '2025年全市一般公共预算收支总表' AND c.row = 1 AND c.col = 0").get();
    expect(cell).toEqual({ text: '一、税收收入' });
    db.close();
  });
});
