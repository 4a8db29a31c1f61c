import { spawnSync } from 'node:child_process';
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateRawSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { tableToGrid } from '../extractors/common/table-grid.js';
import { convertLegacy } from '../extractors/common/soffice.js';
import { checkZip, ZIP_LIMITS } from '../extractors/common/zip.js';
import { extractDocx } from '../extractors/docx/index.js';
import { extractText } from '../extractors/text/index.js';
import { extractXlsx } from '../extractors/xlsx/index.js';
import { DocumentModel, type Table } from '../schemas/document.js';
import { parseDocument } from '../src/domain/index.js';
import { extractModel, InputError } from '../src/pipeline/extract.js';
import { sniffFormat } from '../src/pipeline/sniff.js';
import { comparable, corpusBytes, HAS_CORPUS, HAS_SOFFICE, sampleBytes, seedBytes, tempDir } from './helpers.js';

const tables = (m: DocumentModel) => m.blocks.filter((b): b is Table => b.type === 'table');

describe('DOCX', () => {
  it('gives seed 001’s sample the same records as its text version', async () => {
    const model = await extractDocx(sampleBytes('001'));
    expect(() => DocumentModel.parse(model)).not.toThrow();
    const a = comparable(parseDocument(extractText(seedBytes('001'))));
    const b = comparable(parseDocument(model));
    for (const key of Object.keys(a)) expect({ [key]: b[key] }).toEqual({ [key]: a[key] });
  });

  it('keeps the line breaks inside the team table’s cells', async () => {
    const team = tables(await extractDocx(sampleBytes('001'))).find((t) => tableToGrid(t)[0]?.includes('姓名'));
    const rows = team ? tableToGrid(team) : [];
    expect(rows.find((r) => r[0] === '李玉飞')?.[2]).toBe('科技创新科\n科长');
  });

  it.skipIf(!HAS_CORPUS)('reads atl01’s six Word tables with their titles and units lifted out of the grid', async () => {
    const found = tables(await extractDocx(corpusBytes('atl01.docx')));
    expect(found.length).toBeGreaterThanOrEqual(5);
    const revenue = found.find((t) => t.title === '2025年全市一般公共预算收入完成情况表');
    expect(revenue).toMatchObject({ unit: '万元' });
    expect(tableToGrid(revenue!)[0]!.filter((c) => c !== '')).toEqual(['预算科目', '预算数', '完成数', '占预算(%)', '比上年\n增长(%)']);
  });
});

describe('XLSX', () => {
  it('gives the workbook of seed 002’s tables the same line items as the PDF sample', async () => {
    const fromPdf = parseDocument(await extractModel(sampleBytes('002'), 'pdf'));
    const fromXlsx = parseDocument(await extractXlsx(sampleBytes('005')));
    // Rows are numbered within each printed table; the workbook holds each table whole. Seed 002
    // prints the 收入总表's header differently on its first page (the PDF is read under the
    // printing its figures keep), and the workbook puts every row under one header: there the
    // column a figure is read under may differ, never the item or the figure.
    const items = (p: typeof fromPdf) =>
      p.lineItems.map(({ row: _row, table_seq: _seq, ...rest }) => JSON.stringify(rest.table_kind === 'income' ? [rest.code, rest.name, rest.amount_fen] : rest)).sort();
    expect(fromXlsx.family).toBe('budget');
    expect(items(fromXlsx)).toEqual(items(fromPdf));
    expect(fromXlsx.checks.filter((c) => !c.ok)).toEqual([]);
  });

  it('reads a budget-system export: metadata rows, hidden parts, merges, number formats', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('收支表');
    ws.addRow(['DEBT_T_XXGK_TEST', " and T.SET_YEAR_GK ='2024'", '', '']);
    ws.addRow(['AD_CODE_GK#13', 'set_year#2024', '', '']);
    ws.addRow(['2024年某局收支预算表', '', '', '']);
    ws.mergeCells('A3:D3');
    ws.addRow(['', '', '', '单位：万元']);
    ws.addRow(['项目', '预算数', '', '比上年']);
    ws.addRow(['', '财政拨款', '其他资金', '']);
    ws.mergeCells('A5:A6');
    ws.mergeCells('B5:C5');
    ws.mergeCells('D5:D6');
    const data = ws.addRow(['合计', 1234.5, 0.126, 0.0512]);
    data.getCell(2).numFmt = '#,##0.00';
    data.getCell(3).numFmt = '0.00';
    data.getCell(4).numFmt = '0.0%';
    ws.addRow(['内部行', 1, 2, 3]).hidden = true;
    wb.addWorksheet('隐藏', { state: 'hidden' }).addRow(['不应读到', 1]);
    const model = await extractXlsx(new Uint8Array(await wb.xlsx.writeBuffer()));

    const [table, ...others] = tables(model);
    expect(others).toEqual([]);
    expect(table).toMatchObject({ title: '2024年某局收支预算表', unit: '万元', headerRows: 2, nRows: 3, nCols: 4, prov: { sheet: '收支表' } });
    expect(tableToGrid(table!)).toEqual([
      ['项目', '预算数', '', '比上年'],
      ['', '财政拨款', '其他资金', ''],
      ['合计', '1,234.50', '0.13', '5.1%'],
    ]);
    expect(table!.cells.find((c) => c.text === '预算数')).toMatchObject({ colSpan: 2, rowSpan: 1 });
    expect(table!.cells.find((c) => c.text === '项目')).toMatchObject({ rowSpan: 2 });
    expect(table!.cells.find((c) => c.text === '0.13')?.number).toBe(0.126);
    expect(model.warnings.join('\n')).toMatch(/2 system metadata rows/);
    expect(model.warnings.join('\n')).toMatch(/1 hidden rows/);
    expect(model.warnings.join('\n')).toMatch(/sheet "隐藏" is hidden and was skipped/);
  });

  it('ends a sheet at its last value, whatever a merge across the whole row says', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('表一');
    ws.addRow(['某局支出表']);
    ws.mergeCells('A1:XFD1');
    ws.addRow(['项目', '预算数', '决算数']);
    ws.addRow(['合计', 12.5, 12]);
    const [table] = tables(await extractXlsx(new Uint8Array(await wb.xlsx.writeBuffer())));
    expect(table).toMatchObject({ title: '某局支出表', nCols: 3, nRows: 2 });
  });

  it.skipIf(!HAS_CORPUS)('tells atl06’s export metadata rows and columns from its tables', async () => {
    const model = await extractXlsx(corpusBytes('atl06.xlsx'));
    const found = tables(model);
    expect(found.map((t) => [t.title, t.unit])).toEqual([
      ['13河北省2023年地方政府债务限额调整情况表', '亿元'],
      ['13河北省2023年地方政府新增债务限额资金安排表', '亿元'],
    ]);
    expect(tableToGrid(found[0]!)[0]).toEqual(['项目', '公式', '本地区', '本级', '下级']);
    expect(tableToGrid(found[0]!)[1]).toEqual(['一、2022年地方政府债务限额', 'A=B+C', '17159.1', '1118.68', '16040.42']);
  });

  it.skipIf(!HAS_CORPUS)('reads atl07, an XLSX named .xls, as the XLSX it is, without its hidden rows', async () => {
    const bytes = corpusBytes('atl07.xls');
    expect(sniffFormat(bytes, 'atl07.xls')).toEqual({ ok: true, format: 'xlsx' });
    const model = await extractModel(bytes, 'xlsx');
    expect(tables(model).map((t) => t.title)).toEqual(['44广东省2022年地方政府一般债务余额情况表', '44广东省2022年地方政府专项债务余额情况表']);
    expect(JSON.stringify(model)).not.toMatch(/DEBT_T_XXGK/);
  });

  it.skipIf(!HAS_CORPUS)('finds the nine standard tables in shtb03’s 17-sheet budget template', async () => {
    const parsed = parseDocument(await extractXlsx(corpusBytes('shtb03.xlsx')));
    expect(parsed.family).toBe('budget');
    expect(new Set(parsed.tables.map((t) => t.kind).filter((k) => k !== null)).size).toBe(9);
  });
});

describe.skipIf(!HAS_SOFFICE)('DOC and XLS through LibreOffice (skipped: soffice is not installed)', () => {
  it.skipIf(!HAS_CORPUS)('reads atl02, a WPS-made DOC, with its tables', async () => {
    const model = await extractModel(corpusBytes('atl02.doc'), 'doc');
    expect(model.format).toBe('doc');
    const found = tables(model);
    expect(found.length).toBeGreaterThan(20);
    expect(found.find((t) => t.title === '2025年度和田地区一般公共预算对下转移支付表')).toMatchObject({ unit: '万元', nCols: 10 });
  }, 120_000);

  it.skipIf(!HAS_CORPUS)('finds the nine standard tables in shtb10, a BIFF template', async () => {
    const parsed = parseDocument(await extractModel(corpusBytes('shtb10.xls'), 'xls'));
    expect(new Set(parsed.tables.map((t) => t.kind).filter((k) => k !== null)).size).toBe(9);
  }, 60_000);

  it.skipIf(!HAS_CORPUS)('reads dxls03’s goal and monitoring sheets as performance_goal tables with their indicators', async () => {
    const parsed = parseDocument(await extractModel(corpusBytes('dxls03.xls'), 'xls'));
    expect(parsed.family).toBe('perf_goals');
    expect(parsed.tables.filter((t) => t.kind === 'performance_goal').map((t) => t.table.prov.sheet)).toEqual(['项目支出绩效目标申报表', '项目支出绩效目标执行监控']);
    expect(parsed.indicators).toHaveLength(14);
    // The 申报表 leaves its goal cells empty: no goal, not the label 中期目标 beside them.
    expect(parsed.goalProjects.find((g) => g.project === '2019年210青少年校园足球扶持资金')).toMatchObject({ goal: null });
    expect(parsed.indicators[2]).toMatchObject({ level1: '产出指标', level2: '时效指标', level3: '项目完成及时率', target_op: '>=', target_value: 90, target_unit: '%' });
  }, 60_000);
});

describe('LibreOffice conversion failing', () => {
  /** Runs `check` with $SOFFICE pointing at `command`, restoring it after. */
  async function withSoffice(command: string, check: () => Promise<void>): Promise<void> {
    const saved = process.env['SOFFICE'];
    process.env['SOFFICE'] = command;
    try {
      await check();
    } finally {
      if (saved === undefined) delete process.env['SOFFICE'];
      else process.env['SOFFICE'] = saved;
    }
  }

  it('fails a DOC with the reason and the install command when LibreOffice is missing', async () => {
    await withSoffice(join(tempDir(), 'no-soffice-here'), async () => {
      const failure = extractModel(new Uint8Array([0xd0, 0xcf, 0x11, 0xe0]), 'doc');
      await expect(failure).rejects.toBeInstanceOf(InputError);
      await expect(failure).rejects.toThrow(/LibreOffice, which is not installed: apt-get install libreoffice-writer-nogui/);
    });
  });

  it('stops a conversion that hangs at its time limit', async () => {
    const dir = tempDir();
    const hanging = join(dir, 'soffice');
    writeFileSync(hanging, '#!/bin/sh\nsleep 30\n');
    chmodSync(hanging, 0o755);
    await withSoffice(hanging, async () => {
      const started = Date.now();
      await expect(convertLegacy(new Uint8Array([1, 2, 3]), 'xls', 500)).rejects.toThrow(/did not finish converting the Excel 97-2003 \(XLS\) file within 1 s/);
      expect(Date.now() - started).toBeLessThan(10_000);
    });
  });
});

// ---------------------------------------------------------------------------------------------
// ZIP containers that must not be unpacked

function crc32(data: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of data) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

/** A ZIP of deflated entries; `declared` overrides an entry's unpacked size as the headers state it. */
function zipOf(entries: { name: string; data: Buffer; declared?: number }[]): Uint8Array {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name);
    const packed = deflateRawSync(e.data);
    const size = e.declared ?? e.data.length;
    const crc = crc32(e.data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(packed.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, packed);
    centrals.push(central, name);
    offset += local.length + name.length + packed.length;
  }
  const dir = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(dir.length, 12);
  end.writeUInt32LE(offset, 16);
  return new Uint8Array(Buffer.concat([...locals, dir, end]));
}

describe('ZIP guard', () => {
  const docxParts = [{ name: '[Content_Types].xml', data: Buffer.from('<Types/>') }, { name: 'word/document.xml', data: Buffer.from('<w:document/>') }];

  it('fails a part whose unpacked size lies about itself (a zip bomb), naming the part', async () => {
    const bomb = zipOf([...docxParts, { name: 'word/media/image1.png', data: Buffer.alloc(8 * 1024 * 1024), declared: 1024 }]);
    expect(sniffFormat(bomb, 'report.docx')).toEqual({ ok: true, format: 'docx' });
    await expect(extractModel(bomb, 'docx')).rejects.toThrow(/part word\/media\/image1\.png cannot be unpacked/);
  });

  it('fails a container that unpacks past the limits before unpacking it', async () => {
    const big = zipOf([...docxParts, { name: 'word/media/huge.bin', data: Buffer.alloc(10), declared: ZIP_LIMITS.maxTotalBytes + 1 }]);
    await expect(checkZip(big)).rejects.toThrow(/unpacks to 256 MB, over the 256 MB limit/);
    const many = zipOf(Array.from({ length: 12 }, (_, i) => ({ name: `xl/worksheets/sheet${i}.xml`, data: Buffer.from('<worksheet/>') })));
    await expect(checkZip(many, () => false, { ...ZIP_LIMITS, maxEntries: 10 })).rejects.toThrow(/has 12 entries, over the limit of 10/);
  });

  it('reads a DOCX named .doc as the DOCX it is', () => {
    expect(sniffFormat(sampleBytes('001'), 'report.doc')).toEqual({ ok: true, format: 'docx' });
    expect(sniffFormat(new TextEncoder().encode('<html><body><table><tr><td>1</td></tr></table></body></html>'), 'tables.xls')).toEqual({ ok: true, format: 'html' });
  });
});
