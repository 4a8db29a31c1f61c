/**
 * Layouts of the standard tables seen in other provinces and years than the seeds, each as a
 * small document the way a portal prints it: what facts and line items come out, which are
 * verified, and when the document says it is partial.
 */
import { describe, expect, it } from 'vitest';
import { extractText } from '../extractors/text/index.js';
import { parseDocument } from '../src/domain/index.js';
import { yearOfName } from '../src/domain/meta.js';
import { narrativeChecks } from '../src/domain/budget/narrative-checks.js';
import type { ParsedDocument } from '../src/domain/parsed.js';
import { screenRecords } from '../src/domain/screen.js';

const doc = (...lines: string[]): ParsedDocument => parseDocument(extractText(new TextEncoder().encode(lines.join('\n'))));
const tsv = (...rows: string[][]) => rows.map((r) => r.join('\t'));
const facts = (p: ParsedDocument, source: 'table' | 'narrative' = 'table') =>
  Object.fromEntries(p.facts.filter((f) => f.source === source && f.subject === null).map((f) => [f.key, [f.value_num, f.verified]]));

describe('a 决算 summary printing 项目 | 行次 | 金额 twice', () => {
  const parsed = doc(
    '某某局2024年度部门决算',
    '',
    '收入支出决算总表',
    '',
    '单位：万元',
    '',
    ...tsv(
      ['收入', '', '', '支出', '', ''],
      ['项目', '行次', '金额', '项目', '行次', '金额'],
      ['一、财政拨款收入', '1', '1,500.00', '一、一般公共服务支出', '32', '1,400.00'],
      ['二、事业收入', '2', '168.14', '二、住房保障支出', '33', '200.00'],
      ['本年收入合计', '3', '1,668.14', '本年支出合计', '34', '1,600.00'],
      ['年初结转和结余', '4', '100.00', '年末结转和结余', '35', '168.14'],
      ['总计', '5', '1,768.14', '总计', '36', '1,768.14'],
    ),
  );

  it('never takes the row numbers for amounts', () => {
    expect(facts(parsed)).toMatchObject({
      income_total: [17_681_400, 1],
      expenditure_total: [17_681_400, 1],
      income_current_year: [16_681_400, 1],
      expenditure_current_year: [16_000_000, 1],
      carryover_begin: [1_000_000, 1],
      carryover_end: [1_681_400, 1],
    });
    expect(parsed.lineItems.some((l) => ['1', '2', '3', '4', '5', '32'].includes(l.raw))).toBe(false);
    expect(parsed.problems).toEqual([]);
  });
});

describe('summaries whose totals are named otherwise', () => {
  it('reads 当年收入小计 … 收入合计 (Jiangsu) and adds every line between them', () => {
    const parsed = doc(
      '江苏省某某厅2019年度部门预算',
      '',
      '收支预算总表',
      '',
      '单位：万元',
      '',
      ...tsv(
        ['收入', '', '支出', ''],
        ['项目名称', '金额', '项目名称', '金额'],
        ['一、财政拨款', '100.00', '一、基本支出', '80.00'],
        ['二、其他资金', '20.00', '二、项目支出', '50.00'],
        ['当年收入小计', '120.00', '当年支出小计', '130.00'],
        ['上年结转资金', '15.00', '结转下年资金', '10.00'],
        ['使用非财政拨款结余', '5.00', '', ''],
        ['收入合计', '140.00', '支出合计', '140.00'],
      ),
    );
    expect(facts(parsed)).toMatchObject({ income_total: [1_400_000, 1], income_current_year: [1_200_000, 1], carryover_begin: [150_000, 1], expenditure_total: [1_400_000, 1] });
    const totals = parsed.checks.filter((c) => c.rule === 'summary.totals');
    expect(totals.map((c) => [c.subject, c.ok])).toEqual(expect.arrayContaining([['收入合计', 1], ['支出合计', 1], ['收入总计 = 支出总计', 1]]));
  });
});

describe('the three-public table printed as one row of columns', () => {
  it('takes this year’s figures where last year’s are printed beside them', () => {
    const parsed = doc(
      '某某局2026年部门预算',
      '',
      '财政拨款“三公”经费支出预算表',
      '',
      '单位：万元',
      '',
      ...tsv(
        // Merged header cells as the grid holds them: each covered cell repeats the label.
        ['2025年预算数', '2025年预算数', '2025年预算数', '2025年预算数', '2025年预算数', '2025年预算数', '2026年预算数', '2026年预算数', '2026年预算数', '2026年预算数', '2026年预算数', '2026年预算数'],
        ['合计', '因公出国（境）费', '公务用车购置及运行费', '公务用车购置及运行费', '公务用车购置及运行费', '公务接待费', '合计', '因公出国（境）费', '公务用车购置及运行费', '公务用车购置及运行费', '公务用车购置及运行费', '公务接待费'],
        ['合计', '因公出国（境）费', '小计', '购置费', '运行费', '公务接待费', '合计', '因公出国（境）费', '小计', '购置费', '运行费', '公务接待费'],
        ['30.00', '10.00', '15.00', '5.00', '10.00', '5.00', '27.00', '8.00', '14.00', '4.00', '10.00', '5.00'],
      ),
    );
    expect(facts(parsed)).toMatchObject({
      three_public_total: [270_000, 1],
      three_public_abroad: [80_000, 1],
      three_public_vehicles: [140_000, 1],
      three_public_vehicle_purchase: [40_000, 1],
      three_public_vehicle_operation: [100_000, 1],
      three_public_reception: [50_000, 1],
    });
    const columns = parsed.lineItems.filter((l) => l.table_kind === 'three_public').map((l) => l.column);
    expect(columns).toContain('abroad');
    expect(columns).toContain('abroad_prior_year');
  });

  it('takes the 决算数 of a final account, and the three-public subtotal beside 会议费 and 培训费', () => {
    const parsed = doc(
      '某某局2024年度部门决算',
      '',
      '“三公”经费、会议费、培训费支出决算表',
      '',
      '单位：万元',
      '',
      ...tsv(
        ['合计', '合计', '“三公”经费', '“三公”经费', '“三公”经费', '“三公”经费', '“三公”经费', '“三公”经费', '会议费', '会议费', '培训费', '培训费'],
        ['合计', '合计', '小计', '小计', '因公出国（境）费', '因公出国（境）费', '公务接待费', '公务接待费', '会议费', '会议费', '培训费', '培训费'],
        ['预算数', '决算数', '预算数', '决算数', '预算数', '决算数', '预算数', '决算数', '预算数', '决算数', '预算数', '决算数'],
        ['80.00', '70.00', '20.00', '18.00', '12.00', '11.00', '8.00', '7.00', '30.00', '27.00', '30.00', '25.00'],
      ),
    );
    expect(facts(parsed)).toMatchObject({ three_public_total: [180_000, 1], three_public_abroad: [110_000, 1], three_public_reception: [70_000, 1] });
  });
});

describe('a figure that fails its identity', () => {
  const parsed = doc(
    '某某局2026年部门预算',
    '',
    '支出预算总表',
    '',
    '单位：万元',
    '',
    ...tsv(
      ['科目编码', '科目名称', '合计', '基本支出', '项目支出'],
      ['201', '一般公共服务支出', '100.00', '60.00', '40.00'],
      ['20101', '人大事务', '100.00', '60.00', '40.00'],
      ['2010101', '行政运行', '60.00', '60.00', ''],
      ['2010102', '一般行政管理事务', '45.00', '', '45.00'],
      ['', '合计', '100.00', '60.00', '40.00'],
    ),
  );

  it('is stored unverified, with every figure the identity goes through, and the document is partial', () => {
    const item = (code: string, column: string) => parsed.lineItems.find((l) => l.code === code && l.column === column);
    expect(item('2010102', 'project')).toMatchObject({ amount_fen: 45_000_000, verified: 0 });
    expect(item('20101', 'project')).toMatchObject({ verified: 0 });
    // Figures whose identities all held stay verified.
    expect(item('2010101', 'basic')).toMatchObject({ verified: 1 });
    expect(item('201', 'total')).toMatchObject({ verified: 1 });
    expect(parsed.problems.join(' ')).toMatch(/identities fail.*expenditure\.hierarchy 20101/);
  });
});

describe('a coded table printing one figure per line', () => {
  it('reads 功能科目名称 | 金额 as the line’s total', () => {
    const parsed = doc(
      '某某办公厅2017年度部门预算',
      '',
      '一般公共预算支出预算表',
      '',
      '部门：某某办公厅 单位：万元',
      '',
      ...tsv(['功能科目代码', '功能科目名称', '金额'], ['', '合计', '30.00'], ['201', '一般公共服务支出', '30.00'], ['20101', '人大事务', '30.00'], ['2010101', '行政运行', '30.00']),
    );
    expect(parsed.lineItems.filter((l) => l.code === '2010101').map((l) => [l.column, l.amount_fen, l.verified])).toEqual([['total', 30_000_000, 1]]);
  });

  it('reads 合计 under a header every column shares as the total (一般公共预算支出 / 合计)', () => {
    const parsed = doc(
      '某某局2026年部门预算',
      '',
      '一般公共预算支出功能分类预算表',
      '',
      '单位：元',
      '',
      ...tsv(
        ['功能分类科目编码', '功能分类科目名称', '一般公共预算支出', '', ''],
        ['', '', '合计', '基本支出', '项目支出'],
        ['208', '社会保障和就业支出', '700', '700', ''],
        ['', '合计', '700', '700', ''],
      ),
    );
    expect(parsed.lineItems.filter((l) => l.code === '208').map((l) => l.column)).toEqual(['total', 'basic']);
  });
});

describe('the prose of a 情况说明', () => {
  const parsed = doc(
    '北京市某某局2026年度部门预算',
    '',
    '二、收入预算情况说明',
    '',
    '2026年度收入预算213,895.03万元，比2025年年初预算数211,138.66万元增加2,756.37万元，增长1.31%。',
    '',
    '（三）上年结转结余15,107.25万元',
    '',
    '三、支出预算情况说明',
    '',
    '2026年支出预算213,895.03万元。基本支出预算102,167.44万元，占本年支出预算48.57%。项目支出预算108,189.70万元。',
    '',
    '（三）年终结转结余资金3,537.89万元。',
    '',
    '四、财政拨款“三公”经费预算情况说明',
    '',
    '2026年财政拨款“三公”经费预算589.19万元，比2025年减少20.43万元。（一）因公出国（境）费用。2026年预算数383.38万元。（二）公务接待费。2026年预算数7.41万元。（三）公务用车购置和运行维护费。2026年预算数198.40万元，包括公务用车购置费预算138.77万元、公务用车运行维护费2026年预算数59.63万元。',
  );

  it('tells a value from a change, a share and last year’s figure', () => {
    expect(facts(parsed, 'narrative')).toMatchObject({
      income_total: [2_138_950_300, 1],
      expenditure_total: [2_138_950_300, 1],
      carryover_begin: [151_072_500, 0],
      carryover_end: [35_378_900, 1],
      basic_expenditure: [1_021_674_400, 1],
      project_expenditure: [1_081_897_000, 1],
    });
    expect(parsed.facts.filter((f) => f.key === 'income_total').map((f) => f.value_num)).toEqual([2_138_950_300]);
    expect(parsed.facts.find((f) => f.key === 'income_total_change')?.value_num).toBe(27_563_700);
  });

  it('gives a figure stated without its item the item the sentence before names', () => {
    expect(facts(parsed, 'narrative')).toMatchObject({
      three_public_total: [5_891_900, 1],
      three_public_abroad: [3_833_800, 1],
      three_public_reception: [74_100, 1],
      three_public_vehicles: [1_984_000, 1],
      three_public_vehicle_purchase: [1_387_700, 1],
      three_public_vehicle_operation: [596_300, 1],
    });
  });

  it('reads a zero printed without a unit', () => {
    const p = doc('上海市2026年市级单位预算', '', '2026年“三公”经费预算数为0，与2025年预算持平。其中：（一）因公出国（境）费为0；（二）公务用车购置及运行费为0，其中：公务用车购置费为0，公务用车运行费为0；（三）公务接待费为0。');
    expect(facts(p, 'narrative')).toMatchObject({ three_public_total: [0, 1], three_public_abroad: [0, 1], three_public_vehicles: [0, 1], three_public_reception: [0, 1] });
  });

  it('marks the figures of a sentence about appropriations as such', () => {
    const p = doc('某大学2023年度部门决算', '', '学校2023年度财政拨款支出总计为237,100.00万元，其中基本支出199,015.13万元，占总支出的83.94%；项目支出38,084.87万元。');
    expect(p.facts.filter((f) => f.key === 'basic_expenditure').map((f) => f.subject)).toEqual(['财政拨款']);
  });
});

describe('who and which year, where the title does not say', () => {
  it('reads the year from the table titles and the department from the banners', () => {
    const parsed = doc(
      '收支预算总表',
      '',
      '部门： 中共某某省委办公厅 单位：万元',
      '',
      ...tsv(['收入', '', '支出', ''], ['项目名称', '金额', '项目名称', '金额'], ['一、财政拨款', '10.00', '一、基本支出', '10.00'], ['收入合计', '10.00', '支出合计', '10.00']),
      '',
      '2017年政府采购预算表',
      '',
      '部门： 中共某某省委办公厅 单位：万元',
      '',
      ...tsv(['采购品目', '采购物品名称', '总计'], ['货物', '台式计算机', '5.00']),
    );
    expect(parsed.fiscal_year).toBe(2017);
    expect(parsed.department).toBe('中共某某省委办公厅');
  });

  it('reads a 预算单位 field on the cover whatever the name ends with, and strips 部门 after a name', () => {
    expect(doc('上海市2026年市级单位预算', '', '预算单位：上海水产老干部活动室', '', '目录').department).toBe('上海水产老干部活动室');
    expect(doc('北京市信访办公室部门2026年度部门预算信息公开').department).toBe('北京市信访办公室');
    expect(doc('北京市某某委员会2026部门预算情况的说明')).toMatchObject({ department: '北京市某某委员会', fiscal_year: 2026 });
    // A place is not a department.
    expect(doc('上海市2026年市级单位预算').department).toBeNull();
  });

  it('takes the year from the file’s name when nothing inside states it', () => {
    expect(yearOfName('/data/2026年烟台市交通运输局部门预算.pdf')).toBe(2026);
    expect(yearOfName('swu_2024_department_budget.pdf')).toBe(2024);
    expect(yearOfName('https://www.example.gov.cn/2025/03/P0123.pdf')).toBeNull();
    const model = extractText(new TextEncoder().encode('某某局部门预算公开\n\n一、部门职责'));
    expect(parseDocument(model).fiscal_year).toBeNull();
    expect(parseDocument(model, { name: 'crawl/2023年某某局部门预算.txt' }).fiscal_year).toBe(2023);
  });
});

describe('a header read against the wrong columns', () => {
  const parsed = doc(
    '某某局2026年部门预算',
    '',
    '支出预算总表',
    '',
    '单位：万元',
    '',
    ...tsv(
      ['科目编码', '科目名称', '合计', '基本支出', '项目支出'],
      ['201', '一般公共服务支出', '60.00', '40.00', '100.00'],
      ['20101', '人大事务', '60.00', '40.00', '100.00'],
      ['2010101', '行政运行', '60.00', '', '60.00'],
      ['2010102', '一般行政管理事务', '', '40.00', '40.00'],
      ['', '合计', '60.00', '40.00', '100.00'],
    ),
  );

  it('takes the column the figures make the total, says so, and leaves the parts unverified', () => {
    const total = parsed.lineItems.filter((l) => l.column === 'total').map((l) => [l.code, l.amount_fen, l.verified]);
    expect(total).toEqual([['201', 100_000_000, 1], ['20101', 100_000_000, 1], ['2010101', 60_000_000, 1], ['2010102', 40_000_000, 1], [null, 100_000_000, 1]]);
    expect(parsed.lineItems.filter((l) => l.column !== 'total').every((l) => l.verified === 0)).toBe(true);
    expect(parsed.problems.join(' ')).toMatch(/column 3 \(合计\) the total.*column 5 \(项目支出\).*the figures decide/);
  });
});

describe('columns named by their stage alone', () => {
  it('takes a final account’s 决算数 from a three-public table printed as rows', () => {
    const parsed = doc(
      '某某局2024年度部门决算',
      '',
      '财政拨款“三公”经费支出决算表',
      '',
      '单位：万元',
      '',
      ...tsv(['项目', '预算数', '决算数'], ['合计', '20.00', '17.00'], ['因公出国（境）费', '5.00', '4.00'], ['公务用车购置及运行维护费', '10.00', '9.00'], ['公务接待费', '5.00', '4.00']),
    );
    expect(facts(parsed)).toMatchObject({ three_public_total: [170_000, 1], three_public_abroad: [40_000, 1], three_public_reception: [40_000, 1] });
  });

  it('takes this year’s column of a summary that prints last year’s first', () => {
    const parsed = doc(
      '某某局2026年部门预算',
      '',
      '部门收支总表',
      '',
      '单位：万元',
      '',
      ...tsv(
        ['收入', '收入', '收入', '支出', '支出', '支出'],
        ['项目', '上年预算数', '本年预算数', '项目', '上年预算数', '本年预算数'],
        ['一、一般公共预算拨款收入', '90.00', '100.00', '一、一般公共服务支出', '90.00', '100.00'],
        ['收入总计', '90.00', '100.00', '支出总计', '90.00', '100.00'],
      ),
    );
    expect(facts(parsed)).toMatchObject({ income_total: [1_000_000, 1], expenditure_total: [1_000_000, 1] });
  });
});

describe('a running header', () => {
  it('gives the department and year a cover without them does not', () => {
    const page = (n: number) => ['某某市审计局2025年部门预算', '', `第${n}部分 说明`, '', '内容。', ''];
    const parsed = doc('部门预算公开', '', ...page(1), ...page(2), ...page(3));
    expect(parsed).toMatchObject({ department: '某某市审计局', fiscal_year: 2025 });
  });
});

describe('what a second reading found (review of the verification)', () => {
  it('takes a final account’s 决算数 whatever the budget column is called (全年预算数, 本年预算数)', () => {
    const rows = doc(
      '某某局2024年度部门决算',
      '',
      '财政拨款“三公”经费支出决算表',
      '',
      '单位：万元',
      '',
      ...tsv(['项目', '全年预算数', '决算数'], ['合计', '10.00', '6.00'], ['因公出国（境）费', '2.00', '1.00'], ['公务用车购置及运行维护费', '5.00', '3.00'], ['公务接待费', '3.00', '2.00']),
    );
    expect(facts(rows)).toMatchObject({ three_public_total: [60_000, 1], three_public_abroad: [10_000, 1] });
    const columns = doc(
      '某某局2024年度部门决算',
      '',
      '“三公”经费支出决算表',
      '',
      '单位：万元',
      '',
      ...tsv(
        ['本年预算数', '本年预算数', '本年预算数', '本年决算数', '本年决算数', '本年决算数'],
        ['合计', '因公出国（境）费', '公务接待费', '合计', '因公出国（境）费', '公务接待费'],
        ['10.00', '4.00', '6.00', '7.00', '3.00', '4.00'],
      ),
    );
    expect(facts(columns)).toMatchObject({ three_public_total: [70_000, 1], three_public_abroad: [30_000, 1], three_public_reception: [40_000, 1] });
  });

  it('does not make a lone item the three-public total', () => {
    const p = doc('某某局2026年部门预算', '', '“三公”经费支出预算表', '', '单位：万元', '', ...tsv(['项目', '预算数'], ['公务接待费', '3.00']));
    expect(facts(p).three_public_total).toBeUndefined();
    expect(facts(p).three_public_reception).toEqual([30_000, 0]);
  });

  it('reads each half of a summary printing 预算数 | 决算数 without 收入/支出 over them', () => {
    const p = doc(
      '某某局2024年度部门决算',
      '',
      '收入支出决算总表',
      '',
      '单位：万元',
      '',
      ...tsv(
        ['项目', '预算数', '决算数', '项目', '预算数', '决算数'],
        ['一、财政拨款收入', '100.00', '90.00', '一、一般公共服务支出', '100.00', '90.00'],
        ['收入总计', '100.00', '90.00', '支出总计', '100.00', '90.00'],
      ),
    );
    expect(facts(p)).toMatchObject({ income_total: [900_000, 1], expenditure_total: [900_000, 1] });
  });
});

describe('prose against a table printed more precisely', () => {
  it('confirms the prose figure, not the table’s last digits', () => {
    const said = { key: 'basic_expenditure' as const, basis: 'budget' as const, subject: null, value_num: 10_000_100, value_text: null, unit: '元', raw: '基本支出1,000.01万元', source: 'narrative' as const, page: null, ref: 'fact:1' };
    const table = { ...said, value_num: 10_000_112, raw: '合计 10,000,112.00元', source: 'table' as const, ref: 'fact:0', cell: '3:9:2' };
    const [c] = narrativeChecks([table, said], 'budget');
    expect(c).toMatchObject({ ok: 1, verifies: ['fact:1'] });
    expect(c!.cells).toEqual(['fact:1', 'fact:0', '3:9:2']);
  });
});

describe('the general budget’s basic spending printed twice', () => {
  const gpb = (basic: string, project: string) =>
    doc(
      '某某局2026年部门预算',
      '',
      '一般公共预算支出表',
      '',
      '单位：万元',
      '',
      ...tsv(['科目编码', '科目名称', '合计', '基本支出', '项目支出'], ['2010101', '行政运行', '100.00', basic, project], ['', '合计', '100.00', basic, project]),
      '',
      '一般公共预算基本支出表',
      '',
      '单位：万元',
      '',
      ...tsv(['科目编码', '科目名称', '合计', '人员经费', '公用经费'], ['301', '工资福利支出', '70.00', '70.00', ''], ['', '合计', '70.00', '70.00', '']),
    );

  it('tells the 基本支出 column from the 项目支出 beside it', () => {
    expect(gpb('70.00', '30.00').checks.find((c) => c.rule === 'cross.basic_vs_gpb_expenditure')).toMatchObject({ ok: 1 });
    const swapped = gpb('30.00', '70.00');
    expect(swapped.checks.find((c) => c.rule === 'cross.basic_vs_gpb_expenditure')).toMatchObject({ ok: 0 });
    expect(swapped.facts.find((f) => f.key === 'basic_expenditure')).toMatchObject({ value_num: 300_000, verified: 0 });
  });
});

describe('tables printing two classifications side by side', () => {
  it('reads the department economic code as the row of a basic table that prints the government one first', () => {
    const parsed = doc(
      '某某局2026年度部门预算',
      '',
      '一般公共预算基本支出表',
      '',
      '单位：万元',
      '',
      ...tsv(
        ['政府支出经济分类科目', '部门支出经济分类科目', '合计', '人员经费', '公用经费'],
        ['50101-工资奖金津补贴', '30101-基本工资', '60.00', '60.00', ''],
        ['50201-办公经费', '30201-办公费', '10.00', '', '10.00'],
        ['合计', '', '70.00', '60.00', '10.00'],
      ),
    );
    const item = parsed.lineItems.find((l) => l.code === '30101' && l.column === 'personnel');
    expect(item).toMatchObject({ amount_fen: 60_000_000, gov_economic_code: '50101' });
    expect(parsed.lineItems.some((l) => l.code?.startsWith('501'))).toBe(false);
    expect(facts(parsed)).toMatchObject({ personnel_expenditure: [600_000, 1], public_expenditure: [100_000, 1] });
  });

  it('keeps a function code and a department economic code printed in named columns of their own apart', () => {
    const parsed = doc(
      '某某局2026年度部门预算',
      '',
      '支出总表',
      '',
      '单位：万元',
      '',
      ...tsv(
        ['支出功能分类科目', '部门支出经济分类科目', '合计', '基本支出', '项目支出'],
        ['2010101-行政运行', '30101-基本工资', '50.00', '50.00', ''],
        ['2010101-行政运行', '30201-办公费', '20.00', '20.00', ''],
        ['2010102-一般行政管理事务', '30201-办公费', '30.00', '', '30.00'],
      ),
    );
    const codes = new Set(parsed.lineItems.map((l) => l.code));
    expect(codes).toContain('2010101');
    expect(codes).toContain('2010102');
    expect(codes).not.toContain('30101');
    expect(parsed.lineItems.find((l) => l.code === '2010102' && l.column === 'project')).toMatchObject({ amount_fen: 30_000_000, economic_code: '30201' });
  });
});

describe('a basic-expenditure table printed as two halves', () => {
  it('takes 人员经费合计 and 公用经费合计 as the personnel and public totals', () => {
    const parsed = doc(
      '某某局2024年度部门决算',
      '',
      '一般公共预算财政拨款基本支出决算表',
      '',
      '单位：万元',
      '',
      ...tsv(
        ['人员经费', '', '', '公用经费', '', ''],
        ['科目编码', '科目名称', '决算数', '科目编码', '科目名称', '决算数'],
        ['301', '工资福利支出', '80.00', '302', '商品和服务支出', '15.00'],
        ['30101', '基本工资', '80.00', '30201', '办公费', '15.00'],
        ['', '人员经费合计', '80.00', '', '公用经费合计', '15.00'],
      ),
    );
    expect(facts(parsed)).toMatchObject({ personnel_expenditure: [800_000, 1], public_expenditure: [150_000, 1] });
  });
});

describe('a value the dataset cannot hold', () => {
  it('leaves out an amount too large to be one, names its cell, and keeps the rest of the table', () => {
    const parsed = doc(
      '某某局2024年部门预算',
      '',
      '支出预算总表',
      '',
      '单位：万元',
      '',
      ...tsv(
        ['科目编码', '科目名称', '合计', '基本支出', '项目支出'],
        ['201', '一般公共服务支出', '1,000.00', '600.00', '400.00'],
        ['20101', '人大事务', '123456789012345678901', '600.00', '400.00'],
        ['', '合计', '1,000.00', '600.00', '400.00'],
      ),
    );
    expect(parsed.problems.join(' ')).toMatch(/1 amount cell\(s\) too large to be an amount, not stored \(人大事务: 123456789012345678901\)/);
    expect(parsed.lineItems.find((l) => l.code === '20101' && l.column === 'basic')).toMatchObject({ amount_fen: 600_000_000 });
    expect(parsed.lineItems.some((l) => l.raw === '123456789012345678901')).toBe(false);
  });

  it('drops any record whose value read from the document the schema refuses, and says so in words', () => {
    const parsed = doc('某某局2024年部门预算', '', '2024年收入预算11897.36万元。');
    parsed.facts.push({ ...parsed.facts[0]!, value_num: Number.POSITIVE_INFINITY, raw: '∞万元' });
    parsed.fiscal_year = 21_000;
    screenRecords(parsed);
    expect(parsed.facts.some((f) => f.raw === '∞万元')).toBe(false);
    expect(parsed.fiscal_year).toBeNull();
    expect(parsed.problems.join(' ')).toMatch(/1 facts record\(s\) left out, a value read from the document could not be stored: value_num Infinity/);
    expect(parsed.problems.join(' ')).toMatch(/the document's fiscal_year was left empty: fiscal_year 21000 out of range/);
  });
});

describe('a row that numbers the columns under the header', () => {
  for (const marks of [['栏次', ''], ['**', '**'], ['*', '*'], ['—', '—']]) {
    it(`is header furniture, never figures: ${marks.join(' ')} 1 2 3 …`, () => {
      const parsed = doc(
        '某某局2024年部门预算',
        '',
        '收入预算总表',
        '',
        '单位：万元',
        '',
        ...tsv(
          ['科目编码', '科目名称', '总计', '一般公共预算拨款', '政府性基金预算拨款', '上年结转'],
          [...marks, '1', '2', '3', '4'],
          ['201', '一般公共服务支出', '1,400.00', '900.00', '100.00', '400.00'],
          ['20101', '人大事务', '1,400.00', '900.00', '100.00', '400.00'],
          ['', '合计', '1,400.00', '900.00', '100.00', '400.00'],
        ),
      );
      expect(parsed.problems).toEqual([]);
      expect(parsed.tables[0]!.table.headerRows).toBe(2);
      expect(parsed.lineItems.some((l) => /^[1-4]$/.test(l.raw))).toBe(false);
      expect(parsed.lineItems.filter((l) => l.code === '20101').map((l) => [l.amount_fen, l.verified])).toEqual([[1_400_000_000, 1], [900_000_000, 1], [100_000_000, 1], [400_000_000, 1]]);
    });
  }
});

describe('a two-column economic table: names with their codes in brackets under 部门预算支出经济科目', () => {
  it('reads 合计 as the total line and [301]工资福利支出 as code and name, every figure verified', () => {
    const parsed = doc(
      '某某局2024年部门预算',
      '',
      '一般公共预算基本支出情况表（按经济分类科目）',
      '',
      '单位：元',
      '',
      ...tsv(
        ['部门预算支出经济科目', '预算'],
        ['合计', '179,339.19'],
        ['[301]工资福利支出', '150,000.00'],
        [' [30101]基本工资', '100,000.00'],
        [' [30102]津贴补贴', '50,000.00'],
        ['【302】商品和服务支出', '29,339.19'],
        [' 【30201】办公费', '29,339.19'],
      ),
    );
    expect(parsed.problems).toEqual([]);
    expect(parsed.lineItems.map((l) => [l.code, l.name, l.column, l.amount_fen, l.verified])).toEqual([
      [null, '合计', 'total', 17_933_919, 1],
      ['301', '工资福利支出', 'total', 15_000_000, 1],
      ['30101', '基本工资', 'total', 10_000_000, 1],
      ['30102', '津贴补贴', 'total', 5_000_000, 1],
      ['302', '商品和服务支出', 'total', 2_933_919, 1],
      ['30201', '办公费', 'total', 2_933_919, 1],
    ]);
  });
});

describe('a form printed without figures, its body opening with 合计', () => {
  it('ends its header above the 合计 row: no codes read as amounts, no names as words in amount cells', () => {
    const parsed = doc(
      '某某局2024年度部门决算',
      '',
      '收入决算表',
      '',
      '单位：万元',
      '',
      ...tsv(
        ['项目', '', '本年收入合计', '财政拨款收入', '其他收入'],
        ['功能分类科目编码', '科目名称', '', '', ''],
        ['合计', '', '', '', ''],
        ['205', '教育支出', '', '', ''],
        ['20502', '普通教育', '', '', ''],
        ['2050205', '高等教育', '', '', ''],
      ),
    );
    expect(parsed.tables[0]!.table.headerRows).toBe(2);
    expect(parsed.problems).toEqual([]);
    expect(parsed.lineItems).toEqual([]);
  });
});

describe('a summary whose rows are grouped under numbered sections', () => {
  it('reads 一、部门预算 as the body’s first row, not a header row, and every figure under it', () => {
    const parsed = doc(
      '某某局2024年部门预算',
      '',
      '收支预算总表',
      '',
      '单位：万元',
      '',
      ...tsv(
        ['收入', '', '支出', ''],
        ['项目', '预算数', '项目', '预算数'],
        ['一、部门预算', '', '一、部门预算', ''],
        ['一、财政拨款', '1,000.00', '一、一般公共服务支出', '800.00'],
        ['二、事业收入', '200.00', '二、教育支出', '400.00'],
        ['本年收入合计', '1,200.00', '本年支出合计', '1,200.00'],
      ),
    );
    expect(parsed.tables[0]!.table.headerRows).toBe(2);
    expect(parsed.problems).toEqual([]);
    expect(parsed.lineItems.map((l) => [l.name, l.amount_fen, l.verified])).toEqual([
      ['一、财政拨款', 1_000_000_000, 1],
      ['二、事业收入', 200_000_000, 1],
      ['本年收入合计', 1_200_000_000, 1],
      ['一、一般公共服务支出', 800_000_000, 1],
      ['二、教育支出', 400_000_000, 1],
      ['本年支出合计', 1_200_000_000, 1],
    ]);
  });
});
