/**
 * Goals and indicators stated in the prose of a self-evaluation report:
 *
 *   1、促进工业转型升级：加大我区工业转型升级步伐…
 *   绩效目标：加快项目建设进度，带动就业…
 *   绩效指标：项目完工率达 100%，营业额增加值同比增长 20%…
 *   完成情况：2023年度新增高新技术企业19家…
 */
import type { Block } from '../../schemas/document.js';
import type { GoalRow, IndicatorRow } from '../../schemas/records.js';
import { parseNumbering } from '../../extractors/common/numbering.js';
import { parseTarget } from './targets.js';

export type GoalDraft = Omit<GoalRow, 'doc_id'>;
export type ProseIndicatorDraft = Omit<IndicatorRow, 'doc_id' | 'table_id'> & { table_seq: null };

const GOALS_SECTION = /绩效目标/;
const STATEMENT_SECTION = /目标、?指标$|绩效目标$|目标和指标/;
const FIELD = /^(绩效目标|绩效指标|完成情况|实现情况|目标完成情况)\s*[:：]\s*/;
const ITEM = /^(.{2,30}?)(?:绩效目标)?\s*[:：]\s*(.*)$/s;

type Field = 'description' | 'goal' | 'indicators' | 'result';

function fieldOf(text: string): { field: Field; rest: string } | null {
  const m = FIELD.exec(text);
  if (!m) return null;
  const field: Field = m[1] === '绩效目标' ? 'goal' : m[1] === '绩效指标' ? 'indicators' : 'result';
  return { field, rest: text.slice(m[0].length).trim() };
}

/**
 * "1、促进工业转型升级：加大…" or the heading "1、党建活动绩效目标：" opens a goal; when the
 * title ends in 绩效目标 the text after the colon is the goal itself.
 */
function itemOf(b: Block): { title: string; field: Field; rest: string } | null {
  if (b.type === 'table') return null;
  const rest = b.type === 'heading' ? (b.numbering ? b.text : null) : (parseNumbering(b.text)?.rest ?? null);
  if (!rest) return null;
  const m = ITEM.exec(rest);
  if (!m) return null;
  const title = m[1]!.replace(/绩效目标$/, '').trim();
  if (title === '' || /[，。；,;]/.test(title)) return null;
  const namesGoal = /绩效目标\s*[:：]/.test(rest.slice(0, m[1]!.length + 6));
  return { title, field: namesGoal ? 'goal' : 'description', rest: m[2]!.trim() };
}

function append(a: string | null, b: string): string | null {
  if (b === '') return a;
  return a === null || a === '' ? b : `${a}\n${b}`;
}

export function proseGoals(blocks: Block[]): { goals: GoalDraft[]; indicators: ProseIndicatorDraft[] } {
  const goals: GoalDraft[] = [];
  let inGoals = false;
  let statement: GoalDraft | null = null;
  let isStatementSection = false;
  let current: GoalDraft | null = null;
  let open: Field = 'description';
  const start = (title: string | null, page: number | null): GoalDraft => {
    const goal: GoalDraft = { seq: goals.length, title, description: null, goal: null, indicators: null, result: null, page };
    goals.push(goal);
    return goal;
  };
  for (const b of blocks) {
    if (b.type === 'heading' && !/^\d/.test(b.numbering ?? '')) {
      inGoals = GOALS_SECTION.test(b.text);
      isStatementSection = STATEMENT_SECTION.test(b.text);
      current = null;
      statement = null;
      continue;
    }
    if (!inGoals || b.type === 'table') continue;
    const page = b.prov.page ?? null;
    const item = itemOf(b);
    if (item) {
      current = start(item.title, page);
      open = item.field;
      current[open] = append(current[open], item.rest);
      continue;
    }
    const field = fieldOf(b.text);
    if (field) {
      current ??= start(null, page);
      open = field.field;
      current[open] = append(current[open], field.rest);
      continue;
    }
    if (current) current[open] = append(current[open], b.text);
    else if (isStatementSection) {
      statement ??= start(null, page);
      statement.goal = append(statement.goal, b.text);
    }
  }
  return { goals, indicators: goals.flatMap(indicatorsOfGoal) };
}

/** One indicator per clause of the 绩效指标 text, with its target when it states a figure. */
const EXPLICIT_TARGET = /不小于|不低于|不少于|不高于|不超过|达到|达|≥|≤|以上|以内/;

/**
 * One indicator per clause of the 绩效指标 text. A named goal printed without one still states
 * targets in its own words ("学习次数不小于 22 次"): those clauses with an explicit bound count.
 */
function indicatorsOfGoal(goal: GoalDraft): ProseIndicatorDraft[] {
  const clauses = (text: string | null) =>
    (text ?? '')
      .split(/[，,。；;\n]/)
      .map((c) => c.trim())
      .filter((c) => c.length >= 2);
  const fromGoal = goal.title !== null ? clauses(goal.goal).filter((c) => EXPLICIT_TARGET.test(c) && parseTarget(c) !== null) : [];
  const stated = goal.indicators !== null ? clauses(goal.indicators) : fromGoal;
  return stated
    .map((description) => {
      const target = parseTarget(description);
      return {
        table_seq: null,
        goal_seq: goal.seq,
        project: goal.title,
        level1: null,
        level2: null,
        level3: null,
        description,
        target_raw: target?.raw ?? null,
        target_op: target?.op ?? null,
        target_value: target?.value ?? null,
        target_unit: target?.unit ?? null,
        actual_raw: null,
        weight: null,
        score: null,
        basis: null,
      };
    });
}
