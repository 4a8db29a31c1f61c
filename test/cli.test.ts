import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, ROOT, SAMPLES, seedBytes, tempDir } from './helpers.js';

function run(args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('fiscal-extract ingest', () => {
  it('ingests the samples, says what is not supported yet, and exits 1 (0 with --exit-zero)', () => {
    const db = join(tempDir(), 'f.db');
    const samples = join(SAMPLES, '0*');
    const r = run(['ingest', samples, '--db', db, '--json']);
    expect(r.code).toBe(1);
    const summary = JSON.parse(r.stdout);
    expect(summary).toMatchObject({ files: 5, stored: 5, ok: 1, failed: 4 });
    expect(summary.by_family.perf_self_eval).toEqual({ ok: 1 });
    expect(summary.documents.filter((d: { error: string | null }) => d.error?.includes('not supported yet'))).toHaveLength(4);
    expect(r.stderr).toContain('004-zhengding-2023-self-evaluation.html');
    const again = run(['ingest', samples, '--db', db, '--exit-zero']);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('0 stored, 5 unchanged');
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
});
