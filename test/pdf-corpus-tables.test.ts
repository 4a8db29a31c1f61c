/**
 * Standard tables of corpus PDFs from different producers, checked cell by cell against what
 * the page shows (verified with `pdftotext -layout` on each page). Skipped without the corpus.
 */
import { describe, expect, it } from 'vitest';
import type { Table } from '../schemas/document.js';
import { tableToGrid } from '../extractors/common/table-grid.js';
import { extractPdf } from '../extractors/pdf/index.js';
import { corpusBytes, HAS_CORPUS } from './helpers.js';

const models = new Map<string, ReturnType<typeof extractPdf>>();
function model(id: string, pages?: number[]) {
  const key = `${id}:${pages?.join(',') ?? ''}`;
  if (!models.has(key)) models.set(key, extractPdf(corpusBytes(`${id}.pdf`), { pages: pages ? new Set(pages) : undefined }));
  return models.get(key)!;
}

async function table(id: string, title: string | RegExp, pages?: number[]): Promise<{ t: Table; g: string[][] }> {
  const m = await model(id, pages);
  const t = m.blocks.find((b): b is Table => b.type === 'table' && (typeof title === 'string' ? b.title === title : title.test(b.title ?? '')));
  if (!t) throw new Error(`${id}: no table titled ${String(title)}; tables: ${m.blocks.flatMap((b) => (b.type === 'table' ? [b.title] : [])).join(' / ')}`);
  return { t, g: tableToGrid(t) };
}

const span = (t: Table, row: number, col: number) => {
  const c = t.cells.find((x) => x.row === row && x.col === col);
  return c && [c.text, c.rowSpan, c.colSpan];
};

describe.skipIf(!HAS_CORPUS)('corpus PDF tables, cell by cell', { timeout: 120_000 }, () => {
  it('Excel (atl14): one page, wrapped headers joined, a three-line note in one cell', async () => {
    const { t, g } = await table('atl14', '武汉市2025年全市一般公共预算支出执行情况表');
    expect(t).toMatchObject({ nRows: 24, nCols: 8, headerRows: 1, unit: '万元', pageFirst: 1, pageLast: 1 });
    expect(g[0]).toEqual(['项目', '预算数', '调整预算数', '执行数', '执行数为调整预算数%', '上年决算数', '执行数比上年+,-%', '备注']);
    expect(g[1]).toEqual(['一般公共预算支出', '24793736', '25539766', '25206075', '98.7', '24808962', '1.6', '剔除上级转移支付等一次性因素，同口径增长3.7%']);
    expect(g[9]).toEqual(['8、节能环保支出', '530538', '442997', '412040', '93.0', '323162', '27.5', '主要是增加水环境综合治理、核心区污水传输系统工程项目建设及运维等投入']);
    expect(g[23]).toEqual(['22、债务发行费用支出', '2373', '2378', '2378', '100.0', '1443', '64.8', '主要是一般债发行较上年增加']);
  });

  it('ONLYOFFICE (shpt04): side-by-side 收支总表 continued on the next page, its first row there a text row', async () => {
    const { t, g } = await table('shpt04', '收入支出决算总表');
    expect(t).toMatchObject({ nRows: 32, nCols: 4, headerRows: 2, unit: '万元', pageFirst: 6, pageLast: 7 });
    expect(t.parts.map((p) => [p.firstRow, p.lastRow, p.page])).toEqual([[0, 28, 6], [29, 31, 7]]);
    expect([span(t, 0, 0), span(t, 0, 2)]).toEqual([['收入', 1, 2], ['支出', 1, 2]]);
    expect(g[2]).toEqual(['一、一般公共预算财政拨款收入', '2,940.05', '一、一般公共服务支出', '2,106.66']);
    expect(g[9]).toEqual(['八、其他收入', '6.20', '八、社会保障和就业支出', '326.71']);
    expect(g[29]).toEqual(['使用非财政拨款结余（含专用结余）', '', '结余分配', '']);
    expect(g[31]).toEqual(['总计', '2,995.39', '总计', '2,995.39']);
  });

  it('ONLYOFFICE (shpt04): a tall row whose figures sit at its top and its name in its middle stays one row', async () => {
    const { g } = await table('shpt04', '支出决算表');
    const row = (name: string) => g.find((r) => r.includes(name))?.filter((c) => c !== '');
    expect(row('合计')).toEqual(['类', '款', '项', '合计', '2,940.05', '2,336.91', '603.14']);
    expect(row('行政运行')).toEqual(['201', '06', '01', '行政运行', '1,511.89', '1,503.52', '8.37']);
    expect(row('信息化建设')).toEqual(['201', '06', '07', '信息化建设', '135.25', '135.25']);
  });

  it('Acrobat Distiller (jsob03): a rotated A3 page, three header rows of spans, its title above the 公开表 label', async () => {
    const { t, g } = await table('jsob03', '收支预算总表');
    expect(t).toMatchObject({ nRows: 27, nCols: 6, headerRows: 3, unit: '万元', pageFirst: 1 });
    expect([span(t, 0, 0), span(t, 0, 2), span(t, 1, 0), span(t, 1, 2), span(t, 1, 4)]).toEqual([
      ['收入', 1, 2], ['支出', 1, 4], ['项目名称', 2, 1], ['功能分类', 1, 2], ['支出用途', 1, 2],
    ]);
    expect(g[3]).toEqual(['一、财政拨款', '18,330.37', '一、一般公共服务支出', '13,907.78', '一、基本支出', '9,312.90']);
    expect(g[10]?.slice(2, 4)).toEqual(['八、社会保障和就业支出', '1,121.39']);
    expect(span(t, 26, 2)).toEqual(['支出合计', 1, 3]);
    expect(g[26]?.[5]).toBe('18,330.37');
    expect((await table('jsob03', '收入预算总表')).t.notes).toContain('公开表二');
  });

  it('iText (rw09): a two-page 支出总体情况表 with a 类/款/项 header', async () => {
    const { t, g } = await table('rw09', '支出总体情况表');
    expect(t).toMatchObject({ nRows: 38, nCols: 8, headerRows: 2, unit: '万元', pageFirst: 12, pageLast: 13 });
    expect(t.parts.map((p) => [p.firstRow, p.page])).toEqual([[0, 12], [22, 13]]);
    expect(span(t, 0, 0)).toEqual(['科目编码', 1, 3]);
    expect(g[1]?.slice(0, 3)).toEqual(['类', '款', '项']);
    expect(g[2]).toEqual(['', '', '', '合计', '45,761.72', '32,382.54', '13,379.18', '']);
    expect(g[22]?.slice(0, 7)).toEqual(['214', '', '', '交通运输支出', '34,960.28', '21,695.44', '13,264.84']);
    expect(g[37]?.slice(2, 7)).toEqual(['07', '国有企业改革成本支出', '4.00', '', '4.00']);
  });

  it('iText (rw09): a series of 绩效目标表 stays one table per form, a form running over two pages joined', async () => {
    const m = await model('rw09');
    const forms = m.blocks.filter((b): b is Table => b.type === 'table' && b.title === '政策和项目预算绩效目标表');
    expect(forms.find((f) => f.pageFirst === 37)).toMatchObject({ pageLast: 37 });
    expect(forms.find((f) => f.pageFirst === 38)).toMatchObject({ pageLast: 38 });
    // The form of page 39 runs on to page 40, under the repeated title, without its 项目名称 row.
    expect(forms.find((f) => f.pageFirst === 39)).toMatchObject({ pageLast: 40 });
  });

  it('Word 2007 (jsob06): a three-level header of spans in the 三公 table', async () => {
    const { t, g } = await table('jsob06', /^公开09表/);
    expect(t).toMatchObject({ nRows: 4, nCols: 9, headerRows: 3, unit: '万元' });
    expect([span(t, 0, 0), span(t, 0, 1), span(t, 1, 3), span(t, 2, 5)]).toEqual([
      ['合计', 3, 1], ['“三公”经费', 1, 6], ['公务用车购置及运行维护费', 1, 3], ['公务用车运行维护费', 1, 1],
    ]);
    expect(g[3]).toEqual(['1,384.74', '484.30', '100.00', '267.80', '', '267.80', '116.50', '200.44', '700.00']);
  });

  it('WPS (jsob01): 收支预算总表 over three pages, a row cut by the page rejoined, totals in their column', async () => {
    const { t, g } = await table('jsob01', '收支预算总表');
    expect(t).toMatchObject({ nRows: 26, nCols: 6, headerRows: 3, pageFirst: 7, pageLast: 9 });
    expect(g.filter((r) => r[2]?.startsWith('八、社会保障和就'))).toEqual([['', '', '八、社会保障和就业支出', '1,608.51', '', '']]);
    expect(span(t, 25, 2)).toEqual(['支出合计', 1, 3]);
    expect(g[25]).toEqual(['收入合计', '13,649.07', '支出合计', '', '', '13,649.07']);
  });

  it('WPS 表格 (shpt06): 财政拨款收支总表 with its banner and unit 元', async () => {
    const { t, g } = await table('shpt06', '2026年部门财政拨款收支预算总表');
    expect(t).toMatchObject({ nRows: 7, nCols: 7, headerRows: 2, unit: '元' });
    expect(t.notes.join(' ')).toContain('上海市普陀区司法局');
    expect(g[2]).toEqual(['一、一般公共预算', '96,282,213.44', '一、公共安全支出', '87,267,272.44', '87,267,272.44', '', '']);
    expect(g[6]).toEqual(['收入总计', '96,282,213.44', '支出总计', '96,282,213.44', '96,282,213.44', '', '']);
  });

  it('WPS 表格 (shpt06): an empty table (空表) keeps its three header rows down to 类/款/项', async () => {
    const { t, g } = await table('shpt06', '2026年部门政府性基金预算支出功能分类预算表');
    expect(t).toMatchObject({ nRows: 5, headerRows: 3 });
    expect(g[2]?.slice(0, 3)).toEqual(['类', '款', '项']);
    expect(g.slice(3).map((r) => r[0])).toEqual(['无', '合计']);
  });

  it('WPS 表格 (rw25): invisible white bars are not rules; tables of a series stay apart', async () => {
    const { t, g } = await table('rw25', /收支总表$/);
    expect(t).toMatchObject({ nRows: 31, nCols: 4, headerRows: 2, unit: '万元' });
    expect(g[2]).toEqual(['一、一般公共预算拨款收入', '32,365.090089', '一、一般公共服务支出', '26,661.064552']);
    expect(g[30]).toEqual(['收入总计', '32,852.053832', '支出总计', '32,852.053832']);
    const m = await model('rw25');
    const titles = m.blocks.flatMap((b) => (b.type === 'table' && b.pageFirst !== null && b.pageFirst >= 6 && b.pageFirst <= 8 ? [[b.title, b.pageFirst, b.pageLast]] : []));
    // The page sets the table number apart from the title by a wide gap, kept as a space.
    expect(titles).toEqual([['预算06表 一般公共预算基本支出表', 6, 6], ['预算07表 政府性基金预算支出表', 7, 7], ['预算08表 国有资本经营预算支出表', 8, 8]]);
  });

  it('WPS 表格 (rw25): a merged cell cut by the page foot is still a cell, its project kept in the table', async () => {
    const { g } = await table('rw25', /项目支出绩效目标表$/);
    const row = g.find((r) => r[0]?.startsWith('11000024T000002975715-'));
    expect(row?.slice(0, 3)).toEqual(['11000024T000002975715-内部审计指导监督经费', '61.800000', '61.800000']);
  });

  it('WPS 文字 (rw26): 公文 page numbers (— 3 —) are dropped and the paragraph they cut is one', async () => {
    const m = await model('rw26');
    const texts = m.blocks.flatMap((b) => (b.type === 'paragraph' ? [b.text] : []));
    expect(texts.filter((t) => /^[—-]\s*\d+\s*[—-]$/.test(t))).toEqual([]);
    expect(texts.some((t) => t.includes('负责向市、区政府或相关职能部门及时反映问题、通报情况。'))).toBe(true);
  });

  it('WPS 文字 (atl12): two rows of figures in one ruled band stay two rows, never one glued number', async () => {
    const { g } = await table('atl12', /国有资本经营预算收入决算表$/, [42]);
    expect(g.find((r) => r[0] === '一、利润收入')?.slice(1, 3)).toEqual(['43215', '57714']);
    expect(g.find((r) => r[0] === '二、股利、股息收入')?.[2]).toBe('4');
  });

  it('WPS 文字 (atl12): a table ruled only between its figure columns, rows read from the text', async () => {
    const { t, g } = await table('atl12', /一般公共预算收入决算表$/, [6]);
    expect(t).toMatchObject({ nCols: 5, headerRows: 1, unit: '万元' });
    expect(g[0]).toEqual(['预算科目', '年初预算数', '决算数', '完成预算%', '比上年（同比）+-％']);
    expect(g.find((r) => r[0] === '增值税')).toEqual(['增值税', '3020000', '3126852', '103.5', '8.4']);
    expect(g.find((r) => r[0]?.startsWith('国有资源'))).toEqual(['国有资源(资产)有偿使用收入', '445700', '465293', '104.4', '17.0']);
  });
});
