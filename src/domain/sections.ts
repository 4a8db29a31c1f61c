/**
 * Sections: the text under each heading, for reading and full-text search, with a topic where
 * the heading says what the section is about.
 */
import type { Block, Table } from '../../schemas/document.js';
import type { SectionRow } from '../../schemas/records.js';
import { tableToGrid } from '../../extractors/common/table-grid.js';

export type SectionDraft = Omit<SectionRow, 'doc_id'>;
type Topic = NonNullable<SectionRow['topic']>;

const TOPIC_RULES: ReadonlyArray<readonly [Topic, RegExp]> = [
  ['team', /评价工作组|评价小组|工作组人员|人员名单/],
  ['conclusion', /评价结论|评价等级|评价结果|自评结论/],
  ['process', /自评工作开展|自评的组织|自评的方法|评价过程|组织工作/],
  ['results', /实现情况|完成情况|指标分析/],
  ['goals', /绩效目标|绩效指标|目标、指标/],
  ['budget', /收支预决算|预决算情况|收支情况|预算安排|决算情况|收支总体情况/],
  ['profile', /基本情况|部门概况|单位概况|部门职能|机构设置|主要职责|单位职能/],
];
const PROBLEMS = /存在的?(?:主要)?问题|问题分析/;
const MEASURES = /改进措施|改进建议|整改措施|措施或建议|意见建议|下一步/;

export function topicOf(heading: string): Topic | null {
  const problems = PROBLEMS.test(heading);
  const measures = MEASURES.test(heading);
  if (problems && measures) return null;
  if (problems) return 'problems';
  if (measures) return 'measures';
  return TOPIC_RULES.find(([, re]) => re.test(heading))?.[0] ?? null;
}

/** A table as text for reading and search: its title, then tab-separated rows. */
export function tableAsText(table: Table): string {
  const rows = tableToGrid(table).map((r) => r.map((c) => c.replace(/\s*\n\s*/g, ' ')).join('\t'));
  return [table.title ?? '', ...rows].filter((l) => l.trim() !== '').join('\n');
}

export function buildSections(blocks: Block[]): SectionDraft[] {
  const sections: SectionDraft[] = [];
  let current: SectionDraft | null = null;
  const body: string[] = [];
  const close = () => {
    if (current && (current.heading !== null || body.length > 0)) {
      sections.push({ ...current, seq: sections.length, text: body.join('\n') });
    }
    body.length = 0;
  };
  for (const b of blocks) {
    if (b.type === 'heading') {
      close();
      current = { seq: 0, level: b.level, numbering: b.numbering, heading: b.text, text: '', page: b.prov.page ?? null, topic: topicOf(b.text) };
      continue;
    }
    current ??= { seq: 0, level: 0, numbering: null, heading: null, text: '', page: b.prov.page ?? null, topic: null };
    body.push(b.type === 'table' ? tableAsText(b) : b.text);
  }
  close();
  return sections;
}
