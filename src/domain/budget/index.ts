/**
 * Budget and final-account disclosures: the standard tables as line items, their headline
 * figures as facts, and the identities DOMAIN.md lists as checks. Works on the document model's
 * tables, so every format gives the same records.
 */
import type { Table } from '../../../schemas/document.js';
import type { TableKind } from '../../../schemas/records.js';
import { isMoneyUnit, type MoneyUnit } from '../amounts.js';
import type { CheckDraft } from '../checks/check.js';
import { headerPaths } from '../header-paths.js';
import type { FactDraft } from '../narrative.js';
import type { LineItemDraft, ParsedTable } from '../parsed.js';
import { budgetChecks } from './checks.js';
import type { LogicalTable } from './logical.js';
import { columnRoles, sideBySideHalves, withCodeParts } from './columns.js';
import { tableToGrid } from '../../../extractors/common/table-grid.js';
import { CODED_KINDS, continuesTable, TWO_HALF_KINDS } from './kinds.js';
import { readCodedRows, readItemRows, type BudgetLine } from './rows.js';
import { tableFacts } from './facts.js';
import { readAssets, readProcurement, type AssetItemDraft, type ProcurementItemDraft } from './procurement.js';

export { budgetTableKind, continuesTable } from './kinds.js';

export interface BudgetRecords {
  lineItems: LineItemDraft[];
  procurementItems: ProcurementItemDraft[];
  assetItems: AssetItemDraft[];
  facts: FactDraft[];
  checks: CheckDraft[];
  problems: string[];
}

const LINE_KINDS: ReadonlySet<TableKind> = new Set<TableKind>([...CODED_KINDS, ...TWO_HALF_KINDS, 'three_public']);

/** The unit each table's amounts are in: its own, else the last one declared before it. */
function unitsOf(tables: readonly ParsedTable[]): (MoneyUnit | null)[] {
  let last: MoneyUnit | null = null;
  const fallback = tables.map((t) => t.table.unit).find(isMoneyUnit) ?? null;
  return tables.map(({ table }) => {
    if (isMoneyUnit(table.unit)) last = table.unit;
    return last ?? fallback;
  });
}

/** The lines of one table, read by its kind's layout, from its header paths. */
function readLines(table: Table, paths: readonly string[], kind: TableKind, unit: MoneyUnit): BudgetLine[] {
  const roles = columnRoles(paths);
  if (CODED_KINDS.has(kind)) {
    const leading = tableToGrid(table).slice(0, table.headerRows + 1);
    return sideBySideHalves(withCodeParts(roles, leading)).flatMap((half) => readCodedRows(table, half, unit, kind === 'gpb_basic_expenditure'));
  }
  if (TWO_HALF_KINDS.has(kind)) {
    // Each name column with the amount columns up to the next one: a half may itself be split
    // (Jiangsu's 支出 half: 功能分类 名称|金额 beside 支出用途 名称|金额).
    const nameCols = roles.flatMap((r, c) => (r.role === 'name' && /^(收入|支出)/.test(paths[c] ?? '') ? [c] : []));
    return nameCols.flatMap((nameCol, i) => {
      const side = (paths[nameCol] ?? '').slice(0, 2);
      const end = nameCols[i + 1] ?? roles.length;
      const amountCols = roles.flatMap((r, col) => (r.role === 'amount' && col > nameCol && col < end && (paths[col] ?? '').startsWith(side) ? [{ col, measure: r.measure, label: r.label }] : []));
      return readItemRows(table, nameCol, amountCols, unit);
    });
  }
  // Three public, printed with the expense items as rows.
  const nameCol = roles.findIndex((r) => r.role === 'name');
  const amountCols = roles.flatMap((r, col) => (r.role === 'amount' ? [{ col, measure: r.measure, label: r.label }] : []));
  return nameCol >= 0 ? readItemRows(table, nameCol, amountCols, unit) : [];
}

/** Columns two printings of one table's header give different measures. */
function differingMeasures(first: readonly string[], later: readonly string[]): string[] {
  const a = columnRoles(first);
  const b = columnRoles(later);
  const out: string[] = [];
  a.forEach((role, c) => {
    const other = b[c];
    if (role.role === 'amount' && other?.role === 'amount' && role.measure !== other.measure) out.push(`column ${c + 1} ${role.label} / ${other.label}`);
  });
  return out;
}

export function parseBudgetTables(tables: readonly ParsedTable[], basis: 'budget' | 'final'): BudgetRecords {
  const lineItems: LineItemDraft[] = [];
  const procurementItems: ProcurementItemDraft[] = [];
  const assetItems: AssetItemDraft[] = [];
  const extraChecks: CheckDraft[] = [];
  const problems: string[] = [];
  const units = unitsOf(tables);
  const logical: LogicalTable[] = [];
  tables.forEach(({ kind, table, emptyNote }, seq) => {
    if (kind && LINE_KINDS.has(kind) && table.nRows <= table.headerRows) {
      // An empty standard table is published that way on purpose only when a note says so.
      extraChecks.push({
        rule: 'table.declared_empty',
        subject: table.title ?? kind,
        expected: 1,
        actual: emptyNote ? 1 : 0,
        ok: emptyNote ? 1 : 0,
        detail: emptyNote ?? 'the table has no rows and no note saying it is empty (空表列示)',
      });
      return;
    }
    if (kind === 'procurement' && units[seq]) {
      const read = readProcurement(table, seq, units[seq]!);
      procurementItems.push(...read.items);
      extraChecks.push(...read.checks);
    }
    if (kind === 'assets') assetItems.push(...readAssets(table, seq, isMoneyUnit(table.unit) ? table.unit : null));
    if (!kind || !LINE_KINDS.has(kind)) return;
    const unit = units[seq];
    if (!unit) {
      problems.push(`table ${seq + 1} (${table.title ?? kind}): no unit declared, amounts not read`);
      return;
    }
    const paths = headerPaths(table);
    const lines = readLines(table, paths, kind, unit);
    for (const line of lines) {
      const beside = (c: string) => (line.classification === c ? null : (line.otherCodes.find((o) => o.classification === c)?.code ?? null));
      const shared = {
        table_seq: seq, row: line.row, table_kind: kind, classification: line.classification, code: line.code,
        level: line.level, parent_code: line.parent, name: line.name,
        economic_code: beside('economic'), gov_economic_code: beside('gov_economic'),
      };
      for (const a of line.amounts) lineItems.push({ ...shared, column: a.measure, column_label: a.label, amount_fen: a.fen, raw: a.raw });
    }
    const unreadable = lines.flatMap((l) => l.unreadable.map((u) => `${l.name}: ${u.raw}`));
    if (unreadable.length > 0) problems.push(`table ${seq + 1} (${table.title ?? kind}): ${unreadable.length} amount cell(s) hold words, not figures (${unreadable.slice(0, 3).join('; ')})`);
    const previous = logical[logical.length - 1];
    const first = previous?.pieces[0];
    const last = previous?.pieces[previous.pieces.length - 1];
    if (previous && first && last && previous.kind === kind && last.seq === seq - 1 && continuesTable(tables[last.seq]!.table, table)) {
      const disagreeing = differingMeasures(first.paths, paths);
      if (disagreeing.length > 0) {
        problems.push(`table ${seq + 1} continues table ${first.seq + 1} (${tables[first.seq]!.table.title ?? kind}) under a header printed differently: ${disagreeing.join('; ')}; its line items follow each page's own header`);
      }
      previous.pieces.push({ seq, paths, lines });
    } else {
      logical.push({ kind, pieces: [{ seq, paths, lines }], unit, pageFirst: table.pageFirst });
    }
  });
  return { lineItems, procurementItems, assetItems, facts: tableFacts(logical, basis), checks: [...budgetChecks(logical), ...extraChecks], problems };
}
