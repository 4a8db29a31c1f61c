/**
 * A value read from a document that no record can hold — an amount past what 分 hold exactly, a
 * cell the PDF's drawing places at infinity — costs that value, never the document: the rest is
 * stored, the document is partial, and the reason says which value and why, in words.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { extractText } from '../../extractors/text/index.js';
import { parseDocument } from '../../src/domain/index.js';
import { screenRecords } from '../../src/domain/screen.js';
import { openDatabase } from '../../src/store/db.js';
import { storeDocument } from '../../src/store/write.js';
import { documentRow } from '../../src/pipeline/ingest.js';
import { CLI, ROOT } from '../helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'fiscal-figures-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const row = (...cells: string[]) => `<tr>${cells.map((c) => `<td>${c}</td>`).join('')}</tr>`;
const budget = (amount: string) => `<!doctype html><html><head><meta charset="utf-8"><title>某某局2024年部门预算</title></head><body>
<h1>某某局2024年部门预算</h1><p>支出预算总表</p><p>单位：万元</p>
<table>${row('科目编码', '科目名称', '合计', '基本支出', '项目支出')}${row('201', '一般公共服务支出', '1,000.00', '600.00', '400.00')}${row('20101', '人大事务', amount, '600.00', '400.00')}${row('', '合计', '1,000.00', '600.00', '400.00')}</table>
<p>2024年支出预算1,000.00万元。</p></body></html>`;

describe('a figure no record can hold', () => {
  it('is left out with its reason; the document is partial and the rest of it stored', () => {
    const file = join(dir, 'huge.html');
    writeFileSync(file, budget('123456789012345678901'));
    const db = join(dir, 'huge.db');
    const ingest = spawnSync(process.execPath, [CLI, 'ingest', file, '--db', db, '--json'], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
    expect(ingest.stderr).not.toMatch(/internal error/);
    expect(ingest.status).toBe(1);
    const conn = openDatabase(db, { readonly: true });
    try {
      const doc = conn.prepare('SELECT status, error FROM documents').get() as { status: string; error: string };
      expect(doc.status).toBe('partial');
      expect(doc.error).toMatch(/amount cell\(s\) too large to be an amount, not stored \(人大事务: 123456789012345678901\)/);
      const items = conn.prepare("SELECT code, \"column\", amount_fen FROM line_items ORDER BY code, \"column\"").all() as { code: string; column: string; amount_fen: number }[];
      expect(items).toContainEqual({ code: '201', column: 'total', amount_fen: 1_000_000_000 });
      expect(items).toContainEqual({ code: '20101', column: 'basic', amount_fen: 600_000_000 });
      expect(items.some((i) => i.code === '20101' && i.column === 'total')).toBe(false);
      expect((conn.prepare('SELECT count(*) AS n FROM cells').get() as { n: number }).n).toBeGreaterThan(15);
    } finally {
      conn.close();
    }
  });

  it('keeps a cell whose place on the page is no finite number, without its place, and says so', () => {
    const parsed = parseDocument(extractText(new TextEncoder().encode(['某某局2024年部门预算', '', '支出预算总表', '', '单位：万元', '', '科目编码\t科目名称\t合计', '201\t一般公共服务支出\t1,000.00', '\t合计\t1,000.00'].join('\n'))));
    const table = parsed.tables[0]!.table;
    // As a PDF drawn through a degenerate transformation would place it.
    parsed.tables[0]!.table = { ...table, cells: table.cells.map((c, i) => (i === 4 ? { ...c, box: { page: 3, x0: Number.POSITIVE_INFINITY, y0: 10, x1: Number.NaN, y1: 20 } } : { ...c, box: { page: 3, x0: 1, y0: 2, x1: 3, y1: 4 } })) };
    const conn = openDatabase(join(dir, 'boxes.db'));
    try {
      // parseDocument screens its records last; screened again here, with the altered table.
      screenRecords(parsed);
      expect(parsed.problems.join(' ')).toMatch(/1 table cell\(s\) stored without their place on the page, which the PDF's drawing made no finite number \(page 3\)/);
      storeDocument(conn, documentRow('boxes.pdf', 'b'.repeat(64), 'pdf', 1, 3, parsed), parsed);
      const cells = conn.prepare('SELECT x0, x1 FROM cells').all() as { x0: number | null; x1: number | null }[];
      expect(cells.length).toBe(table.cells.length);
      expect(cells.filter((c) => c.x0 === null)).toHaveLength(1);
    } finally {
      conn.close();
    }
  });
});
