import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import type { Block, Table } from '../schemas/document.js';
import { DocumentModel } from '../schemas/document.js';
import { decodeBytes } from '../extractors/common/decode.js';
import { tableToGrid } from '../extractors/common/table-grid.js';
import { extractHtml } from '../extractors/html/index.js';
import { corpusBytes, HAS_CORPUS, sampleBytes } from './helpers.js';

const tables = (blocks: Block[]) => blocks.filter((b): b is Table => b.type === 'table');
const allText = (blocks: Block[]) => blocks.map((b) => (b.type === 'table' ? tableToGrid(b).flat().join(' ') : b.text)).join('\n');
const utf8 = (s: string) => new TextEncoder().encode(s);

describe('charset', () => {
  const text = '部门预算信息公开';
  it('follows a byte-order mark', () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...utf8(text)]);
    expect(decodeBytes(bytes, { markup: true })).toMatchObject({ text, source: 'bom' });
  });
  it('follows the meta charset', () => {
    const bytes = iconv.encode(`<html><head><meta charset="gb2312"></head><body>${text}</body></html>`, 'gbk');
    const d = decodeBytes(new Uint8Array(bytes), { markup: true });
    expect(d.source).toBe('meta');
    expect(d.text).toContain(text);
  });
  it('follows the HTTP header over the meta tag', () => {
    const bytes = iconv.encode(`<meta charset="utf-8">${text}`, 'gbk');
    const d = decodeBytes(new Uint8Array(bytes), { markup: true, headerCharset: 'GBK' });
    expect(d).toMatchObject({ source: 'header', encoding: 'gb18030' });
    expect(d.text).toContain(text);
  });
  it('reads undeclared bytes that are not UTF-8 as GB18030', () => {
    const d = decodeBytes(new Uint8Array(iconv.encode(`<p>${text}</p>`, 'gb18030')), { markup: true });
    expect(d).toMatchObject({ encoding: 'gb18030', source: 'bytes' });
    expect(d.text).toContain(text);
  });
  it('trusts the bytes over a Western charset declaration', () => {
    const gbkAsLatin = decodeBytes(new Uint8Array(iconv.encode(`<meta charset="iso-8859-1"><p>${text}</p>`, 'gbk')), { markup: true });
    expect(gbkAsLatin.text).toContain(text);
    const utf8AsLatin = decodeBytes(utf8(`<meta charset="windows-1252"><p>${text}</p>`), { markup: true });
    expect(utf8AsLatin.text).toContain(text);
    expect(utf8AsLatin.warnings[0]).toMatch(/bytes are UTF-8/);
  });
  it('trusts the bytes when a page declares UTF-8 but is GBK', () => {
    const d = decodeBytes(new Uint8Array(iconv.encode(`<meta charset="utf-8"><p>${text}</p>`, 'gbk')), { markup: true });
    expect(d.text).toContain(text);
    expect(d.warnings[0]).toMatch(/not UTF-8/);
  });
});

describe('HTML tables', () => {
  it('keeps rowspan and colspan as spans at the right columns', () => {
    const html = `<html><body><div class="content"><p>收支总表</p><p>单位：万元</p>
      <table><tr><td rowspan="2">项目</td><td colspan="2">预算数</td></tr><tr><td>全市</td><td>市级</td></tr>
      <tr><td>一、税收收入</td><td>96.74</td><td>46.98</td></tr></table></div></body></html>`;
    const [t] = tables(extractHtml(utf8(html)).blocks);
    expect(t).toMatchObject({ title: '收支总表', unit: '万元', nRows: 3, nCols: 3, headerRows: 2 });
    expect(t!.cells.find((c) => c.text === '项目')).toMatchObject({ row: 0, col: 0, rowSpan: 2, colSpan: 1 });
    expect(t!.cells.find((c) => c.text === '预算数')).toMatchObject({ row: 0, col: 1, colSpan: 2 });
    expect(t!.cells.find((c) => c.text === '全市')).toMatchObject({ row: 1, col: 1 });
    expect(t!.cells.find((c) => c.text === '46.98')).toMatchObject({ row: 2, col: 2 });
  });

  it('reads through a layout table to the article inside it', () => {
    const article = '一、部门基本情况。'.repeat(40);
    const html = `<html><body><table><tr><td><p>${article}</p><table><tr><td>a</td><td>1</td></tr><tr><td>b</td><td>2</td></tr></table></td></tr></table></body></html>`;
    const model = extractHtml(utf8(html));
    expect(tables(model.blocks)).toHaveLength(1);
    expect(model.blocks.some((b) => b.type === 'paragraph' && b.text.startsWith('一、部门基本情况。'))).toBe(true);
  });
});

describe('article text that looks like page furniture', () => {
  it('keeps report text in elements named like chrome, and body lines that start like metadata', () => {
    const html = `<html><head><title>某局2024年度整体支出绩效自评报告</title></head><body><div class="article">
      <p>某局2024年度整体支出绩效自评报告</p><p>一、部门基本情况</p>
      <p class="font14">2024年度收入预算100.00万元，其中基本支出60.00万元，项目支出40.00万元。</p>
      <p>时间：2025年3月至4月，评价小组对全部项目开展了现场核查。</p><p>来源：各股室报送的项目资料。</p>
      <div class="share"><a href="#">微信</a><a href="#">微博</a></div>
      <p class="bottom">总得分92分，评价等级为优秀。</p><p>某局</p><p>日期：2025年4月20日</p></div></body></html>`;
    const model = extractHtml(utf8(html));
    const text = allText(model.blocks);
    for (const kept of ['收入预算100.00万元', '时间：2025年3月至4月', '来源：各股室报送的项目资料。', '总得分92分', '日期：2025年4月20日']) expect(text).toContain(kept);
    expect(text).not.toContain('微博');
    expect(model.notice?.publishedAt).toBeUndefined();
  });
});

describe('the seed 004 notice page sample', () => {
  const model = extractHtml(sampleBytes('004-'));

  it('is a valid model, decoded from GBK', () => {
    expect(() => DocumentModel.parse(model)).not.toThrow();
    expect(allText(model.blocks)).toContain('正定县中小企业服务中心');
  });
  it('keeps the notice metadata', () => {
    expect(model.notice).toMatchObject({ publishedAt: '2024-05-16', publisher: '科学技术和工业信息化局', title: '整体支出绩效自评报告' });
  });
  it('drops the portal chrome', () => {
    const text = allText(model.blocks);
    for (const chrome of ['当前位置', '【字体', '打印', '政务公开', '版权所有', '网站标识码', '相关链接']) expect(text).not.toContain(chrome);
  });
  it('rebuilds the units table flattened into paragraphs', () => {
    const [units] = tables(model.blocks);
    expect(tableToGrid(units!)[2]).toEqual(['2', '正定县中小企业服务中心', '全额财政补助事业单位', '财政拨款', '21人']);
  });
  it('keeps element paths as provenance', () => {
    expect(model.blocks[1]!.prov.path).toMatch(/^html>body>div\.main>div\.article>div#zoom>/);
  });
});

describe.skipIf(!HAS_CORPUS)('corpus HTML pages', () => {
  it('atl17: a UTF-8 report with ten real tables, spans and units', () => {
    const model = extractHtml(corpusBytes('atl17.html'));
    expect(model.notice?.title).toBe('关于常德市2025年预算执行情况与2026年全市及市级预算（草案）的报告');
    const ts = tables(model.blocks);
    expect(ts).toHaveLength(10);
    expect(ts[0]).toMatchObject({ title: '2025年全市一般公共预算收支总表', unit: '亿元', nCols: 8 });
    expect(tableToGrid(ts[0]!)[1]!.slice(0, 3)).toEqual(['一、税收收入', '96.74', '93']);
    const fund = ts[2]!;
    expect(fund.headerRows).toBe(2);
    expect(fund.cells.find((c) => c.text === '预计数')).toMatchObject({ colSpan: 2 });
  });

  it('atl24: a GB2312 page decodes to correct Chinese', () => {
    const model = extractHtml(corpusBytes('atl24.html'));
    expect(model.notice).toMatchObject({ publishedAt: '2026-01-06', publisher: '预算科' });
    expect(model.blocks[0]).toMatchObject({ type: 'heading', level: 1, text: '关于益阳市2025年预算执行情况与 2026年预算草案的报告' });
    const text = allText(model.blocks);
    expect(text).toContain('全市地方一般公共预算收入（预计完成数，下同）113.6亿元');
    expect(text).not.toMatch(/\ufffd/);
  });

  it('rw36: a budget published in the page body', () => {
    const model = extractHtml(corpusBytes('rw36.html'));
    expect(model.notice).toMatchObject({ title: '昆明市人民政府办公室机关2026年预算公开', publishedAt: '2026-03-11' });
    const h = model.blocks.flatMap((b) => (b.type === 'heading' ? [b.text] : []));
    expect(h).toContain('昆明市人民政府办公室机关2026年部门预算编制说明');
  });

  it('rw41: an HTML page saved as .pdf is still HTML, with its text', () => {
    const model = extractHtml(corpusBytes('rw41.html'));
    expect(model.notice?.title).toBe('中共重庆市委宣传部2026年部门预算情况说明');
    expect(allText(model.blocks)).toContain('2026年“三公”经费预算275.80万元');
  });
});
