/**
 * Headline figures (source 'table') derived from the standard tables' lines by the fact rules of
 * specs.ts: income_total is the summary's 收入总计, basic_expenditure the 基本支出 of the
 * expenditure table's 合计 line, the three-public figures the items of its table (as rows or as
 * columns). Each fact keeps the cell it came from, for verification.
 */
import type { FactDraft } from '../narrative.js';
import { cellOf, figure, lineWithRole, type LogicalTable } from './logical.js';
import { cellRef, type AmountCell, type BudgetLine } from './rows.js';
import { specOf, type BudgetTableKind } from './specs.js';

/** The tables facts are read from, in order: the all-funds tables before the general-budget ones. */
const FACT_SOURCES: readonly BudgetTableKind[] = ['summary', 'expenditure', 'gpb_expenditure', 'gpb_basic_expenditure', 'appropriation_summary', 'three_public'];

/** A fact drafted from a table, with the cell it was read from. */
export type TableFact = FactDraft & { cell: string };

function fact(key: FactDraft['key'], basis: 'budget' | 'final', t: LogicalTable, line: BudgetLine, cell: AmountCell): TableFact {
  return { key, basis, subject: null, value_num: cell.fen / 100, value_text: null, unit: '元', raw: `${line.name} ${cell.raw}${t.unit}`, source: 'table', page: t.pageFirst, cell: cellRef(cell) };
}

/**
 * The facts of every spec, from the first table of its kind that gives them; a key two specs
 * give (basic_expenditure: the expenditure table, else the general-budget one) comes from the
 * first that has it.
 */
export function tableFacts(tables: readonly LogicalTable[], basis: 'budget' | 'final', year: number | null): TableFact[] {
  const out: TableFact[] = [];
  const own = { basis, year };
  for (const kind of FACT_SOURCES) {
    const spec = specOf(kind)!;
    for (const rule of spec.facts) {
      if (out.some((f) => f.key === rule.key)) continue;
      for (const t of tables.filter((x) => x.kind === spec.kind)) {
        const line = lineWithRole(t, rule.row, own);
        const cell = rule.measure ? cellOf(line, rule.measure) : figure(line, rule.side);
        if (line && cell) {
          out.push(fact(rule.key, basis, t, line, cell));
          break;
        }
      }
    }
  }
  return out;
}
