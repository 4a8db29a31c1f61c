import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { OPS } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { describe, expect, it } from 'vitest';
import { DocumentModel } from '../schemas/document.js';
import { tableFromRows, tableToGrid } from '../extractors/common/table-grid.js';
import { joinWrapped, tableOfGrid } from '../extractors/pdf/cells.js';
import { placeColumns, repeatedHeaderRows, ruleIndices } from '../extractors/pdf/continuation.js';
import type { Glyph } from '../extractors/pdf/glyphs.js';
import { glyphsOfOperatorList } from '../extractors/pdf/op-text.js';
import { extractPdf, pdfLayouts, PdfOpenError, readPages } from '../extractors/pdf/index.js';
import { openPdf } from '../extractors/pdf/open.js';
import { addSideRules, findLattices, gridOfGroup, joinEdges, snapEdges } from '../extractors/pdf/lattice.js';
import { layoutPage } from '../extractors/pdf/page.js';
import { tableRuns } from '../extractors/pdf/stream.js';
import { splitTextRows } from '../extractors/pdf/text-rows.js';
import { buildLine, dropOverprint } from '../extractors/pdf/lines.js';
import { rulesOfOperatorList, type Edge } from '../extractors/pdf/rules.js';
import { extractText } from '../extractors/text/index.js';
import { parseDocument } from '../src/domain/index.js';
import { headerPaths } from '../src/domain/header-paths.js';
import type { ParsedDocument } from '../src/domain/parsed.js';
import { comparable, corpusBytes, HAS_CORPUS, ROOT, sampleBytes, seedBytes } from './helpers.js';

const h = (y: number, x0: number, x1: number): Edge => ({ orient: 'h', x0, x1, top: y, bottom: y });
const v = (x: number, top: number, bottom: number): Edge => ({ orient: 'v', x0: x, x1: x, top, bottom });
const glyph = (text: string, x0: number, baseline = 100, size = 10): Glyph => ({ text, x0, x1: x0 + size, top: baseline - 8.8, bottom: baseline + 1.2, size, baseline, upright: true });

describe('PDF stages', () => {
  // A font of 1000 units per em; a 10-point size; a page 800 points high (y flips into the viewport).
  const font = { fontMatrix: [0.001, 0, 0, 0.001, 0, 0] };
  const VIEWPORT = [1, 0, 0, -1, 0, 800] as const;
  const glyph1000 = (unicode: string, width = 1000) => ({ unicode, width, isSpace: unicode === ' ' });
  const textOps = (...ops: [number, unknown[]][]) => ({ fnArray: ops.map((o) => o[0]), argsArray: ops.map((o) => o[1]) });

  it('places each glyph of the operator list by its advance, through Tm, Td, Tc and the CTM', () => {
    const ops = textOps(
      [OPS.save, []],
      [OPS.transform, [1, 0, 0, 1, 50, 0]],
      [OPS.beginText, []],
      [OPS.setFont, ['F1', 10]],
      [OPS.setTextMatrix, [[1, 0, 0, 1, 100, 700]]],
      [OPS.setCharSpacing, [2]],
      [OPS.showText, [[glyph1000('合'), glyph1000('计'), -500, glyph1000('1', 500), glyph1000('2', 500)]]],
      [OPS.moveText, [0, -20]],
      [OPS.showText, [[glyph1000('收')]]],
      [OPS.endText, []],
      [OPS.restore, []],
    );
    const glyphs = glyphsOfOperatorList(ops, VIEWPORT, () => font);
    expect(glyphs.map((g) => g.text).join('')).toBe('合计12收');
    // 合 at x 150 (Tm 100 + CTM 50), baseline 800 − 700; each CJK advance 10 + Tc 2; TJ −500 moves 5 right.
    expect(glyphs.map((g) => Math.round(g.x0 * 10) / 10)).toEqual([150, 162, 179, 186, 150]);
    expect(glyphs.map((g) => g.baseline)).toEqual([100, 100, 100, 100, 120]);
    expect(glyphs[0]).toMatchObject({ size: 10, upright: true, top: 100 - 8.8, bottom: 100 + 1.2 });
  });

  it('maps Kangxi radicals and radical supplements to the unified ideographs', () => {
    const ops = textOps([OPS.beginText, []], [OPS.setFont, ['F1', 10]], [OPS.showText, [[glyph1000('⾦'), glyph1000('额'), glyph1000('⻔')]]]);
    expect(glyphsOfOperatorList(ops, VIEWPORT, () => font).map((g) => g.text).join('')).toBe('金额门');
  });

  it('reads text on a page turned by /Rotate 90 as upright lines', () => {
    // Viewport of a landscape page: pdf.js's rotate-90 transform.
    const rotated = [0, 1, 1, 0, 0, 0] as const;
    const ops = textOps([OPS.beginText, []], [OPS.setFont, ['F1', 10]], [OPS.setTextMatrix, [[0, 1, -1, 0, 200, 100]]], [OPS.showText, [[glyph1000('部'), glyph1000('门')]]]);
    const glyphs = glyphsOfOperatorList(ops, rotated, () => font);
    expect(glyphs.every((g) => g.upright)).toBe(true);
    expect(glyphs[1]!.x0).toBeGreaterThan(glyphs[0]!.x0);
    expect(glyphs[0]!.baseline).toBe(glyphs[1]!.baseline);
  });

  it('keeps text drawn twice for faux bold once', () => {
    const twice = [glyph('部', 0), glyph('部', 0.4), glyph('门', 10), glyph('门', 10.4)];
    expect(dropOverprint(twice).map((g) => g.text).join('')).toBe('部门');
  });

  it('joins a title letter-spaced across the page and splits a line at wide gaps', () => {
    expect(buildLine([glyph('部', 0), glyph('门', 40), glyph('预', 80), glyph('算', 120)]).text).toBe('部门预算');
    const row = buildLine([glyph('合', 0), glyph('计', 10), glyph('1', 200), glyph('2', 205)]);
    expect(row.segments.map((s) => s.text)).toEqual(['合计', '12']);
  });

  it('joins text wrapped inside a cell: no space in Chinese; two figures never glued into one', () => {
    expect(joinWrapped(['一般公共预算资', '金'])).toBe('一般公共预算资金');
    expect(joinWrapped(['57714', '4'])).toBe('57714\n4');
    expect(joinWrapped(['Office', 'Word'])).toBe('Office Word');
  });

  it('reads rules from the operator list: stroked lines, thin filled bars, not shading, through transforms', () => {
    const path = (paint: number, ...cmds: number[]) => [paint, [new Float32Array(cmds)], null];
    const ops = {
      fnArray: [OPS.save, OPS.transform, OPS.constructPath, OPS.restore, OPS.constructPath, OPS.constructPath],
      argsArray: [
        [],
        [1, 0, 0, 1, 10, 0],
        // A stroked line from (0,100) to (200,100), drawn 10 points to the right by the transform.
        path(OPS.stroke, 0, 0, 100, 1, 200, 100),
        [],
        // A 0.5-point filled bar: a vertical rule.
        path(OPS.fill, 0, 50, 0, 1, 50.5, 0, 1, 50.5, 100, 1, 50, 100, 4),
        // A 100×20 filled rectangle: shading.
        path(OPS.fill, 0, 0, 0, 1, 100, 0, 1, 100, 20, 1, 0, 20, 4),
      ],
    };
    const rules = rulesOfOperatorList(ops, [1, 0, 0, -1, 0, 800]);
    expect(rules.edges).toHaveLength(2);
    expect(rules.edges[0]).toMatchObject({ orient: 'h', x0: 10, x1: 210, top: 700 });
    expect(rules.edges[1]).toMatchObject({ orient: 'v', top: 700, bottom: 800 });
    expect(rules.edges[1]!.x0).toBeCloseTo(50.25, 5);
    expect(rules.shading).toEqual([{ x0: 0, x1: 100, top: 780, bottom: 800 }]);
  });

  it('snaps double rules and joins hairline gaps', () => {
    const edges = joinEdges(snapEdges([h(100, 0, 50), h(101.5, 51, 100), h(300, 0, 100)]));
    expect(edges.filter((e) => e.top < 200)).toHaveLength(1);
    expect(edges.find((e) => e.top < 200)).toMatchObject({ x0: 0, x1: 100 });
  });

  it('finds merged cells as spans where an inner rule is missing', () => {
    // A 3×3 grid whose top row is one cell (no inner verticals in it), and whose first column's
    // lower two rows are one cell.
    const edges = [h(0, 0, 90), h(10, 0, 90), h(20, 30, 90), h(30, 0, 90), v(0, 0, 30), v(90, 0, 30), v(30, 10, 30), v(60, 10, 30)];
    const grid = gridOfGroup(edges)!;
    const spans = grid.cells.map((c) => [c.row, c.col, c.rowSpan, c.colSpan]).sort();
    expect(spans).toEqual([[0, 0, 1, 3], [1, 0, 2, 1], [1, 1, 1, 1], [1, 2, 1, 1], [2, 1, 1, 1], [2, 2, 1, 1]].sort());
    const text = (c: { row: number; col: number }) => (c.row === 0 ? '收支预算总表' : c.col === 0 ? '一般公共预算' : ['', '12.00', '10.00', '3.00', '4.00'][(c.row - 1) * 2 + c.col]!);
    const table = tableOfGrid(grid, grid.cells.map(text), 1)!;
    expect(table).toMatchObject({ nRows: 3, nCols: 3, headerRows: 1 });
    expect(table.cells.find((c) => c.text === '一般公共预算')).toMatchObject({ row: 1, col: 0, rowSpan: 2, colSpan: 1 });
    expect(tableToGrid(table)).toEqual([['收支预算总表', '', ''], ['一般公共预算', '12.00', '10.00'], ['', '3.00', '4.00']]);
  });

  it('reads a header band whose rule stops short of its first sub-column as a band over all three', () => {
    // The MoF debt template (债务限额及余额情况表): 2019年债务限额 over an unlabelled 合计 column and
    // 一般债务 | 专项债务, the rule under the band drawn only over the last two. The band and the
    // blank cell below it are one L-shaped region of the rules.
    const edges = [
      h(0, 0, 120), h(10, 60, 120), h(20, 0, 120), h(30, 0, 120),
      v(0, 0, 30), v(30, 0, 30), v(120, 0, 30), v(60, 10, 30), v(90, 10, 30),
    ];
    const grid = gridOfGroup(edges)!;
    const spans = grid.cells.map((c) => [c.row, c.col, c.rowSpan, c.colSpan]).sort();
    expect(spans).toEqual([[0, 0, 2, 1], [0, 1, 1, 3], [1, 1, 1, 1], [1, 2, 1, 1], [1, 3, 1, 1], [2, 0, 1, 1], [2, 1, 1, 1], [2, 2, 1, 1], [2, 3, 1, 1]].sort());
    const texts = grid.cells.map((c) => (c.row === 0 ? (c.col === 0 ? '地区' : '2019年债务限额') : c.row === 1 ? ['', '', '一般债务', '专项债务'][c.col]! : ['湖南省', '10228.96', '6220.02', '4008.94'][c.col]!));
    const table = tableOfGrid(grid, texts, 1)!;
    expect(table.headerRows).toBe(2);
    expect(headerPaths(table)).toEqual(['地区', '2019年债务限额', '2019年债务限额/一般债务', '2019年债务限额/专项债务']);
  });

  it('does not take an open frame (a box with no inner rules) for a table', () => {
    expect(findLattices([h(0, 0, 100), h(50, 0, 100), v(0, 0, 50), v(100, 0, 50)])).toEqual([]);
  });

  /** Glyphs of a text written from x at a baseline, 10-point CJK or 5-point-wide Latin. */
  const word = (text: string, x: number, baseline: number): Glyph[] => {
    let at = x;
    return Array.from(text).map((ch) => {
      const w = /[\u3400-\u9fff]/.test(ch) ? 10 : 5;
      const g = { ...glyph(ch, at, baseline), x1: at + w };
      at += w;
      return g;
    });
  };

  it('takes the label column left of the first column rule into a table ruled only between its figures', () => {
    // Rules above and below the header and at the foot, from x 60 to 400; column rules at 200 and 300 only.
    const edges = [h(100, 60, 400), h(130, 60, 400), h(300, 60, 400), v(200, 100, 300), v(300, 100, 300)];
    const grid = gridOfGroup(addSideRules(edges))!;
    expect(grid.xs).toEqual([60, 200, 300, 400]);
    // Three rows of figures in the one ruled body band become three rows; a wrapped label stays one.
    const glyphs = [
      ...word('科目', 70, 120), ...word('预算数', 210, 120), ...word('决算数', 310, 120),
      ...word('税收收入', 70, 150), ...word('5490000', 210, 150), ...word('5897633', 310, 150),
      ...word('增值税', 70, 180), ...word('3020000', 210, 180), ...word('3126852', 310, 180),
      ...word('国有资源有偿使用', 70, 205), ...word('445700', 210, 210), ...word('465293', 310, 210), ...word('收入', 70, 216),
    ];
    const split = splitTextRows(grid, glyphs);
    expect(split.ys.length - 1).toBe(4);
    const page = layoutPage(1, 500, 800, glyphs, { edges, shading: [] });
    const table = page.items.find((i) => i.kind === 'table');
    expect(table?.kind === 'table' ? tableToGrid(table.table) : []).toEqual([
      ['科目', '预算数', '决算数'],
      ['税收收入', '5490000', '5897633'],
      ['增值税', '3020000', '3126852'],
      ['国有资源有偿使用收入', '445700', '465293'],
    ]);
  });

  it('keeps two rows apart when a name wrapped onto a line of its own sits between them', () => {
    // Jilin's debt tables: rows ruled only at the header and the foot; 长白山管委会本|级 wraps
    // under its figures, 前郭尔罗斯蒙古族|自治县 wraps above them.
    const edges = [h(100, 60, 400), h(120, 60, 400), h(300, 60, 400), v(60, 100, 300), v(200, 100, 300), v(300, 100, 300), v(400, 100, 300)];
    const glyphs = [
      ...word('地区', 70, 115), ...word('限额', 210, 115), ...word('余额', 310, 115),
      // Lines a little under 1.3 em apart: no gap alone says where one row ends.
      ...word('长白山管委会本', 62, 140), ...word('68.45', 210, 140), ...word('66.08', 310, 140),
      ...word('级', 62, 148),
      ...word('延边州', 62, 160), ...word('497.13', 210, 160), ...word('392.75', 310, 160),
      ...word('前郭尔罗斯蒙古族', 62, 172),
      ...word('自治县', 62, 180), ...word('41.99', 210, 180), ...word('37.94', 310, 180),
      ...word('长岭县', 62, 192), ...word('18.77', 210, 192), ...word('16.96', 310, 192),
    ];
    const page = layoutPage(1, 500, 800, glyphs, { edges, shading: [] });
    const table = page.items.find((i) => i.kind === 'table');
    expect(table?.kind === 'table' ? tableToGrid(table.table) : []).toEqual([
      ['地区', '限额', '余额'],
      ['长白山管委会本级', '68.45', '66.08'],
      ['延边州', '497.13', '392.75'],
      ['前郭尔罗斯蒙古族自治县', '41.99', '37.94'],
      ['长岭县', '18.77', '16.96'],
    ]);
  });

  it('closes the last column down to the foot when the page draws its outer edge only around the header', () => {
    // The header ruled to the right edge (x 400); in the body only the column rules run on, and
    // the foot rule stops 6 points short of the edge.
    const edges = [h(100, 60, 400), h(120, 60, 400), h(300, 60, 394), v(60, 100, 300), v(200, 100, 300), v(300, 100, 300), v(400, 100, 120)];
    const glyphs = [...word('地区', 70, 115), ...word('限额', 210, 115), ...word('余额', 310, 115), ...word('江源区', 70, 140), ...word('67.1', 210, 140), ...word('21.4', 310, 140)];
    const page = layoutPage(1, 500, 800, glyphs, { edges, shading: [] });
    const table = page.items.find((i) => i.kind === 'table');
    expect(table?.kind === 'table' ? tableToGrid(table.table) : []).toEqual([
      ['地区', '限额', '余额'],
      ['江源区', '67.1', '21.4'],
    ]);
  });

  it('reads an unruled table from the gaps no line crosses, figures right-aligned', () => {
    const glyphs = [
      ...word('项目', 60, 100), ...word('预算数', 250, 100), ...word('决算数', 350, 100),
      ...word('一般公共服务支出', 60, 120), ...word('8196817', 260, 120), ...word('8100000', 360, 120),
      ...word('人大事务', 60, 140), ...word('145766', 265, 140), ...word('140000', 365, 140),
      ...word('合计', 60, 160), ...word('8342583', 260, 160), ...word('8240000', 360, 160),
    ];
    const page = layoutPage(1, 500, 800, glyphs, { edges: [], shading: [] });
    const lines = page.items.flatMap((i) => (i.kind === 'line' ? [i.line] : []));
    expect(lines).toEqual([]);
    const table = page.items.find((i) => i.kind === 'table');
    expect(table?.kind === 'table' ? tableToGrid(table.table) : []).toEqual([
      ['项目', '预算数', '决算数'],
      ['一般公共服务支出', '8196817', '8100000'],
      ['人大事务', '145766', '140000'],
      ['合计', '8342583', '8240000'],
    ]);
    expect(table?.kind === 'table' ? table.table.headerRows : -1).toBe(1);
  });

  it('leaves prose and two-run lines (a label and its value) as text', () => {
    const glyphs = [...word('评价项目单位：', 60, 100), ...word('某某局', 300, 100), ...word('项目主管部门：', 60, 130), ...word('某某局', 300, 130), ...word('评价项目金额：', 60, 160), ...word('13,237万元', 300, 160)];
    const page = layoutPage(1, 500, 800, glyphs, { edges: [], shading: [] });
    expect(page.items.every((i) => i.kind === 'line')).toBe(true);
    expect(tableRuns(page.items.flatMap((i) => (i.kind === 'line' ? [i.line] : [])))).toEqual([]);
  });

  it('drops a continuation page’s repeated header when it leaves out the 公式 row under it', () => {
    const first = tableFromRows([['地区', '2023年债务限额', '', ''], ['', '', '一般债务', '专项债务'], ['公式', 'A=B+C', 'B', 'C'], ['湖南省', '18,428.31', '8,213.02', '10,215.29']], { prov: { page: 1 }, headerRows: 3 });
    const next = tableFromRows([['地区', '2023年债务限额', '', ''], ['', '', '一般债务', '专项债务'], ['蒸湘区', '8.83', '4.68', '4.15']], { prov: { page: 2 }, headerRows: 2 });
    expect(repeatedHeaderRows(first, next)).toBe(2);
    // A page whose first row only resembles the header's first row repeats nothing.
    const body = tableFromRows([['地区', '2023年债务限额', '', ''], ['石鼓区', '9.68', '4.26', '5.42']], { prov: { page: 2 }, headerRows: 1 });
    expect(repeatedHeaderRows(first, body)).toBe(0);
  });

  it('matches the column rules of a chunk on the next page to the table’s, a merged cell spanning the ones it lacks', () => {
    expect(ruleIndices([57, 88, 215, 300], [57.5, 88, 214, 300])).toEqual([0, 1, 2, 3]);
    expect(ruleIndices([57, 88, 215, 300], [57, 215, 300])).toEqual([0, 2, 3]);
    expect(ruleIndices([57, 88, 215, 300], [57, 120, 300])).toBeNull();
    expect(ruleIndices([57, 88, 215, 300], [88, 215, 300])).toBeNull();
    const chunk = tableOfGrid(gridOfGroup([h(0, 57, 300), h(20, 57, 300), v(57, 0, 20), v(215, 0, 20), v(300, 0, 20)])!, ['支出合计', '13,649.07'], 9)!;
    const placed = placeColumns(chunk, [0, 2, 3], 3);
    expect(placed.cells.map((c) => [c.text, c.col, c.colSpan])).toEqual([['支出合计', 0, 2], ['13,649.07', 2, 1]]);
  });
});

describe('PDF samples give the same records as their text versions', () => {
  for (const seed of ['000', '002', '003']) {
    it(`seed ${seed}`, async () => {
      const fromText = parseDocument(extractText(seedBytes(seed)));
      const model = await extractPdf(sampleBytes(seed));
      expect(() => DocumentModel.parse(model)).not.toThrow();
      const fromPdf = parseDocument(model);
      const a = comparable(fromText);
      const b = comparable(fromPdf);
      // Record set by record set, so a failure names the set that differs.
      for (const key of Object.keys(a)) expect({ [key]: b[key] }).toEqual({ [key]: a[key] });
    });
  }

  it('places seed 000’s project table on pages 3 to 9 as one table, a row broken over page 3 folded back', async () => {
    const model = await extractPdf(sampleBytes('000'));
    const projects = model.blocks.find((b) => b.type === 'table' && b.title === '部门绩效自评结果公开汇总表');
    expect(projects).toMatchObject({ type: 'table', pageFirst: 3, pageLast: 9, nCols: 14, unit: '万元' });
    const grid = projects?.type === 'table' ? tableToGrid(projects) : [];
    expect(grid.find((r) => r[0] === '10')?.[1]).toBe('石财建（2024）24号2023年下半年主导产业奖补资金');
  });
});

describe('hard PDF files', () => {
  const fixture = (name: string) => new Uint8Array(readFileSync(join(ROOT, 'test', 'fixtures', 'pdf', name)));

  it('reads an encrypted PDF that opens without a user password', async () => {
    // Built with LibreOffice: permissions restricted by an owner password only.
    const model = await extractPdf(fixture('owner-only.pdf'));
    expect(model.blocks.some((b) => b.type === 'table' && tableToGrid(b).some((r) => r.includes('12.50')))).toBe(true);
  });

  it('fails a PDF that needs a password, saying so', async () => {
    await expect(extractPdf(fixture('user-password.pdf'))).rejects.toThrow(/encrypted PDF that needs a password/);
  });

  it('loses only the page that cannot be read, and says which', async () => {
    const { doc, close } = await openPdf(sampleBytes('003'));
    try {
      const broken = new Proxy(doc, {
        get: (target, prop) => (prop === 'getPage' ? (n: number) => (n === 2 ? Promise.reject(new Error('bad content stream')) : target.getPage(n)) : Reflect.get(target, prop)),
      });
      const { pages, failures } = await readPages(broken, { pages: new Set([1, 2, 3]) });
      expect(pages.map((p) => p.page)).toEqual([1, 3]);
      expect(failures).toEqual([{ page: 2, reason: 'bad content stream' }]);
    } finally {
      await close();
    }
  });

  it.skipIf(!HAS_CORPUS)('tells a scanned page from a blank one without decoding images, so only scans go to OCR', async () => {
    // rw03: four scanned pages; rg062: a 179-page text report with one blank page; nb018: one scanned page among text.
    const scan = await pdfLayouts(corpusBytes('rw03.pdf'), { ocr: false });
    expect(scan.pages.map((p) => [p.glyphCount, p.paintsImage ?? false])).toEqual([[0, true], [0, true], [0, true], [0, true]]);
    const report = await pdfLayouts(corpusBytes('rg062.pdf'));
    const blank = report.pages.filter((p) => p.glyphCount === 0);
    expect(blank).toHaveLength(1);
    expect(blank[0]!.paintsImage ?? false).toBe(false);
    expect(report.ocr).toBeUndefined();
    const mixed = await pdfLayouts(corpusBytes('nb018.pdf'), { ocr: false });
    expect(mixed.pages.filter((p) => p.glyphCount === 0).map((p) => p.paintsImage)).toEqual([true]);
    expect(mixed.pages.filter((p) => p.glyphCount > 0).some((p) => p.paintsImage)).toBe(false);
  });

  it('keeps of each page only what assembling the document reads, unless asked for the drawing', async () => {
    const lean = await pdfLayouts(sampleBytes('002'), { pages: new Set([5]) });
    const drawn = await pdfLayouts(sampleBytes('002'), { pages: new Set([5]), keepDrawing: true });
    const glyphsOf = (pages: typeof lean.pages) => pages.flatMap((p) => p.items.flatMap((i) => (i.kind === 'line' ? i.line.segments.flatMap((s) => s.glyphs) : [])));
    expect(drawn.pages[0]!.grids.length).toBeGreaterThan(0);
    expect(drawn.pages[0]!.rules.edges.length).toBeGreaterThan(0);
    expect(glyphsOf(drawn.pages).length).toBeGreaterThan(0);
    expect(lean.pages[0]!.grids).toEqual([]);
    expect(lean.pages[0]!.rules.edges).toEqual([]);
    expect(glyphsOf(lean.pages)).toEqual([]);
    // Assembly reads the same lines and tables either way.
    const assembled = (pages: typeof lean.pages) => pages.flatMap((p) => p.items.map((i) => (i.kind === 'line' ? [i.line.text, i.line.leadWidth] : [tableToGrid(i.table), i.box.xs])));
    expect(assembled(lean.pages)).toEqual(assembled(drawn.pages));
  });

  it('says so when the pages asked for are not in the file', async () => {
    await expect(extractPdf(sampleBytes('003'), { pages: new Set([400]) })).rejects.toThrow(/no such page: the PDF has \d+ page/);
  });

  it('fails bytes that are not a PDF body, saying so', async () => {
    const truncated = new TextEncoder().encode('%PDF-1.7\n1 0 obj\n<< /Type /Catalog');
    const err = await extractPdf(truncated).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PdfOpenError);
    expect((err as Error).message).toMatch(/not a readable PDF|no pages/);
  });
});
