import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, ROOT, SAMPLES, seedBytes, tempDir } from './helpers.js';

function run(args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('fiscal-extract ingest', () => {
  it('ingests the samples in every format, says which are partial, and exits 1 (0 with --exit-zero)', () => {
    const db = join(tempDir(), 'f.db');
    const samples = join(SAMPLES, '0*');
    const r = run(['ingest', samples, '--db', db, '--json']);
    expect(r.code).toBe(1);
    const summary = JSON.parse(r.stdout);
    expect(summary).toMatchObject({ files: 6, stored: 6, ok: 5, partial: 1, failed: 0 });
    expect(summary.by_family.perf_self_eval).toEqual({ ok: 3, partial: 1 });
    // The PDF's 收入总表 prints its header differently on its first page; the figures say which is right.
    expect(summary.by_family.budget).toEqual({ ok: 2 });
    expect(r.stderr).toContain('004-zhengding-2023-self-evaluation.html');
    const again = run(['ingest', samples, '--db', db, '--exit-zero']);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('0 stored, 6 unchanged');
  });

  it('exits 0 when every input is ingested', () => {
    const dir = tempDir();
    writeFileSync(join(dir, '003.txt'), seedBytes('003'));
    expect(run(['ingest', join(dir, '003.txt'), '--db', join(dir, 'f.db')]).code).toBe(0);
  });

  it('exits 2 on bad arguments and on an unusable database, naming the cause', () => {
    const dir = tempDir();
    expect(run(['ingest']).code).toBe(2);
    expect(run(['ingest', SAMPLES, '--concurrency', 'zero']).code).toBe(2);
    writeFileSync(join(dir, 'not.db'), 'not a database '.repeat(100));
    const r = run(['ingest', SAMPLES, '--db', join(dir, 'not.db')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/cannot use database .*not\.db/);
  });
});

describe('fiscal-extract query and search', () => {
  const dir = mkdtempSync(join(tmpdir(), 'fiscal-cli-'));
  const db = join(dir, 'q.db');
  beforeAll(() => {
    writeFileSync(join(dir, '000.txt'), seedBytes('000'));
    run(['ingest', join(dir, '000.txt'), '--db', db]);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('prints rows as csv, json and jsonl', () => {
    const sql = 'SELECT seq, budget_total_yuan AS budget, score FROM project_results WHERE seq IN (28, 31) ORDER BY seq';
    expect(run(['query', sql, '--db', db, '--format', 'csv']).stdout).toBe('seq,budget,score\n28,3000000,82\n31,1400000,96\n');
    expect(JSON.parse(run(['query', sql, '--db', db, '--format', 'json']).stdout)).toEqual([
      { seq: 28, budget: 3000000, score: 82 },
      { seq: 31, budget: 1400000, score: 96 },
    ]);
    expect(run(['query', sql, '--db', db, '--format', 'jsonl']).stdout.trim().split('\n')).toHaveLength(2);
    expect(run(['query', sql, '--db', db]).stdout).toMatch(/seq\s+budget\s+score/);
  });

  it('refuses statements that write, and a missing database', () => {
    const r = run(['query', 'DELETE FROM documents', '--db', db]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/read-only/);
    expect(run(['query', 'SELECT 1', '--db', join(dir, 'none.db')]).code).toBe(2);
  });

  it('searches sections in Chinese', () => {
    const r = run(['search', '改进措施', '--db', db, '--format', 'json']);
    const hits = JSON.parse(r.stdout) as { heading: string }[];
    expect(hits.map((h) => h.heading)).toContain('针对问题提出具体的改进措施或建议');
  });
});

describe('fiscal-extract inspect', () => {
  it('shows the document model', () => {
    const r = run(['inspect', join(SAMPLES, '004-zhengding-2023-self-evaluation.html'), '--format', 'md']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('# 正定县科学技术和工业信息化局2023年度整体支出绩效自评报告');
    expect(r.stdout).toContain('| 2 | 正定县中小企业服务中心 | 全额财政补助事业单位 | 财政拨款 | 21人 |');
  });

  it('shows chosen PDF pages with their tables as grids', () => {
    const r = run(['inspect', join(SAMPLES, '000-luquan-2024-self-evaluation.pdf'), '--pages', '2-3', '--format', 'md']);
    expect(r.code).toBe(0);
    // The title and unit sit at the foot of page 2, the table on page 3.
    expect(r.stdout).toContain('<!-- table "部门绩效自评结果公开汇总表" 12×14, 2 header row(s), unit 万元, 1 part(s), page 3 -->');
    expect(r.stdout).toContain('| 3 | 石财教（2024）19号2024年科技领军企业市级补助资金 | 科工局 |  |  | 60.00 |');
    expect(r.stdout).not.toContain('四、评价结论和评价等级');
  });

  it('draws one debug SVG per PDF page with rules, cells and text', () => {
    const out = tempDir();
    const r = run(['inspect', join(SAMPLES, '000-luquan-2024-self-evaluation.pdf'), '--pages', '2-3', '--format', 'svg', '--out', out]);
    expect(r.code).toBe(0);
    const files = r.stdout.trim().split('\n');
    expect(files.map((f) => f.slice(out.length + 1))).toEqual(['000-luquan-2024-self-evaluation-p002.svg', '000-luquan-2024-self-evaluation-p003.svg']);
    const svg = readFileSync(files[1]!, 'utf8');
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect((svg.match(/<line /g) ?? []).length).toBeGreaterThan(10);
    // Page 3 of the sample prints 12 rows of 14 ruled cells.
    expect((svg.match(/<title>row \d+ col \d+ span 1×1<\/title>/g) ?? []).length).toBe(12 * 14);
    expect(svg).toMatch(/>石财教（2024）19 ?号 ?2024 ?年科技领军企业市级补助资金<\/text>/);
    expect(readFileSync(files[0]!, 'utf8')).toContain('>部门绩效自评结果公开汇总表</text>');
  });

  it('refuses a bad page range and an SVG of a file that is not a PDF, naming the cause', () => {
    const bad = run(['inspect', join(SAMPLES, '000-luquan-2024-self-evaluation.pdf'), '--pages', '5-2']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('invalid --pages "5-2"');
    const html = run(['inspect', join(SAMPLES, '004-zhengding-2023-self-evaluation.html'), '--format', 'svg', '--out', tempDir()]);
    expect(html.code).toBe(2);
    expect(html.stderr).toContain('--format svg draws PDF pages; this file is html');
    expect(run(['inspect', join(SAMPLES, '000-luquan-2024-self-evaluation.pdf'), '--pages', '1-50000000']).stderr).toContain('invalid --pages');
    const notADir = join(tempDir(), 'file');
    writeFileSync(notADir, 'x');
    const out = run(['inspect', join(SAMPLES, '000-luquan-2024-self-evaluation.pdf'), '--pages', '1', '--format', 'svg', '--out', join(notADir, 'svg')]);
    expect(out.code).toBe(2);
    expect(out.stderr).toMatch(/^fiscal-extract: cannot write to --out .*: ENOTDIR\n$/);
  });
});

describe('query output', () => {
  it('aligns columns holding Chinese by their display width', async () => {
    const { formatRows } = await import('../src/cli/output.js');
    const { default: stringWidth } = await import('string-width');
    const out = formatRows([{ department: '北京市审计局', n: 1 }, { department: 'ab', n: 22 }], ['department', 'n'], 'table').split('\n');
    const widthBefore = (line: string, at: string) => stringWidth(line.slice(0, line.lastIndexOf(at)));
    // The n column starts at the same screen column on every line.
    expect(new Set([widthBefore(out[2]!, '1'), widthBefore(out[3]!, '22') + 1]).size).toBe(1);
    expect(stringWidth(out[2]!)).toBe(stringWidth(out[3]!));
  });
});
