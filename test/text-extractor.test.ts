import { describe, expect, it } from 'vitest';
import type { Block, Table } from '../schemas/document.js';
import { DocumentModel } from '../schemas/document.js';
import { tableToGrid } from '../extractors/common/table-grid.js';
import { extractText } from '../extractors/text/index.js';
import { seedBytes } from './helpers.js';

const utf8 = (s: string) => new TextEncoder().encode(s);
const tables = (blocks: Block[]) => blocks.filter((b): b is Table => b.type === 'table');
const headings = (blocks: Block[]) => blocks.flatMap((b) => (b.type === 'heading' ? [`${b.level}:${b.numbering ?? ''}${b.text}`] : []));

describe('text extractor on the seeds', () => {
  it('produces a valid document model for every seed', () => {
    for (const seed of ['000', '001', '002', '003', '004']) {
      expect(() => DocumentModel.parse(extractText(seedBytes(seed)))).not.toThrow();
    }
  });

  it('reads the outline of seed 000 with its numbering', () => {
    const h = headings(extractText(seedBytes('000')).blocks);
    expect(h[0]).toBe('1:石家庄市鹿泉区科学技术和工业信息化局2024年度整体支出绩效自评报告');
    expect(h).toContain('2:一、部门基本情况');
    expect(h).toContain('3:（一）存在的主要问题');
    expect(h).toContain('2:六、评价工作组人员名单');
  });

  it('joins a title printed on two lines', () => {
    const h = headings(extractText(seedBytes('001')).blocks);
    expect(h[0]).toBe('1:科学技术局2024年度整体支出绩效自评报告');
  });

  it('joins paragraphs broken at a page end', () => {
    const paragraphs = extractText(seedBytes('000')).blocks.flatMap((b) => (b.type === 'paragraph' ? [b.text] : []));
    expect(paragraphs.some((p) => p.includes('64个项目全面开展绩效自评，共涉及资金12214.55万元'))).toBe(true);
    expect(paragraphs.some((p) => p.startsWith('效自评'))).toBe(false);
  });

  it('keeps seed 000 project table chunks as one table with its parts', () => {
    const [projects] = tables(extractText(seedBytes('000')).blocks);
    expect(projects!.title).toBe('部门绩效自评结果公开汇总表');
    expect(projects!.unit).toBe('万元');
    expect(projects!.headerRows).toBe(2);
    expect(projects!.parts.map((p) => p.nCols)).toEqual([14, 13, 14, 14, 14]);
    const firstColumn = tableToGrid(projects!).map((r) => r[0]);
    expect(firstColumn.filter((c) => /^\d+$/.test(c!))).toHaveLength(64);
  });

  it('recovers the team table of seed 001 from one cell per line, line breaks kept', () => {
    const team = tables(extractText(seedBytes('001')).blocks).at(-1)!;
    const grid = tableToGrid(team);
    expect(grid[0]).toEqual(['姓名', '工作单位', '职务', '职称', '签字']);
    expect(grid).toHaveLength(9);
    expect(grid[4]).toEqual(['李玉飞', '科技局', '科技创新科\n科长', '', '']);
    expect(grid[8]!.slice(0, 3)).toEqual(['董瑞晗', '科技局', '科技金融科\n副科长']);
  });

  it('recovers the units table of seed 004 from its header row', () => {
    const [units] = tables(extractText(seedBytes('004')).blocks);
    expect(tableToGrid(units!)).toEqual([
      ['序号', '单位名称', '单位基本性质', '经费形式', '2023年底在职'],
      ['1', '正定县科学技术和工业信息化局(本级)', '行政单位', '财政拨款', '12人'],
      ['2', '正定县中小企业服务中心', '全额财政补助事业单位', '财政拨款', '21人'],
    ]);
  });

  it('reads tab-separated tables (seed 003)', () => {
    const [org, team] = tables(extractText(seedBytes('003')).blocks);
    expect(tableToGrid(org!)[1]).toEqual(['1', '元氏县科学技术和工业信息化局', '行政单位', '财政拨款']);
    expect(team!.title).toBe('评价小组成员名单');
    expect(tableToGrid(team!)).toHaveLength(6);
  });

  it('keeps the notice metadata of a saved portal page and drops its chrome (seed 004)', () => {
    const model = extractText(seedBytes('004'));
    expect(model.notice).toMatchObject({ publishedAt: '2024-05-16', title: '整体支出绩效自评报告', publisher: '科学技术和工业信息化局' });
    const texts = model.blocks.flatMap((b) => (b.type === 'table' ? [] : [b.text]));
    expect(texts.some((t) => /当前位置|【字体|发布时间/.test(t))).toBe(false);
    expect(headings(model.blocks)[0]).toBe('1:正定县科学技术和工业信息化局2023年度整体支出绩效自评报告');
  });
});

describe('text extractor details', () => {
  it('reads markdown pipe tables with a header', () => {
    const model = extractText(utf8('表1 收支表\n\n单位：万元\n\n| 项目 | 金额 |\n|---|---|\n| 收入 | 1.00 |\n| 支出 | 2.00 |\n'));
    const [t] = tables(model.blocks);
    expect(t).toMatchObject({ title: '表1收支表', unit: '万元', headerRows: 1, nRows: 3, nCols: 2 });
  });

  it('reads GBK-encoded text', () => {
    const gbk = new Uint8Array([0xd4, 0xa4, 0xcb, 0xe3, 0xb1, 0xa8, 0xb8, 0xe6]); // 预算报告
    const model = extractText(gbk);
    expect(model.blocks[0]).toMatchObject({ text: '预算报告' });
  });

  it('reports a one-cell-per-line table whose blank cell would shift the rows, instead of misreading it', () => {
    const lines = ['序号', '单位名称', '在职', '1', '甲局', '12人', '2', '乙中心', '3', '丙所', '5人'];
    const model = extractText(utf8(lines.join('\n\n')));
    expect(tableToGrid(tables(model.blocks)[0]!)).toEqual([['序号', '单位名称', '在职'], ['1', '甲局', '12人']]);
    expect(model.problems[0]).toMatch(/blank cell at row 2/);
  });

  it('joins a chunk that lost columns to the table whose numbering it continues', () => {
    const text = '| 序号 | 项目 | 预算 | 执行 | 结余 | 得分 |\n|---|---|---|---|---|---|\n| 1 | 甲 | 1.00 | 1.00 | 0 | 100 |\n\n| | | |\n|---|---|---|\n| 2 | 乙 | 100 |\n\n| | | |\n|---|---|---|\n| 7 | 丙 | 100 |\n';
    const ts = tables(extractText(utf8(text)).blocks);
    expect(ts).toHaveLength(2);
    expect(ts[0]!.parts.map((p) => p.nCols)).toEqual([6, 3]);
  });

  it('reads a tab-separated table of 150,000 rows', () => {
    const rows = Array.from({ length: 150_000 }, (_, i) => `${i}\t名称${i}\t${i}.5`).join('\n');
    expect(tables(extractText(utf8(rows)).blocks)[0]!.nRows).toBe(150_000);
  });

  it('keeps the department-code line (471 某局) as a banner, not the title, and a year-led title as the title', () => {
    const budget = tables(extractText(seedBytes('002')).blocks);
    const summary = budget.find((t) => t.title === '部门预算收支总表');
    expect(summary?.notes[0]).toBe('471石家庄市鹿泉区科学技术和工业信息化局');
    const t = tables(extractText(utf8('2024年政府性基金预算支出表\n\n单位：万元\n\n| 项目 | 金额 |\n|---|---|\n| 合计 | 1 |\n')).blocks)[0];
    expect(t).toMatchObject({ title: '2024年政府性基金预算支出表', unit: '万元' });
  });

  it('takes the 栏次 row as part of the header', () => {
    const model = extractText(utf8('序号\t项目\t金额\n栏次\t1\t2\n1\t收入\t3.00\n'));
    expect(tables(model.blocks)[0]!.headerRows).toBe(2);
  });
});
