import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractHtml } from '../extractors/html/index.js';
import { extractText } from '../extractors/text/index.js';
import { parseDocument } from '../src/domain/index.js';
import type { ParsedDocument } from '../src/domain/parsed.js';
import { ROOT, sampleBytes, seedBytes } from './helpers.js';

const parseSeed = (seed: string) => parseDocument(extractText(seedBytes(seed)));
const fact = (p: ParsedDocument, key: string, basis: string | null = null, subject: string | null = null) =>
  p.facts.find((f) => f.key === key && (basis === null || f.basis === basis) && f.subject === subject);
const yuan = (wan: string) => Math.round(Number(wan) * 1_000_000); // 万元 as printed → fen

interface ExpectedProject {
  seq: number;
  budget: string;
  executed: string;
  balance: string;
  returned: string;
  score: string;
  level: string;
}

function expectedProjects(): ExpectedProject[] {
  const lines = readFileSync(join(ROOT, 'test', 'fixtures', 'seed-000-projects.tsv'), 'utf8').split('\n');
  return lines
    .filter((l) => /^\d/.test(l))
    .map((l) => {
      const [seq, budget, executed, balance, returned, score, level] = l.split('\t');
      return { seq: Number(seq), budget: budget!, executed: executed!, balance: balance!, returned: returned!, score: score!, level: level! };
    });
}

const LEVEL_COLUMN: Record<string, 'budget_central_fen' | 'budget_provincial_fen' | 'budget_city_fen' | 'budget_county_fen'> = {
  中央: 'budget_central_fen',
  省级: 'budget_provincial_fen',
  市级: 'budget_city_fen',
  区县级: 'budget_county_fen',
};

describe('seed 000: 鹿泉区科工局 2024 self-evaluation', () => {
  const p = parseSeed('000');

  it('knows the document', () => {
    expect(p).toMatchObject({
      family: 'perf_self_eval',
      department: '石家庄市鹿泉区科学技术和工业信息化局',
      region: '河北省石家庄市鹿泉区',
      fiscal_year: 2024,
      signed_on: '2025-04-25',
      published_on: null,
    });
  });

  it('rebuilds all 64 project rows with their amounts and scores', () => {
    const expected = expectedProjects();
    expect(expected).toHaveLength(64);
    expect(p.projectResults.map((r) => r.seq)).toEqual(expected.map((e) => e.seq));
    for (const e of expected) {
      const row = p.projectResults.find((r) => r.seq === e.seq)!;
      expect({ seq: row.seq, budget: row.budget_total_fen, executed: row.executed_total_fen, balance: row.balance_fen, returned: row.returned_fen, score: row.score }).toEqual({
        seq: e.seq, budget: yuan(e.budget), executed: yuan(e.executed), balance: yuan(e.balance), returned: yuan(e.returned), score: Number(e.score),
      });
      if (e.level === '?') {
        expect(row.ambiguous).toBe(1);
      } else {
        expect(row.ambiguous).toBe(0);
        expect(row[LEVEL_COLUMN[e.level]!]).toBe(yuan(e.budget));
      }
    }
  });

  it('joins a project name wrapped onto the next page', () => {
    expect(p.projectResults.find((r) => r.seq === 25)!.project).toBe('石财教（2024）11号2024年人才飞地市级补助资金');
  });

  it('says the document is partial because of the ambiguous rows', () => {
    expect(p.problems).toHaveLength(1);
    expect(p.problems[0]).toMatch(/15 project rows .*more than one column layout/);
  });

  it('reads score 89, grade 优秀 and the bands the report states', () => {
    expect(fact(p, 'overall_score')?.value_num).toBe(89);
    expect(fact(p, 'grade')?.value_text).toBe('优秀');
    expect(p.gradeBands.map((b) => [b.grade, b.min_score, b.max_score])).toEqual([
      ['优秀', 85, null],
      ['良好', 75, 85],
      ['一般', 60, 75],
      ['较差', null, 60],
    ]);
  });

  it('reads the narrative figures as budget or final', () => {
    expect(fact(p, 'income_total', 'budget')?.value_num).toBe(118973600);
    expect(fact(p, 'income_total', 'final')?.value_num).toBe(134390500);
    expect(fact(p, 'expenditure_total', 'final')?.value_num).toBe(134403000);
    expect(fact(p, 'basic_expenditure', 'budget')?.value_num).toBe(12380100);
    expect(fact(p, 'personnel_expenditure', 'budget')?.value_num).toBe(10893000);
    expect(fact(p, 'public_expenditure', 'budget')?.value_num).toBe(1487100);
    expect(fact(p, 'project_expenditure', 'final')?.value_num).toBe(122145500);
    expect(fact(p, 'staff_count')?.value_num).toBe(66);
    expect(fact(p, 'projects_evaluated')?.value_num).toBe(64);
    expect(fact(p, 'projects_excellent')?.value_num).toBe(57);
  });

  it('lists the 8 team members', () => {
    expect(p.teamMembers.map((m) => [m.name, m.role])).toEqual([
      ['王平', '局长'],
      ['杨爱民', '党组成员、办公室负责人'],
      ['胡志辉', '副局长'],
      ['刘永民', '运行股负责人'],
      ['高振涛', '科技股负责人'],
      ['李彦鹏', '发展股负责人'],
      ['李计辉', '军民融合股负责人'],
      ['解晓静', '财务股负责人'],
    ]);
  });

  it('checks row arithmetic and counts against the narrative, all holding', () => {
    const rules = new Set(p.checks.map((c) => c.rule));
    for (const r of ['project_results.balance', 'project_results.count', 'project_results.excellent', 'narrative.expenditure_split', 'narrative.basic_split', 'grade.matches_score']) {
      expect(rules).toContain(r);
    }
    expect(p.checks.filter((c) => c.rule === 'project_results.balance')).toHaveLength(64);
    expect(p.checks.filter((c) => !c.ok)).toEqual([]);
  });

  it('reads the goals and their indicators from the prose', () => {
    const goal = p.goals.find((g) => g.title === '促进工业转型升级')!;
    expect(goal.goal).toBe('加快项目建设进度，带动就业，增加营业额，实现科技成果转化。');
    const targets = p.indicators.filter((i) => i.goal_seq === goal.seq).map((i) => [i.description, i.target_op, i.target_value, i.target_unit]);
    expect(targets).toEqual([
      ['项目完工率达100%', '>=', 100, '%'],
      ['营业额增加值同比增长20%', '>=', 20, '%'],
      ['生产效率提高25%', '>=', 25, '%'],
    ]);
    expect(p.indicators.find((i) => i.description === '被补贴的对象满意度达95%以上')).toMatchObject({ target_op: '>=', target_value: 95 });
  });

  it('keeps problems and measures as sections', () => {
    const problems = p.sections.find((s) => s.topic === 'problems')!;
    const measures = p.sections.find((s) => s.topic === 'measures')!;
    expect(problems.heading).toBe('存在的主要问题');
    expect(problems.text).toMatch(/^（1）预算支出细目科目编制不够规范/);
    expect(measures.text).toMatch(/加强绩效监控/);
  });
});

describe('seed 001: 高新区科技局 2024 self-evaluation (text of a DOCX)', () => {
  const p = parseSeed('001');
  it('reads department, figures, execution rate and score', () => {
    expect(p).toMatchObject({ family: 'perf_self_eval', department: '科学技术局', fiscal_year: 2024 });
    expect(fact(p, 'project_expenditure', 'budget')?.value_num).toBeCloseTo(200946274.6, 2);
    // "全年支出" follows the project budget in the same sentence: it is project spending.
    expect(fact(p, 'project_expenditure', 'final')?.value_num).toBeCloseTo(198377187.6, 2);
    expect(fact(p, 'expenditure_total', 'final')).toBeUndefined();
    expect(fact(p, 'budget_execution_rate')?.value_num).toBe(98.72);
    expect(fact(p, 'overall_score')?.value_num).toBe(100);
    expect(p.checks.find((c) => c.rule === 'narrative.execution_rate')).toMatchObject({ subject: 'project_expenditure', ok: 1 });
  });
  it('lists the 8 team members with units and roles from cells with line breaks', () => {
    expect(p.teamMembers).toHaveLength(8);
    expect(p.teamMembers[3]).toMatchObject({ name: '李玉飞', unit: '科技局', role: '科技创新科科长' });
  });
});

describe('seed 003: 元氏县科工局 2025 self-evaluation', () => {
  const p = parseSeed('003');
  it('reads department, year, staff, projects and score', () => {
    expect(p).toMatchObject({ department: '元氏县科学技术和工业信息化局', region: '河北省石家庄市元氏县', fiscal_year: 2025 });
    expect(fact(p, 'income_total', 'budget')?.value_num).toBe(100673200);
    expect(fact(p, 'staff_count')?.value_num).toBe(33);
    expect(fact(p, 'projects_evaluated')?.value_num).toBe(41);
    expect(fact(p, 'overall_score')?.value_num).toBe(100);
    expect(p.orgUnits).toEqual([{ seq: 0, name: '元氏县科学技术和工业信息化局', nature: '行政单位', funding: '财政拨款', staff_count: null }]);
    expect(p.teamMembers.map((m) => m.name)).toEqual(['王利民', '王宏恩', '王云霞', '吴晓东', '陈静歧']);
  });
});

describe('seed 004: 正定县科工局 2023 self-evaluation, as text and as the notice page', () => {
  const fromText = parseSeed('004');
  const fromHtml = parseDocument(extractHtml(sampleBytes('004-')));

  for (const [name, p] of [['text', fromText], ['html', fromHtml]] as const) {
    it(`reads department, year, dates, score and 2 units with staff (${name})`, () => {
      expect(p).toMatchObject({ family: 'perf_self_eval', department: '正定县科学技术和工业信息化局', region: '河北省石家庄市正定县', fiscal_year: 2023, published_on: '2024-05-16', signed_on: '2024-05-14' });
      expect(fact(p, 'overall_score')?.value_num).toBe(95);
      expect(fact(p, 'grade')?.value_text).toBe('优秀');
      expect(p.orgUnits.map((u) => [u.name, u.staff_count])).toEqual([
        ['正定县科学技术和工业信息化局(本级)', 12],
        ['正定县中小企业服务中心', 21],
      ]);
      expect(fact(p, 'staff_count', null, '正定县中小企业服务中心')?.value_num).toBe(21);
    });
  }

  it('reads the final figures from a paragraph that compares them with the budget', () => {
    expect(fact(fromText, 'income_total', 'final')?.value_num).toBe(72774400);
    expect(fact(fromText, 'income_gov_fund', 'final')?.value_num).toBe(15000000);
  });

  it('flags the publication’s own arithmetic error: 660.29 + 3393.24 ≠ 4553.53', () => {
    const failed = fromText.checks.filter((c) => !c.ok);
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({ rule: 'narrative.income_vs_expenditure_split', subject: 'budget', expected: 45535300, actual: 40535300 });
  });

  it('gives the same records from the HTML page as from the text', () => {
    const { sections: s1, ...r1 } = fromText;
    const { sections: s2, ...r2 } = fromHtml;
    expect(r2.facts).toEqual(r1.facts);
    expect(r2.checks).toEqual(r1.checks);
    expect(r2.goals).toEqual(r1.goals);
    expect(r2.indicators).toEqual(r1.indicators);
    expect(r2.orgUnits).toEqual(r1.orgUnits);
    expect(s2.map((s) => [s.heading, s.topic, s.text])).toEqual(s1.map((s) => [s.heading, s.topic, s.text]));
  });
});

describe('project results printed badly', () => {
  const header = '| 序号 | 项目名称 | 项目实施单位 | 预算数 | | | | 执行数 | | | | 结余数 | 结余交回财政数 | 自评得分 |\n|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n| | | | 中央 | 省级 | 市级 | 区（县）级 | 中央 | 省级 | 市级 | 区（县）级 | | | |\n';
  const report = (rows: string) =>
    parseDocument(extractText(new TextEncoder().encode(`某局2024年度整体支出绩效自评报告\n\n部门绩效自评结果公开汇总表\n\n单位：万元\n\n${header}${rows}`)));

  it('keeps a row whose balance column holds words, with the words in its note', () => {
    const p = report('| 1 | 项目乙 | 科工局 | | | 20.00 | | | | 15.00 | | 5 | 未交回 | 90 |\n');
    expect(p.projectResults[0]).toMatchObject({ seq: 1, budget_city_fen: 20_000_000, executed_city_fen: 15_000_000, balance_fen: 5_000_000, returned_fen: null, score: 90, note: 'printed as words: 未交回' });
    expect(p.problems).toEqual([]);
  });

  it('leaves figures empty and says so when a chunk lost too many columns to realign', () => {
    const p = report('| 1 | 项目甲 | 科工局 | | | 10.00 | | | | 10.00 | | 0 | 0 | 100 |\n\n| | | | | | | | | | |\n|---|---|---|---|---|---|---|---|---|---|\n| 2 | 项目丙 | 科工局 | 30.00 | 30.00 | 0 | 0 | 100 | | |\n');
    const row = p.projectResults.find((r) => r.seq === 2)!;
    expect(row).toMatchObject({ ambiguous: 1, budget_total_fen: null, executed_total_fen: null });
    expect(p.problems.join(' ')).toMatch(/project rows printed with 4 column\(s\) missing/);
  });
});
