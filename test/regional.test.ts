/**
 * Government-level disclosures: the layouts of debt and fiscal tables seen across provinces and
 * the prose of budget execution reports, each as a small document the way a portal prints it —
 * which region figures come out, with what region code, scope, year and basis, which are
 * verified, and when the document says it is partial.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractText } from '../extractors/text/index.js';
import { extractHtml } from '../extractors/html/index.js';
import { parseDocument } from '../src/domain/index.js';
import type { ParsedDocument, StoredRegionFigure } from '../src/domain/parsed.js';
import { divisionOfCode } from '../src/domain/region.js';
import { resolveRegion } from '../src/domain/regional/regions.js';
import { openDatabase } from '../src/store/db.js';
import { storeDocument } from '../src/store/write.js';
import { tempDir } from './helpers.js';

const doc = (...lines: string[]): ParsedDocument => parseDocument(extractText(new TextEncoder().encode(lines.join('\n'))));
const tsv = (...rows: string[][]) => rows.map((r) => r.join('\t'));
/** The figures as [region code or printed name, scope, key, year, basis] → [元, verified]. */
const figures = (p: ParsedDocument, source: 'table' | 'narrative' = 'table') =>
  Object.fromEntries(p.regionFigures.filter((f) => f.source === source).map((f) => [[f.region_code ?? f.region, f.scope, f.key, f.fiscal_year, f.basis].join(' '), [f.value_fen / 100, f.verified]]));
const one = (p: ParsedDocument, match: Partial<StoredRegionFigure>) => {
  const found = p.regionFigures.filter((f) => Object.entries(match).every(([k, v]) => (f as Record<string, unknown>)[k] === v));
  expect(found, JSON.stringify(match)).toHaveLength(1);
  return found[0]!;
};

describe('the region resolver', () => {
  const hunan = divisionOfCode('430000');
  const jilin = divisionOfCode('220000');
  it('names regions as printed, short or full, in the context of the document and the city above', () => {
    expect(resolveRegion('（一）长沙市', { home: hunan })).toMatchObject({ role: 'region', printed: '长沙市', scope: 'whole', division: { code: '430100' } });
    expect(resolveRegion('湘西州', { home: hunan }).division?.code).toBe('433100');
    expect(resolveRegion('城步县', { home: hunan }).division?.code).toBe('430529');
    expect(resolveRegion('长沙市本级', { home: hunan })).toMatchObject({ scope: 'own_level', division: { code: '430100' } });
    expect(resolveRegion('湖南省本级', { home: hunan })).toMatchObject({ scope: 'own_level', division: { code: '430000' } });
    expect(resolveRegion('一、省本级', { home: hunan })).toMatchObject({ scope: 'own_level', division: { code: '430000' } });
    expect(resolveRegion('全省合计', { home: hunan })).toMatchObject({ role: 'total', scope: 'whole', division: { code: '430000' } });
    expect(resolveRegion('市县小计', { home: hunan }).role).toBe('aggregate');
    expect(resolveRegion('二、市（州）合计', { home: hunan }).role).toBe('aggregate');
    // 铁西区 is a district of 沈阳, 鞍山 and 四平: in Jilin under 四平 it is 四平's.
    expect(resolveRegion('铁西区', { home: jilin, parent: divisionOfCode('220300') }).division?.code).toBe('220302');
    // A zone without a code keeps its printed name; a sub-part that excludes something is no region.
    expect(resolveRegion('长春新区', { home: jilin })).toMatchObject({ role: 'zone', division: null });
    expect(resolveRegion('区本级(不含宁东)', { home: divisionOfCode('640000') }).role).toBe('other');
    expect(resolveRegion('待收回限额', { home: hunan }).role).toBe('other');
  });
});

describe('a 债务限额及余额决算情况表 of a province (the MoF template)', () => {
  const header = [
    ['地区', '2019年债务限额', '', '', '2019年债务余额（决算数）', '', ''],
    ['', '合计', '一般债务', '专项债务', '合计', '一般债务', '专项债务'],
    ['公式', 'A=B+C', 'B', 'C', 'D=E+F', 'E', 'F'],
  ];
  const parsed = doc(
    '湖南省2019年地方政府债务限额及余额决算情况表',
    '',
    '单位：亿元',
    '',
    ...tsv(
      ...header,
      ['湖南省', '2,110.00', '1,400.00', '710.00', '2,000.00', '1,350.00', '650.00'],
      ['湖南省本级', '110.00', '100.00', '10.00', '100.00', '95.00', '5.00'],
      ['市县小计', '2,000.00', '1,300.00', '700.00', '1,900.00', '1,255.00', '645.00'],
      ['长沙市', '1,200.00', '700.00', '500.00', '1,150.00', '680.00', '470.00'],
      ['长沙市本级', '1,000.00', '600.00', '400.00', '960.00', '590.00', '370.00'],
      ['芙蓉区', '120.00', '60.00', '60.00', '110.00', '55.00', '55.00'],
      ['宁乡市', '80.00', '40.00', '40.00', '80.00', '35.00', '45.00'],
      ['湘西州', '800.00', '600.00', '200.00', '750.00', '575.00', '175.00'],
      ['湘西州本级', '500.00', '400.00', '100.00', '450.00', '380.00', '70.00'],
      ['城步县', '300.00', '200.00', '100.00', '300.00', '195.00', '105.00'],
    ),
  );

  it('gives every region its figures: code, scope, year and basis from the header band', () => {
    expect(parsed.family).toBe('gov_report');
    expect(figures(parsed)).toMatchObject({
      '430000 whole debt_limit_total 2019 final': [211_000_000_000, 1],
      '430000 own_level debt_limit_general 2019 final': [10_000_000_000, 1],
      '430100 whole debt_balance_special 2019 final': [47_000_000_000, 1],
      '430100 own_level debt_balance_total 2019 final': [96_000_000_000, 1],
      '430102 whole debt_limit_special 2019 final': [6_000_000_000, 1],
      '433100 whole debt_limit_total 2019 final': [80_000_000_000, 1],
      '430529 whole debt_balance_general 2019 final': [19_500_000_000, 1],
    });
    // 市县小计 adds the cities up; it is checked, not a region.
    expect(parsed.regionFigures.some((f) => f.region === '市县小计')).toBe(false);
    expect(parsed.problems).toEqual([]);
  });

  it('checks 一般 + 专项 = 合计 on every row and every total against the rows under it', () => {
    const rules = new Set(parsed.checks.filter((c) => c.ok === 1).map((c) => c.rule));
    expect(rules).toEqual(new Set(['region.general_plus_special', 'region.sum_of_regions', 'region.formula']));
    expect(parsed.checks.filter((c) => c.rule === 'region.sum_of_regions' && c.subject?.includes('长沙市:'))).toHaveLength(0);
    expect(parsed.checks.some((c) => c.rule === 'region.sum_of_regions' && /长沙市 \//.test(c.subject ?? ''))).toBe(true);
  });

  it('flags a misprinted figure: the document is partial and the figures of the failed sums are unverified', () => {
    const bad = doc(
      '湖南省2019年地方政府债务限额及余额决算情况表',
      '单位：亿元',
      ...tsv(
        ...header,
        ['湖南省', '2,110.00', '1,400.00', '710.00', '2,000.00', '1,350.00', '650.00'],
        ['湖南省本级', '110.00', '100.00', '10.00', '100.00', '95.00', '5.00'],
        ['长沙市', '1,200.00', '700.00', '500.00', '1,150.00', '680.00', '470.00'],
        // 湘西州's special limit misprinted: 一般 + 专项 ≠ 合计, and the column's total fails too.
        ['湘西州', '800.00', '600.00', '210.00', '750.00', '575.00', '175.00'],
      ),
    );
    expect(bad.problems.join(' ')).toMatch(/identities fail/);
    expect(one(bad, { region_code: '433100', key: 'debt_limit_special' }).verified).toBe(0);
    expect(one(bad, { region_code: '433100', key: 'debt_limit_total' }).verified).toBe(0);
    // The balance columns add up, and their figures stay verified.
    expect(one(bad, { region_code: '433100', key: 'debt_balance_special' }).verified).toBe(1);
  });

  it('flags a cell too large to be an amount on that cell and keeps the rest of the document', () => {
    const bad = doc(
      '湖南省2019年地方政府债务限额及余额决算情况表',
      '单位：亿元',
      ...tsv(...header, ['湖南省', '2,110.00', '1,400.00', '710.00', '2,000.00', '1,350.00', '650.00'], ['长沙市', '123456789012345678', '700.00', '500.00', '1,150.00', '680.00', '470.00'], ['湘西州', '800.00', '600.00', '200.00', '750.00', '575.00', '175.00'], ['湖南省本级', '110.00', '100.00', '10.00', '100.00', '95.00', '5.00']),
    );
    expect(bad.problems.join(' ')).toMatch(/长沙市 \/ 2019年债务限额\/合计.*"123456789012345678" \(too large to be an amount\)/);
    expect(bad.regionFigures.some((f) => f.region === '长沙市' && f.key === 'debt_limit_total')).toBe(false);
    expect(one(bad, { region_code: '430100', key: 'debt_limit_general' }).value_fen).toBe(7_000_000_000_000);
  });
});

describe('a table of regions printed flat (Ningxia): the counties beside their city, not under it', () => {
  const parsed = doc(
    '2019年全区地方政府债务限额及余额决算情况表',
    '单位：亿元',
    ...tsv(
      ['地区', '2019年债务限额', '', '', '2019年债务余额（决算数）', '', ''],
      ['', '合计', '一般债务', '专项债务', '合计', '一般债务', '专项债务'],
      ['宁夏回族自治区', '1,000.0', '700.0', '300.0', '900.0', '640.0', '260.0'],
      ['宁夏自治区本级', '400.0', '300.0', '100.0', '380.0', '290.0', '90.0'],
      ['市县合计', '600.0', '400.0', '200.0', '520.0', '350.0', '170.0'],
      ['银川市', '300.0', '200.0', '100.0', '260.0', '180.0', '80.0'],
      ['永宁县', '150.0', '100.0', '50.0', '130.0', '90.0', '40.0'],
      ['石嘴山市', '150.0', '100.0', '50.0', '130.0', '80.0', '50.0'],
    ),
  );

  it('reads the city row as the city (whole, as printed) and the flat sums as holding', () => {
    expect(figures(parsed)).toMatchObject({
      '640100 whole debt_limit_total 2019 final': [30_000_000_000, 1],
      '640121 whole debt_balance_general 2019 final': [9_000_000_000, 1],
      '640000 own_level debt_limit_total 2019 final': [40_000_000_000, 1],
    });
    expect(parsed.problems).toEqual([]);
  });
});

describe('an 一般债务余额情况表 of a province: one region, rows of items', () => {
  const parsed = doc(
    '表1-1 13河北省2026年地方政府一般债务余额情况表',
    '单位：亿元',
    ...tsv(
      ['项目', '预算数', '执行数'],
      ['一、2024年末地方政府一般债务余额实际数', '', '7,435.05'],
      ['二、2025年末地方政府一般债务余额限额', '8,225.44', ''],
      ['三、2025年地方政府一般债务发行额', '', '1,022.21'],
      ['中央转贷地方的国际金融组织和外国政府贷款', '', '0.00'],
      ['2025年地方政府一般债券发行额', '', '1,022.21'],
      ['四、2025年地方政府一般债务还本额', '', '443.22'],
      ['五、2025年末地方政府一般债务余额预计执行数', '8,014.00', '8,014.04'],
      ['六、2026年地方财政赤字', '317.00', ''],
      ['七、2026年地方政府一般债务余额限额', '8,542.44', ''],
    ),
  );

  it('keys each row by its own words: the year it names, the basis of its column', () => {
    expect(figures(parsed)).toMatchObject({
      '130000 whole debt_balance_general 2024 final': [743_505_000_000, 1],
      '130000 whole debt_limit_general 2025 budget': [822_544_000_000, 0],
      '130000 whole debt_issued_general 2025 execution': [102_221_000_000, 1],
      '130000 whole bond_issued_general 2025 execution': [102_221_000_000, 0],
      '130000 whole debt_repaid_general 2025 execution': [44_322_000_000, 1],
      '130000 whole debt_balance_general 2025 execution': [801_404_000_000, 1],
      '130000 whole debt_balance_general 2025 budget': [801_400_000_000, 0],
      '130000 whole deficit 2026 budget': [31_700_000_000, 0],
      '130000 whole debt_limit_general 2026 budget': [854_244_000_000, 0],
    });
    // A loan on-lent from above is a part of the issuance, not the issuance.
    expect(parsed.regionFigures.filter((f) => f.value_fen === 0)).toEqual([]);
  });

  it('checks the balance: opening + issued − repaid = closing', () => {
    expect(parsed.checks.find((c) => c.rule === 'region.balance_rollforward')).toMatchObject({ ok: 1, expected: 801_404_000_000 });
    expect(parsed.problems).toEqual([]);
  });
});

describe('a 分地区 revenue table (Jiangsu): this year’s execution beside last year’s final account', () => {
  const parsed = doc(
    '2018年江苏省分地区一般公共预算收入执行情况表',
    '单位：万元',
    ...tsv(
      ['地区', '2018年执行数', '2017年决算数', '增收额', '增幅（%）'],
      ['全省合计', '3,000,000', '2,800,000', '200,000', '7.1%'],
      ['省级', '500,000', '600,000', '-100,000', '-16.7%'],
      ['南京市', '1,500,000', '1,300,000', '200,000', '15.4%'],
      ['连云港市', '1,000,000', '900,000', '100,000', '11.1%'],
    ),
  );

  it('keys the revenue by the title and the year and basis by each column; changes and shares are no figures', () => {
    expect(figures(parsed)).toMatchObject({
      '320700 whole gpb_revenue 2018 execution': [10_000_000_000, 1],
      '320700 whole gpb_revenue 2017 final': [9_000_000_000, 1],
      '320000 own_level gpb_revenue 2018 execution': [5_000_000_000, 1],
      '320000 whole gpb_revenue 2018 execution': [30_000_000_000, 1],
    });
    expect(parsed.regionFigures.some((f) => f.raw === '200,000' || f.raw === '7.1%')).toBe(false);
  });
});

describe('a revenue table of items: the total is the revenue, a fund’s line is no total', () => {
  const parsed = doc(
    '2018年全市政府性基金收入预算完成情况表',
    '单位：万元',
    ...tsv(
      ['科目名称', '年初预算', '实际完成', '占年初预算(%)'],
      ['1.国有土地使用权出让收入', '5,000', '4,900', '98.0'],
      ['2.其他政府性基金收入', '1,000', '1,100', '110.0'],
      ['合计', '6,000', '6,000', '100.0'],
    ),
  );

  it('reads 合计 as the revenue and the named lines as themselves', () => {
    expect(figures(parsed)).toMatchObject({
      '全市 whole gov_fund_revenue 2018 budget': [60_000_000, 1],
      '全市 whole gov_fund_revenue 2018 execution': [60_000_000, 1],
      '全市 whole land_sale_revenue 2018 execution': [49_000_000, 1],
    });
    expect(parsed.regionFigures.some((f) => f.raw === '1,100')).toBe(false);
  });
});

describe('the prose of a budget execution report', () => {
  const report = (...paragraphs: string[]) => doc('关于重庆市2025年预算执行情况和2026年预算草案的报告', '', ...paragraphs.flatMap((p) => [p, '']));
  const parsed = report(
    '一、2025年预算执行情况',
    '（一）一般公共预算',
    '全市一般公共预算收入2736亿元，增长5.4%，完成预算的100.9%。其中，税收收入1556亿元，增长2.3%。加上中央补助等，全市一般公共预算收入总计7654亿元。',
    '市级一般公共预算收入805亿元，下降4.7%。一般公共预算支出中教育支出430亿元。',
    '宿迁经开区一般公共预算收入8.08亿元，加上级补助收入等37.46亿元。一般公共预算支出12.65亿元。',
    '（二）政府性基金预算',
    '2019年全市政府性基金收入年初预算为184.2亿元，实际完成189.3亿元，为年预算的102.8%。',
    '（三）政府债务',
    '2025年，财政部核定我市政府债务限额17681亿元。其中，一般债务限额4077亿元，专项债务限额13604亿元。',
    '2025年底，全市政府债务余额为16782亿元。按类型分，一般债务余额3957亿元，专项债务余额12825亿元。',
    '2025年，财政部下达我市新增债务限额1665亿元，其中，一般债务限额295亿元、专项债务限额1370亿元。',
    '二、2026年预算草案',
    '全市一般公共预算收入预计2818亿元，增长3%。',
  );

  it('reads the level of each key with its scope, year and basis; changes, totals with transfers and sub-items are none', () => {
    expect(figures(parsed, 'narrative')).toEqual({
      '500000 whole gpb_revenue 2025 execution': [273_600_000_000, 0],
      '500000 whole tax_revenue 2025 execution': [155_600_000_000, 0],
      '500000 own_level gpb_revenue 2025 execution': [80_500_000_000, 0],
      '500000 whole gov_fund_revenue 2019 budget': [18_420_000_000, 0],
      '500000 whole gov_fund_revenue 2019 execution': [18_930_000_000, 0],
      '500000 whole debt_limit_total 2025 execution': [1_768_100_000_000, 0],
      '500000 whole debt_limit_general 2025 execution': [407_700_000_000, 0],
      '500000 whole debt_limit_special 2025 execution': [1_360_400_000_000, 0],
      '500000 whole debt_balance_total 2025 execution': [1_678_200_000_000, 0],
      '500000 whole debt_balance_general 2025 execution': [395_700_000_000, 0],
      '500000 whole debt_balance_special 2025 execution': [1_282_500_000_000, 0],
      '500000 whole debt_new_total 2025 execution': [166_500_000_000, 0],
      '500000 whole debt_new_general 2025 execution': [29_500_000_000, 0],
      '500000 whole debt_new_special 2025 execution': [137_000_000_000, 0],
      '500000 whole gpb_revenue 2026 budget': [281_800_000_000, 0],
    });
  });

  it('checks the prose against a table of the same figure', () => {
    const withTable = (prose: string) =>
      doc('关于重庆市2025年预算执行情况和2026年预算草案的报告', '', prose, '', '全市一般公共预算收入执行情况表', '单位：万元', ...tsv(['项目', '2025年执行数'], ['税收收入', '15,560,000'], ['非税收入', '11,800,000'], ['合计', '27,360,000']));
    const both = withTable('全市一般公共预算收入2736亿元，增长5.4%。');
    expect(both.checks.find((c) => c.rule === 'region.narrative_vs_table')).toMatchObject({ ok: 1 });
    expect(one(both, { source: 'narrative', key: 'gpb_revenue' }).verified).toBe(1);
    const differing = withTable('全市一般公共预算收入2746亿元，增长5.4%。');
    expect(differing.checks.find((c) => c.rule === 'region.narrative_vs_table')).toMatchObject({ ok: 0 });
    expect(differing.problems.join(' ')).toMatch(/the prose states 2746亿元, the table prints 27,360,000 万元/);
  });
});

describe('the same report as text and as an HTML page', () => {
  it('gives the same region figures', () => {
    const rows = [['地区', '2024年限额', '2024年余额'], ['宜昌市', '4950619', '4664113'], ['宜昌市级', '1587938', '1499815'], ['西陵区', '87369', '74910'], ['夷陵区', '3275312', '3089388']];
    const text = doc('2024年全市政府一般债务分地区限额余额表', '单位：万元', ...tsv(...rows));
    const html = `<html><head><meta charset="utf-8"><title>宜昌市政府债务</title></head><body><h1>2024年全市政府一般债务分地区限额余额表</h1><p>单位：万元</p><table>${rows.map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`).join('')}</table></body></html>`;
    const page = parseDocument(extractHtml(new TextEncoder().encode(html)));
    const strip = (p: ParsedDocument) => p.regionFigures.map(({ cell: _c, page: _p, ...f }) => f);
    expect(strip(page)).toEqual(strip(text));
    expect(figures(text)).toMatchObject({ '420500 whole debt_limit_general 2024 budget': [49_506_190_000, 1], '420500 own_level debt_balance_general 2024 execution': [14_998_150_000, 1] });
  });
});

describe('the region_panel view', () => {
  it('gives one row per region, year and scope, each key from the most final document that states it', () => {
    const db = openDatabase(join(tempDir(), 'panel.db'));
    const rows = (limit: string, balance: string) => tsv(['地区', '2024年限额', '2024年余额'], ['宜昌市', limit, balance], ['宜昌市级', '1587938', '1499815'], ['夷陵区', '3362681', `${Number(balance) - 1499815}`]);
    const store = (id: string, title: string, limit: string, balance: string) => {
      const parsed = doc(title, '单位：万元', ...rows(limit, balance));
      const row = {
        id: id.repeat(64), source: `${id}.txt`, format: 'txt' as const, family: parsed.family, title: parsed.title, department: null, region: parsed.region, region_code: parsed.region_code, region_level: parsed.region_level,
        department_norm: null, coverage: null, fiscal_year: parsed.fiscal_year, published_on: null, signed_on: null, publisher: null, doc_number: null, index_number: null, pages: null,
        status: 'ok' as const, error: null, bytes: 1, parser_version: 'test', ingested_at: new Date().toISOString(),
      };
      storeDocument(db, row, parsed);
    };
    store('a', '宜昌市2024年政府一般债务分地区限额余额预算情况表', '4950619', '4700000');
    store('b', '宜昌市2024年政府一般债务分地区限额余额决算情况表', '4950619', '4664113');
    const panel = db.prepare("SELECT * FROM region_panel WHERE region_code = '420500' AND fiscal_year = 2024 AND scope = 'whole'").all() as Record<string, unknown>[];
    expect(panel).toHaveLength(1);
    expect(panel[0]).toMatchObject({ region_name: '宜昌市', debt_balance_general: 46_641_130_000, debt_balance_general_basis: 'final', debt_balance_general_doc_id: 'b'.repeat(64), debt_balance_general_verified: 1 });
    db.close();
  });
});
