import { describe, expect, it } from 'vitest';
import { extractText } from '../extractors/text/index.js';
import { parseBudgetTables } from '../src/domain/budget/index.js';
import { budgetTableKind } from '../src/domain/budget/kinds.js';
import { measureOf } from '../src/domain/budget/columns.js';
import { rowIdentities } from '../src/domain/budget/checks.js';
import { parseDocument, inContext } from '../src/domain/index.js';
import type { ParsedDocument } from '../src/domain/parsed.js';
import { extractPdf } from '../extractors/pdf/index.js';
import { listedTableChecks, listedTableTitles } from '../src/domain/budget/contents.js';
import { coverDepartment, departmentOf, departmentOfUnits, orgOfBanner } from '../src/domain/meta.js';
import { modelTable, sampleBytes, seedBytes } from './helpers.js';


const fen = (wan: string) => Math.round(Number(wan) * 1_000_000);

describe('seed 002 (鹿泉区科工局 2024 部门预算): line items against figures read off the report by hand', () => {
  const parsed: ParsedDocument = parseDocument(extractText(seedBytes('002')));
  const item = (kind: string, name: string, column: string) =>
    parsed.lineItems.filter((l) => l.table_kind === kind && l.name === name && l.column === column).map((l) => l.amount_fen);

  it('recognises the nine standard tables by kind', () => {
    const kinds = new Set(parsed.tables.map((t) => t.kind));
    for (const k of ['summary', 'income', 'expenditure', 'appropriation_summary', 'gpb_expenditure', 'gpb_basic_expenditure', 'gov_fund_expenditure', 'soe_capital_expenditure', 'three_public']) {
      expect(kinds, k).toContain(k);
    }
    expect(parsed.tables.filter((t) => t.kind === 'performance_goal').length).toBeGreaterThanOrEqual(20);
    expect(parsed.tables.some((t) => t.kind === 'procurement')).toBe(true);
    expect(parsed.tables.some((t) => t.kind === 'assets')).toBe(true);
  });

  it('reads classified rows with code, level, parent and every amount column', () => {
    expect(item('expenditure', '行政运行', 'total')).toEqual([fen('739.46')]);
    expect(item('expenditure', '行政运行', 'basic')).toEqual([fen('739.46')]);
    expect(item('expenditure', '中小企业发展专项', 'project')).toEqual([fen('332.80')]);
    expect(item('expenditure', '中小企业发展专项', 'basic')).toEqual([]); // printed blank: no line item
    expect(item('gpb_expenditure', '行政单位医疗', 'basic')).toEqual([fen('53.70')]);
    expect(item('income', '中小企业发展专项', 'income_current_year')).toEqual([fen('322.60')]);
    expect(item('income', '中小企业发展专项', 'appropriation')).toEqual([fen('322.60')]);
    expect(item('gpb_basic_expenditure', '基本工资', 'personnel')).toEqual([fen('214.37')]);
    expect(item('gpb_basic_expenditure', '公务用车运行维护费', 'public')).toEqual([fen('5.40')]);
    const wages = parsed.lineItems.find((l) => l.table_kind === 'gpb_basic_expenditure' && l.name === '基本工资');
    expect(wages).toMatchObject({ code: '30101', classification: 'economic', column: 'total', raw: '214.37' });
    const admin = parsed.lineItems.find((l) => l.table_kind === 'expenditure' && l.code === '2060101');
    expect(admin).toMatchObject({ classification: 'function', name: '行政运行', column_label: '合计' });
  });

  it('reads the summary tables half by half and the three-public items', () => {
    expect(item('summary', '收入总计', 'budget')).toEqual([fen('11897.36')]);
    expect(item('summary', '支出总计', 'budget')).toEqual([fen('11897.36')]);
    expect(item('summary', '六、科学技术支出', 'budget')).toEqual([fen('8093.27')]);
    expect(item('appropriation_summary', '年初财政拨款结转和结余', 'amount')).toEqual([fen('263.06')]);
    expect(item('three_public', '公务用车运行维护费', 'total')).toEqual([fen('5.40')]);
  });

  it('records the empty fund tables as empty on purpose, with their note', () => {
    const empty = parsed.tables.filter((t) => t.emptyNote);
    expect(empty.map((t) => [t.kind, t.emptyNote])).toEqual([
      ['gov_fund_expenditure', '注：无政府基金预算财政拨款预算，空表列示。'],
      ['soe_capital_expenditure', '注：无国有资本经营预算财政拨款预算，空表列示。'],
    ]);
    expect(parsed.checks.filter((c) => c.rule === 'table.declared_empty').map((c) => c.ok)).toEqual([1, 1]);
  });

  it('reads the figures the 情况说明 states, as narrative facts', () => {
    const said = (key: string) => parsed.facts.find((f) => f.key === key && f.source === 'narrative');
    expect(said('income_total')).toMatchObject({ value_num: 118_973_600, basis: 'budget', raw: '2024年预算收入11897.36万元' });
    expect(said('three_public_vehicle_operation')).toMatchObject({ value_num: 54_000, raw: '公务用车运维费5.4万元' });
    expect(said('three_public_abroad')?.value_num).toBe(0);
  });

  it('states the year-on-year changes the 情况说明 explains, signed, with their reasons', () => {
    const change = (key: string) => parsed.facts.find((f) => f.key === key);
    expect(change('income_total_change')).toMatchObject({ value_num: 13_577_400 });
    expect(change('basic_expenditure_change')).toMatchObject({ value_num: -871_100, value_text: '主要是人员退休工资减少' });
    expect(change('project_expenditure_change')).toMatchObject({ value_num: 14_448_500, value_text: '主要为企业奖补资金增加' });
    expect(change('three_public_total_change')).toMatchObject({ value_num: -5_000, value_text: expect.stringMatching(/^主要原因是勤俭节约/) });
  });

  it('states the headline figures as facts, in 元', () => {
    const fact = (key: string) => parsed.facts.find((f) => f.key === key && f.source === 'table')?.value_num;
    expect(fact('income_total')).toBe(118_973_600);
    expect(fact('carryover_begin')).toBe(2_630_600);
    expect(fact('basic_expenditure')).toBe(12_380_100);
    expect(fact('project_expenditure')).toBe(106_593_500);
    expect(fact('personnel_expenditure')).toBe(10_893_000);
    expect(fact('public_expenditure')).toBe(1_487_100);
    expect(fact('three_public_total')).toBe(54_000);
  });

  it('evaluates every identity the tables allow, and they all hold', () => {
    const rules = new Set(parsed.checks.map((c) => c.rule));
    for (const r of ['summary.totals', 'expenditure.row_total', 'expenditure.hierarchy', 'income.row_total', 'gpb_basic_expenditure.row_total', 'three_public.sum', 'cross.summary_vs_expenditure']) {
      expect(rules, r).toContain(r);
    }
    expect(parsed.checks.length).toBeGreaterThan(300);
    // The 情况说明's figures against the tables: 收入, 支出, 基本/项目, 人员/公用, 上年结转, 三公.
    const narrative = parsed.checks.filter((c) => c.rule === 'narrative.vs_table').map((c) => c.subject);
    expect(narrative).toEqual(expect.arrayContaining(['income_total', 'expenditure_total', 'basic_expenditure', 'project_expenditure', 'personnel_expenditure', 'public_expenditure', 'carryover_begin', 'three_public_total']));
    expect(parsed.checks.filter((c) => c.ok === 0)).toEqual([]);
  });
});

describe('classification codes in every printed form', () => {
  const header = ['科目编码', '', '', '科目名称', '合计', '基本支出', '项目支出'];
  const parts = ['类', '款', '项', '', '', '', ''];

  it('joins 类 | 款 | 项 columns, taking a group’s 类 and 款 from the row above', () => {
    const t = modelTable([header, parts, ['', '', '', '合计', '30.00', '10.00', '20.00'], ['206', '', '', '科学技术支出', '30.00', '10.00', '20.00'], ['', '01', '', '科学技术管理事务', '30.00', '10.00', '20.00'], ['', '', '01', '行政运行', '10.00', '10.00', ''], ['', '', '02', '一般行政管理事务', '20.00', '', '20.00']], { title: '支出总表', headerRows: 2 });
    const { lineItems, checks } = parseBudgetTables(inContext([{ kind: 'expenditure', table: t }]), { basis: 'budget', year: null });
    const codes = [...new Set(lineItems.map((l) => `${l.code ?? '-'} ${l.name}`))];
    expect(codes).toEqual(['- 合计', '206 科学技术支出', '20601 科学技术管理事务', '2060101 行政运行', '2060102 一般行政管理事务']);
    expect(checks.filter((c) => c.rule === 'expenditure.hierarchy').length).toBeGreaterThan(0);
    expect(checks.every((c) => c.ok === 1)).toBe(true);
  });

  it('splits a code fused with its name, and flags a hierarchy that does not add up', () => {
    const t = modelTable([['科目名称', '合计'], ['合计', '5.00'], ['201-一般公共服务支出', '5.00'], ['20101 人大事务', '5.00'], ['2010101-行政运行', '4.00']], { headerRows: 1 });
    const { lineItems, checks } = parseBudgetTables(inContext([{ kind: 'gpb_expenditure', table: t }]), { basis: 'budget', year: null });
    expect(lineItems.map((l) => [l.code, l.name])).toEqual([[null, '合计'], ['201', '一般公共服务支出'], ['20101', '人大事务'], ['2010101', '行政运行']]);
    const failed = checks.filter((c) => c.ok === 0);
    expect(failed).toEqual([expect.objectContaining({ rule: 'gpb_expenditure.hierarchy', subject: '20101 人大事务', expected: 40_000, actual: 50_000 })]);
  });

  it('reads a 类 | 款 | 项 row printed as the first body row beside the 合计 figures', () => {
    const t = modelTable([['项目', '', '', '', '本年支出合计', '基本支出', '项目支出'], ['科目编码', '科目编码', '科目编码', '科目名称', '', '', ''], ['类', '款', '项', '合计', '3.00', '1.00', '2.00'], ['201', '', '', '一般公共服务支出', '3.00', '1.00', '2.00'], ['201', '06', '', '财政事务', '3.00', '1.00', '2.00'], ['201', '06', '01', '行政运行', '3.00', '1.00', '2.00']], { title: '支出决算表', headerRows: 2 });
    const { lineItems } = parseBudgetTables(inContext([{ kind: 'expenditure', table: t }]), { basis: 'final', year: null });
    expect([...new Set(lineItems.map((l) => l.code))]).toEqual([null, '201', '20106', '2010601']);
  });

  it('reads an economic classification printed in two side-by-side halves', () => {
    const t = modelTable([['类', '款', '科目名称', '决算数', '类', '款', '科目名称', '决算数'], ['301', '', '工资福利支出', '3.00', '302', '', '商品和服务支出', '1.00'], ['301', '01', '基本工资', '2.00', '302', '01', '办公费', '1.00'], ['301', '02', '津贴补贴', '1.00', '', '', '', '']], { title: '一般公共预算财政拨款基本支出决算表', headerRows: 1 });
    const { lineItems, checks } = parseBudgetTables(inContext([{ kind: 'gpb_basic_expenditure', table: t }]), { basis: 'final', year: null });
    expect(lineItems.map((l) => `${l.code} ${l.name} ${l.raw}`).sort()).toEqual(['301 工资福利支出 3.00', '30101 基本工资 2.00', '30102 津贴补贴 1.00', '302 商品和服务支出 1.00', '30201 办公费 1.00']);
    expect(checks.filter((c) => c.rule.endsWith('hierarchy')).map((c) => c.ok)).toEqual([1, 1]);
  });

  it('flags a standard table without rows that no note declares empty', () => {
    const t = modelTable([['科目编码', '科目名称', '合计'], ['栏次', '1', '2']], { title: '政府性基金预算财政拨款支出表', headerRows: 2 });
    const { checks } = parseBudgetTables(inContext([{ kind: 'gov_fund_expenditure', table: t, emptyNote: null }]), { basis: 'budget', year: null });
    expect(checks.find((c) => c.rule === 'table.declared_empty')).toMatchObject({ ok: 0, detail: expect.stringContaining('no rows') });
  });

  it('reads a department economic code and the government economic code printed beside it', () => {
    const t = modelTable(
      [
        ['部门预算支出经济分类科目', '', '', '政府预算支出经济分类科目', '', '', '合计'],
        ['类', '款', '科目名称', '类', '款', '科目名称', ''],
        ['', '', '合计', '', '', '', '4.00'],
        ['301', '', '工资福利支出', '501', '', '机关工资福利支出', '1.00'],
        ['301', '01', '基本工资', '501', '01', '工资奖金津补贴', '1.00'],
        // The same department code again for institutional units: a second block of its own.
        ['301', '', '工资福利支出', '505', '', '对事业单位经常性补助', '3.00'],
        ['301', '01', '基本工资', '505', '01', '工资福利支出', '3.00'],
      ],
      { title: '基本支出预算情况表', headerRows: 2 },
    );
    const { lineItems, checks } = parseBudgetTables(inContext([{ kind: 'gpb_basic_expenditure', table: t }]), { basis: 'budget', year: null });
    expect(lineItems.map((l) => [l.code, l.level, l.parent_code, l.gov_economic_code, l.raw])).toEqual([
      [null, null, null, null, '4.00'],
      ['301', 1, null, '501', '1.00'],
      ['30101', 2, '301', '50101', '1.00'],
      ['301', 1, null, '505', '3.00'],
      ['30101', 2, '301', '50501', '3.00'],
    ]);
    expect(checks.filter((c) => c.rule.endsWith('hierarchy')).map((c) => [c.subject, c.ok])).toEqual([['301 工资福利支出', 1], ['301 工资福利支出', 1], ['合计', 1]]);
  });

  it('leaves a memo column (扣除基建项目后预算数) out of the row total', () => {
    const t = modelTable([['科目编码', '科目名称', '预算数', '', '', ''], ['', '', '合计', '基本支出', '项目支出', ''], ['', '', '', '', '项目支出总数', '扣除基建项目后预算数'], ['2010801', '行政运行', '10.00', '4.00', '6.00', '5.00']], { title: '一般公共预算支出表', headerRows: 3 });
    const { checks } = parseBudgetTables(inContext([{ kind: 'gpb_expenditure', table: t }]), { basis: 'budget', year: null });
    expect(checks.filter((c) => c.rule === 'gpb_expenditure.row_total').map((c) => [c.expected, c.actual, c.ok])).toEqual([[100_000, 100_000, 1]]);
  });

  it('says so when a table’s pages print its header differently', () => {
    // As seed 002's 收入总表: 其他收入 printed under 上年结转 on one page, under 本年收入 on the next.
    const head = ['科目编码', '科目名称', '合计', '本年收入', '', '上年结转'];
    const page1 = modelTable([head, ['', '', '', '财政拨款收入', '', '其他收入'], ['206', '科学技术支出', '3.00', '', '', '3.00']], { title: '收入总表', headerRows: 2 });
    const page2 = modelTable([head, ['', '', '', '财政拨款收入', '其他收入', ''], ['20601', '科学技术管理事务', '3.00', '', '', '3.00']], { headerRows: 2 });
    const { problems } = parseBudgetTables(inContext([{ kind: 'income', table: page1 }, { kind: 'income', table: page2 }]), { basis: 'budget', year: null });
    expect(problems).toEqual([expect.stringContaining('column 6 上年结转/其他收入 / 上年结转')]);
  });

  it('reads every page under the printing of the header whose identities its figures keep', () => {
    // Seed 002's 收入总表 again, with rows enough to tell: page 1 prints 上年结转 over the empty
    // 其他收入 column and 其他收入 over the 上年结转 figures; page 2 prints them right.
    const row1 = ['', '', '', '小计', '财政拨款收入', '', '其他收入'];
    const row2 = ['', '', '', '小计', '财政拨款收入', '其他收入', ''];
    const head1 = ['科目编码', '科目名称', '合计', '本年收入', '', '上年结转', ''];
    const head2 = ['科目编码', '科目名称', '合计', '本年收入', '', '', '上年结转'];
    const body = (codes: string[]) => codes.map((code, i) => [code, `科目${code}`, `${10 + i}.00`, '10.00', '10.00', '', `${i}.00`]);
    const page1 = modelTable([head1, row1, ...body(['201', '20101', '2010101', '2010102'])], { title: '收入总表', headerRows: 2 });
    const page2 = modelTable([head2, row2, ...body(['205', '20501', '2050101', '2050102'])], { headerRows: 2 });
    const { problems, lineItems } = parseBudgetTables(inContext([{ kind: 'income', table: page1 }, { kind: 'income', table: page2 }]), { basis: 'budget', year: null });
    expect(problems).toEqual([]);
    expect(lineItems.filter((l) => l.amount_fen > 0 && !['total', 'income_current_year', 'appropriation'].includes(l.column)).map((l) => [l.code, l.column])).toEqual(
      ['20101', '2010101', '2010102', '20501', '2050101', '2050102'].map((code) => [code, 'carryover']),
    );
  });

  it('reads amounts in 元 exactly from 万元 with separators, full-width digits and dashes', () => {
    const t = modelTable([['科目编码', '科目名称', '合计'], ['201', '一般公共服务支出', '１,２34.５６７８'], ['202', '外交支出', '—']], { headerRows: 1, unit: '万元' });
    const { lineItems } = parseBudgetTables(inContext([{ kind: 'gpb_expenditure', table: t }]), { basis: 'budget', year: null });
    expect(lineItems.map((l) => [l.code, l.amount_fen, l.raw])).toEqual([['201', 1_234_567_800, '１,２34.５６７８']]);
  });
});

describe('tables by content, not by one exact title', () => {
  it('names the standard tables under the titles provinces use', () => {
    const t = (title: string, header: string[] = ['项目', '金额']) => budgetTableKind(modelTable([header, ['x', '1']], { title, headerRows: 1 }));
    const coded = ['科目编码', '科目名称', '合计'];
    expect(t('收支预算总表')).toBe('summary');
    expect(t('收入支出决算总表')).toBe('summary');
    expect(t('财政拨款收入支出决算总表')).toBe('appropriation_summary');
    expect(t('一般公共预算财政拨款基本支出决算明细表', coded)).toBe('gpb_basic_expenditure');
    expect(t('一般公共预算支出预算表', ['功能科目代码', '功能科目名称', '金额'])).toBe('gpb_expenditure');
    expect(t('财政拨款“三公”经费支出表')).toBe('three_public');
    expect(t('项目支出预算表', coded)).toBeNull();
    expect(budgetTableKind(modelTable([['科目编码', '科目名称', '合计', '人员经费', '公用经费'], ['301', '工资福利支出', '3', '3', '']], { headerRows: 1 }))).toBe('gpb_basic_expenditure');
  });

  it('maps printed header paths to canonical measures', () => {
    expect(measureOf('本年收入/小计')).toBe('income_current_year');
    expect(measureOf('本年收入/财政拨款收入')).toBe('appropriation');
    expect(measureOf('一般公共预算基本支出/人员经费')).toBe('personnel');
    expect(measureOf('支出/政府性基金预算财政拨款')).toBe('gov_fund');
    expect(measureOf('年末结转和结余')).toBe('carryover_end');
    expect(measureOf('某个新栏目')).toBe('某个新栏目');
  });

  it('derives row identities from the header’s grouping', () => {
    const paths = ['序号', '科目编码', '科目名称', '合计', '本年收入/小计', '本年收入/财政拨款收入', '本年收入/事业收入', '上年结转'];
    expect(rowIdentities(paths)).toEqual([{ total: 3, parts: [4, 7] }, { total: 4, parts: [5, 6] }]);
    // Three levels (Beijing): a group's 小计 stands for the group in the sum above it.
    const nested = ['科目编码', '科目名称', '预算数/合计', '预算数/基本支出/小计', '预算数/基本支出/人员经费', '预算数/基本支出/公用经费', '预算数/项目支出'];
    expect(rowIdentities(nested)).toEqual([{ total: 2, parts: [3, 6] }, { total: 3, parts: [4, 5] }]);
  });
});

describe('seed 002’s procurement and asset tables', () => {
  const parsed = parseDocument(extractText(seedBytes('002')));

  it('reads every purchase with its project, catalog code, quantity, price and amount, and checks the 合计', () => {
    expect(parsed.procurementItems).toHaveLength(17);
    expect(parsed.procurementItems[0]).toMatchObject({ project: '2024公用类项目（一）', item: '台式计算机', catalog_code: 'A02010105', quantity: 6, quantity_unit: '台', unit_price_fen: 500_000, amount_fen: 3_000_000, sme_reserved_fen: 3_000_000 });
    expect(parsed.procurementItems.find((p) => p.item === 'LED显示屏')).toMatchObject({ quantity: 22.75, quantity_unit: '平方米', amount_fen: 8_190_000 });
    expect(parsed.checks.find((c) => c.rule === 'procurement.total')).toMatchObject({ expected: 3_263_400, actual: 3_263_400, ok: 1 });
  });

  it('reads the asset classes with the unit their value header names (价值（金额单位：万元）)', () => {
    const asset = (name: RegExp) => parsed.assetItems.find((a) => name.test(a.item));
    expect(asset(/^资产总额$/)?.value_fen).toBe(734_980_000);
    expect(asset(/房屋/)).toMatchObject({ quantity: 510, value_fen: 5_990_000 });
    expect(asset(/车辆/)).toMatchObject({ quantity: 2, value_fen: 29_200_000 });
  });
});

describe('who published a budget: banners, titles, cover lines', () => {
  it('reads the organisation a table banner names', () => {
    expect(orgOfBanner(['部门： 江苏省人大常委会办公厅 单位：万元'])).toBe('江苏省人大常委会办公厅');
    expect(orgOfBanner(['471001石家庄市鹿泉区科学技术和工业信息化局本级单位：万元'])).toBe('石家庄市鹿泉区科学技术和工业信息化局本级');
    expect(orgOfBanner(['471 石家庄市鹿泉区科学技术和工业信息化局', '预算年度：2024'])).toBe('石家庄市鹿泉区科学技术和工业信息化局');
    expect(orgOfBanner(['单位：万元'])).toBeNull();
    expect(departmentOfUnits(['某某局本级', '某某局', '某某局下属中心', null])).toBe('某某局');
  });

  it('finds the department after the year in a title, and on a cover line', () => {
    expect(departmentOf('2026年烟台市交通运输局部门预算目录')).toBe('烟台市交通运输局');
    expect(departmentOf('上海市普陀区2026年区级部门预算')).toBeNull();
    const cover = extractText(new TextEncoder().encode('上海市普陀区2026年区级部门预算\n\n预算主管部门：上海市普陀区司法局\n\n目录\n'));
    expect(coverDepartment(cover.blocks)).toBe('上海市普陀区司法局');
  });
});

describe('the tables the 目录 promises', () => {
  it('flags a standard table the contents list but the document lacks', () => {
    const text = ['某某局2024年度部门决算', '', '第二部分 部门决算表', '', '一、收入支出决算总表', '', '二、支出决算表', '', '三、项目支出表', '', '收入支出决算总表', '', '单位：万元', '', '收入\t\t支出\t', '项目\t决算数\t项目\t决算数', '一、财政拨款收入\t10.00\t一、一般公共服务支出\t10.00', '总计\t10.00\t总计\t10.00'].join('\n');
    const model = extractText(new TextEncoder().encode(text));
    expect(listedTableTitles(model.blocks)).toEqual(['收入支出决算总表', '支出决算表', '项目支出表']);
    const parsed = parseDocument(model);
    const checks = listedTableChecks(model.blocks, parsed.tables);
    expect(checks.map((c) => [c.subject, c.ok])).toEqual([['收入支出决算总表', 1], ['支出决算表', 0]]);
  });
});

describe('seed 002 as PDF: whole tables, line by line, as printed in the report', () => {
  // [code, name, 合计, 基本支出, 项目支出] transcribed from the report (blank = not printed).
  const PRINTED: [string, string, string, string, string][] = [
    ['', '合计', '11897.36', '1238.01', '10659.35'],
    ['206', '科学技术支出', '8093.27', '739.46', '7353.82'],
    ['20601', '科学技术管理事务', '1810.49', '739.46', '1071.03'],
    ['2060101', '行政运行', '739.46', '739.46', ''],
    ['2060102', '一般行政管理事务', '79.66', '', '79.66'],
    ['2060199', '其他科学技术管理事务支出', '991.37', '', '991.37'],
    ['20604', '技术与研究开发', '927.45', '', '927.45'],
    ['2060404', '科技成果转化与扩散', '262.34', '', '262.34'],
    ['2060499', '其他技术与研究开发支出', '665.11', '', '665.11'],
    ['20605', '科技条件与服务', '20.00', '', '20.00'],
    ['2060502', '技术创新服务体系', '20.00', '', '20.00'],
    ['20699', '其他科学技术支出', '5335.34', '', '5335.34'],
    ['2069901', '科技奖励', '5000.32', '', '5000.32'],
    ['2069999', '其他科学技术支出', '335.02', '', '335.02'],
    ['208', '社会保障和就业支出', '371.73', '371.73', ''],
    ['20805', '行政事业单位养老支出', '371.73', '371.73', ''],
    ['2080501', '行政单位离退休', '296.09', '296.09', ''],
    ['2080505', '机关事业单位基本养老保险缴费支出', '75.64', '75.64', ''],
    ['210', '卫生健康支出', '1353.70', '53.70', '1300.00'],
    ['21004', '公共卫生', '1300.00', '', '1300.00'],
    ['2100409', '重大公共卫生服务', '1300.00', '', '1300.00'],
    ['21011', '行政事业单位医疗', '53.70', '53.70', ''],
    ['2101101', '行政单位医疗', '53.70', '53.70', ''],
    ['215', '资源勘探工业信息等支出', '2005.53', '', '2005.53'],
    ['21505', '工业和信息产业监管', '272.73', '', '272.73'],
    ['2150517', '产业发展', '272.73', '', '272.73'],
    ['21508', '支持中小企业发展和管理支出', '1732.80', '', '1732.80'],
    ['2150805', '中小企业发展专项', '332.80', '', '332.80'],
    ['2150899', '其他支持中小企业发展和管理支出', '1400.00', '', '1400.00'],
    ['221', '住房保障支出', '73.13', '73.13', ''],
    ['22102', '住房改革支出', '73.13', '73.13', ''],
    ['2210201', '住房公积金', '73.13', '73.13', ''],
  ];

  // [code, name, 合计, 人员经费, 公用经费] of the 一般公共预算财政拨款基本支出表, transcribed likewise.
  const BASIC: [string, string, string, string, string][] = [
    ['', '合计', '1238.01', '1089.30', '148.71'],
    ['301', '工资福利支出', '794.85', '794.85', ''],
    ['30101', '基本工资', '214.37', '214.37', ''],
    ['30102', '津贴补贴', '113.80', '113.80', ''],
    ['30103', '奖金', '111.09', '111.09', ''],
    ['30107', '绩效工资', '139.17', '139.17', ''],
    ['30108', '机关事业单位基本养老保险缴费', '75.64', '75.64', ''],
    ['30110', '职工基本医疗保险缴费', '30.27', '30.27', ''],
    ['30111', '公务员医疗补助缴费', '23.42', '23.42', ''],
    ['30112', '其他社会保障缴费', '13.96', '13.96', ''],
    ['30113', '住房公积金', '73.13', '73.13', ''],
    ['302', '商品和服务支出', '148.71', '', '148.71'],
    ['30201', '办公费', '26.10', '', '26.10'],
    ['30205', '水费', '0.10', '', '0.10'],
    ['30206', '电费', '0.10', '', '0.10'],
    ['30207', '邮电费', '14.20', '', '14.20'],
    ['30208', '取暖费', '6.58', '', '6.58'],
    ['30211', '差旅费', '0.10', '', '0.10'],
    ['30226', '劳务费', '60.73', '', '60.73'],
    ['30228', '工会经费', '4.32', '', '4.32'],
    ['30229', '福利费', '5.36', '', '5.36'],
    ['30231', '公务用车运行维护费', '5.40', '', '5.40'],
    ['30239', '其他交通费用', '17.22', '', '17.22'],
    ['30299', '其他商品和服务支出', '8.50', '', '8.50'],
    ['303', '对个人和家庭的补助', '294.45', '294.45', ''],
    ['30301', '离休费', '48.64', '48.64', ''],
    ['30302', '退休费', '239.78', '239.78', ''],
    ['30305', '生活补助', '6.03', '6.03', ''],
  ];

  // 收入总表: [code, name, 合计, 本年收入小计, 财政拨款收入, last column (上年结转 as the figures add up)].
  const INCOME = `|合计|11897.36|11634.30|11634.30|263.06
206|科学技术支出|8093.27|7840.42|7840.42|252.86
20601|科学技术管理事务|1810.49|1810.49|1810.49|
2060101|行政运行|739.46|739.46|739.46|
2060102|一般行政管理事务|79.66|79.66|79.66|
2060199|其他科学技术管理事务支出|991.37|991.37|991.37|
20604|技术与研究开发|927.45|709.61|709.61|217.84
2060404|科技成果转化与扩散|262.34|50.00|50.00|212.34
2060499|其他技术与研究开发与开发支出|665.11|659.61|659.61|5.50
20605|科技条件与服务|20.00|20.00|20.00|
2060502|技术创新服务体系|20.00|20.00|20.00|
20699|其他科学技术支出|5335.34|5300.32|5300.32|35.02
2069901|科技奖励|5000.32|5000.32|5000.32|
2069999|其他科学技术支出|335.02|300.00|300.00|35.02
208|社会保障和就业支出|371.73|371.73|371.73|
20805|行政事业单位养老支出|371.73|371.73|371.73|
2080501|行政单位离退休|296.09|296.09|296.09|
2080505|机关事业单位基本养老保险缴费支出|75.64|75.64|75.64|
210|卫生健康支出|1353.70|1353.70|1353.70|
21004|公共卫生|1300.00|1300.00|1300.00|
2100409|重大公共卫生服务|1300.00|1300.00|1300.00|
21011|行政事业单位医疗|53.70|53.70|53.70|
2101101|行政单位医疗|53.70|53.70|53.70|
215|资源勘探工业信息等支出|2005.53|1995.33|1995.33|10.20
21505|工业和信息产业监管|272.73|272.73|272.73|
2150517|产业发展|272.73|272.73|272.73|
21508|支持中小企业发展和管理支出|1732.80|1722.60|1722.60|10.20
2150805|中小企业发展专项|332.80|322.60|322.60|10.20
2150899|其他支持中小企业发展和管理支出|1400.00|1400.00|1400.00|
221|住房保障支出|73.13|73.13|73.13|
22102|住房改革支出|73.13|73.13|73.13|
2210201|住房公积金|73.13|73.13|73.13|`;

  const expand = (rows: [string, string, string, string, string][], columns: readonly string[]) =>
    rows.flatMap(([code, name, ...amounts]) => columns.flatMap((column, i) => (amounts[i] ? [[code, name, column, fen(amounts[i]!)]] : [])));

  it('gives exactly the printed line items of its nine standard tables', async () => {
    const parsed = parseDocument(await extractPdf(sampleBytes('002')));
    const got = (kind: string) => parsed.lineItems.filter((l) => l.table_kind === kind).map((l) => [l.code ?? '', l.name, l.column, l.amount_fen]);
    expect(got('expenditure')).toEqual(expand(PRINTED, ['total', 'basic', 'project']));
    expect(got('gpb_basic_expenditure')).toEqual(expand(BASIC, ['total', 'personnel', 'public']));
    // The 一般公共预算财政拨款支出表 repeats the 支出总表's figures, two names printed shorter.
    const gpb = PRINTED.map(([code, name, ...rest]): [string, string, string, string, string] => [code, name.replace('技术与研究开发', '技术与开发'), ...(rest as [string, string, string])]);
    expect(got('gpb_expenditure')).toEqual(expand(gpb, ['total', 'basic', 'project']));
    // 收支总表: the 收入 half, then the 支出 half; blank lines give no item.
    const summary = [
      ['一、一般公共预算拨款收入', '11634.30'], ['本年收入合计', '11634.30'], ['上年结转结余', '263.06'], ['收入总计', '11897.36'],
      ['六、科学技术支出', '8093.27'], ['八、社会保障和就业支出', '371.73'], ['十、卫生健康支出', '1353.70'], ['十五、资源勘探工业信息等支出', '2005.53'],
      ['二十、住房保障支出', '73.13'], ['本年支出合计', '11897.36'], ['支出总计', '11897.36'],
    ];
    expect(got('summary')).toEqual(summary.map(([name, wan]) => ['', name, 'budget', fen(wan!)]));
    const threePublic = ['合计', '“三公”经费小计', '二、公务用车购置及运维费', '公务用车运行维护费'];
    expect(got('three_public')).toEqual(threePublic.flatMap((name) => [['', name, 'total', fen('5.40')], ['', name, 'general_budget', fen('5.40')]]));
    // 财政拨款收支总表: one 金额 column for income, 合计 and 一般公共预算 for expenditure.
    const incomeSide = [['一、一般公共预算拨款', '11634.30'], ['本年收入合计', '11634.30'], ['年初财政拨款结转和结余', '263.06'], ['一、一般公共预算拨款', '263.06'], ['收入总计', '11897.36']];
    const spendSide = [['六、科学技术支出', '8093.27'], ['八、社会保障和就业支出', '371.73'], ['十、卫生健康支出', '1353.70'], ['十五、资源勘探工业信息等支出', '2005.53'], ['二十、住房保障支出', '73.13'], ['本年支出合计', '11897.36'], ['支出总计', '11897.36']];
    expect(got('appropriation_summary')).toEqual([
      ...incomeSide.map(([name, wan]) => ['', name, 'amount', fen(wan!)]),
      ...spendSide.flatMap(([name, wan]) => [['', name, 'total', fen(wan!)], ['', name, 'general_budget', fen(wan!)]]),
    ]);
    // 收入总表, over three pages, the first printing 上年结转 over the neighbouring (empty) column:
    // the figures say which printing is right, and every figure has its column's key.
    const income = parsed.lineItems.filter((l) => l.table_kind === 'income');
    const expectedIncome = INCOME.split('\n').flatMap((line) => {
      const [code, name, ...amounts] = line.split('|');
      return amounts.flatMap((wan, i) => (wan ? [[code, name, ['total', 'income_current_year', 'appropriation', 'carryover'][i], fen(wan)]] : []));
    });
    expect(income.map((l) => [l.code ?? '', l.name, l.column, l.amount_fen])).toEqual(expectedIncome);
    expect(parsed.problems).toEqual([]);
    // The two fund tables are printed empty (空表列示).
    expect([...got('gov_fund_expenditure'), ...got('soe_capital_expenditure')]).toEqual([]);
  });
});
