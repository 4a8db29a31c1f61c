import { describe, expect, it } from 'vitest';
import { extractText } from '../extractors/text/index.js';
import { readGoalTables } from '../src/domain/goal-tables.js';
import { inContext } from '../src/domain/index.js';
import { parseDocument } from '../src/domain/index.js';
import { modelTable, seedBytes } from './helpers.js';

describe('seed 002’s 绩效目标表: forms and indicators against the report, read by hand', () => {
  const parsed = parseDocument(extractText(seedBytes('002')));

  it('finds all 26 goal forms, titled or not, each with its indicators', () => {
    expect(parsed.goalProjects).toHaveLength(26);
    const projects = new Set(parsed.indicators.filter((i) => i.table_seq !== null).map((i) => i.project));
    expect(projects.size).toBe(26);
    // No doubt left: the 收入总表, whose pages print its header differently, is read under the
    // printing its figures keep.
    expect(parsed.problems).toEqual([]);
  });

  it('reads the form above the grid: code, name, money, purpose, spending plan, goal', () => {
    const rent = parsed.goalProjects.find((g) => g.project === '2024年办公楼房租及物业费');
    expect(rent).toMatchObject({
      project_code: '13011024P003274100191',
      amount_fen: 121_370_000, // 121.37 万元 in 分
      fiscal_fen: 121_370_000,
      other_fen: null,
      purpose: '用于支付城投公司办公楼租赁费用',
      spending_plan: '12月底 100%',
    });
    expect(rent?.goal).toMatch(/^1\. 包括2048\.24平方米办公用房/);
    const epidemic = parsed.goalProjects.find((g) => g.project === '2024年防疫物资保障');
    expect(epidemic?.spending_plan).toBe('3月底 30%；6月底 30%；10月底 60%');
  });

  it('reads every indicator row with its levels, description, parsed target and basis', () => {
    const rent = parsed.indicators.filter((i) => i.project === '2024年办公楼房租及物业费');
    expect(rent).toHaveLength(12);
    expect(rent.map((i) => i.level1)).toEqual([...Array(9).fill('产出指标'), '效益指标', '效益指标', '满意度指标']);
    expect(rent[6]).toMatchObject({ level2: '成本指标', level3: '办公用房租赁费', description: '每平米办公用房租赁费', target_raw: '≤1.6元/平米/天', target_op: '<=', target_value: 1.6, target_unit: '元/平米/天', basis: '工作计划' });
    expect(rent[9]).toMatchObject({ level3: '保障办公人数', target_op: '>=', target_value: 66, target_unit: '人' });
    expect(rent[3]).toMatchObject({ level2: '质量指标', target_raw: '设施齐全，运转正常', target_value: null });
  });

  it('joins an indicator row the page cut in two', () => {
    const last = parsed.indicators.filter((i) => i.project === '2024年创新创业大赛').pop();
    expect(last).toMatchObject({ level1: '满意度指标', level2: '服务对象满意度指标', level3: '赛事、活动参与群众满意度', target_raw: '≥85%' });
  });
});

describe('a goal table printing every project in one grid, the target in three columns', () => {
  it('takes the project from its column and the target from 指标性质 | 指标值 | 度量单位', () => {
    const t = modelTable(
      [
        ['项目名称', '一级指标', '二级指标', '三级指标', '指标性质', '指标值', '度量单位'],
        ['87-机动经费', '产出指标', '数量指标', '保障次数', '≥', '30', '次'],
        ['', '成本指标', '经济成本指标', '成本控制率', '＝', '100', '%'],
        ['09-审计质量管理经费', '效益指标', '社会效益指标', '保护档案原件', '定性', '优', ''],
      ],
      { title: '项目支出绩效目标表', headerRows: 1 },
    );
    const { indicators } = readGoalTables(inContext([{ kind: 'performance_goal', table: t }]));
    expect(indicators.map((i) => [i.project, i.level1, i.level3, i.target_op, i.target_value, i.target_unit, i.target_raw])).toEqual([
      ['87-机动经费', '产出指标', '保障次数', '>=', 30, '次', '≥30次'],
      ['87-机动经费', '成本指标', '成本控制率', '=', 100, '%', '＝100%'],
      ['09-审计质量管理经费', '效益指标', '保护档案原件', null, null, null, '定性优'],
    ]);
  });
});

describe('a self-evaluation grid (项目支出绩效自评表 / 部门整体绩效自评表)', () => {
  it('reads the actual value, the weight and the score of each indicator', () => {
    const t = modelTable(
      [
        ['绩效指标', '一级指标', '二级指标', '三级指标', '年度指标值', '实际完成值', '指标分值', '自评得分', '偏差原因分析及改进措施'],
        ['', '产出指标', '数量指标', '市政府常务会议场次', '≥30次', '20', '2', '1.33', ''],
        ['', '成本指标', '经济成本指标', '基本经费投入成本', '≤3843.67万元', '4262.96', '4', '0', '年中追加预算经费'],
      ],
      { title: '部门整体绩效自评表', headerRows: 1 },
    );
    const { indicators, projects } = readGoalTables(inContext([{ kind: null, table: t }]));
    expect(projects).toEqual([]);
    expect(indicators.map((i) => [i.level1, i.level3, i.target_op, i.target_value, i.target_unit, i.actual_raw, i.weight, i.score])).toEqual([
      ['产出指标', '市政府常务会议场次', '>=', 30, '次', '20', 2, 1.33],
      ['成本指标', '基本经费投入成本', '<=', 3843.67, '万元', '4262.96', 4, 0],
    ]);
  });
});

describe('the goal of a 绩效目标申报表 printing 中期目标 | 年度目标 as column labels', () => {
  const form = (midTerm: string, annual: string) =>
    modelTable(
      [
        ['项目名称', '', '校园足球扶持资金', '', ''],
        ['年度资金总额', '', '', '', '12.00'],
        ['总体目标', '中期目标', '', '年度目标', ''],
        ['', midTerm, '', annual, ''],
        ['绩效指标', '一级指标', '二级指标', '三级指标', '指标值'],
        ['', '产出指标', '数量指标', '培训教练员人数', '≥30人'],
      ],
      { title: '项目支出绩效目标申报表', unit: '万元' },
    );

  it('reads the annual goal from under its label', () => {
    const { projects } = readGoalTables(inContext([{ kind: 'performance_goal', table: form('三年内覆盖全省', '完成30名教练员培训') }]));
    expect(projects[0]).toMatchObject({ project: '校园足球扶持资金', goal: '完成30名教练员培训' });
  });

  it('has no goal when the goal cells are empty, rather than the text of a label', () => {
    const { projects } = readGoalTables(inContext([{ kind: 'performance_goal', table: form('', '') }]));
    expect(projects[0]).toMatchObject({ project: '校园足球扶持资金', goal: null });
  });
});
