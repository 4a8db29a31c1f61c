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
import { budgetChecks, type RowIdentity } from './checks.js';
import { headerHoldRate, totalByArithmetic } from './arithmetic-roles.js';
import type { LogicalTable } from './logical.js';
import { columnRoles, resolveStages, sideBySideHalves, withCodeParts, withLoneTotal, withSequenceColumns, type ColumnRole } from './columns.js';
import { tableToGrid } from '../../../extractors/common/table-grid.js';
import { CODED_KINDS, LINE_KINDS, sideOfPath, TWO_HALF_KINDS } from './kinds.js';
import { cellRef, readCodedRows, readItemRows, type BudgetLine } from './rows.js';
import { tableFacts, type TableFact } from './facts.js';
import type { OwnFigures } from './specs.js';
import { readAssets, readProcurement, type AssetItemDraft, type ProcurementItemDraft } from './procurement.js';

export { budgetTableKind, continuesTable } from './kinds.js';

/** A line item before verification, with the cell it was read from. */
export type LineDraft = Omit<LineItemDraft, 'verified' | 'col'> & { cell: string };

export interface BudgetRecords {
  lineItems: LineDraft[];
  procurementItems: ProcurementItemDraft[];
  assetItems: AssetItemDraft[];
  facts: TableFact[];
  checks: CheckDraft[];
  problems: string[];
}

export type { OwnFigures } from './specs.js';

/**
 * The two halves of a summary: each name column with the amount columns up to the next one, on
 * the side (收入 or 支出) its header names, or by position when it names none. A half may itself
 * be split (Jiangsu's 支出 half: 功能分类 名称|金额 beside 支出用途 名称|金额); a row whose name
 * is in one part and figure in the other (当年支出小计 printed across both) is one line.
 */
function readHalves(table: Table, seq: number, roles: readonly ColumnRole[], paths: readonly string[], unit: MoneyUnit): BudgetLine[] {
  const nameCols = roles.flatMap((r, c) => (r.role === 'name' ? [c] : []));
  const sides = nameCols.map((c, i) => sideOfPath(paths[c] ?? '') ?? (i === 0 ? '收入' : '支出'));
  const parts = nameCols.map((nameCol, i) => {
    const end = nameCols[i + 1] ?? roles.length;
    const amountCols = roles.flatMap((r, col) => (r.role === 'amount' && col > nameCol && col < end ? [{ col, measure: r.measure, label: r.label, other: r.other }] : []));
    return { side: sides[i]!, lines: readItemRows(table, seq, nameCol, amountCols, unit, sides[i]!), amountCols };
  });
  const out: BudgetLine[] = [];
  parts.forEach((part, i) => {
    for (const line of part.lines) {
      const next = parts[i + 1];
      if (line.amounts.length === 0 && next && next.side === part.side && !next.lines.some((l) => l.row === line.row)) {
        const borrowed = readItemRows({ ...table }, seq, -1, next.amountCols, unit, part.side).find((l) => l.row === line.row);
        if (borrowed) line.amounts.push(...borrowed.amounts);
      }
      out.push({ ...line, part: i });
    }
  });
  return out;
}

interface ReadTable {
  lines: BudgetLine[];
  identities?: RowIdentity[];
  /** What the figures changed in the header's reading, and the columns whose measure that leaves unsure. */
  note?: string | null;
  doubted?: number[];
}

/** The lines of one table, read by its kind's layout, from its header paths. */
function readLines(table: Table, seq: number, paths: readonly string[], kind: TableKind, unit: MoneyUnit, own: OwnFigures): ReadTable {
  const body = tableToGrid(table).slice(table.headerRows);
  const roles = resolveStages(withSequenceColumns(columnRoles(paths), body), own);
  if (CODED_KINDS.has(kind)) {
    const byFigures = totalByArithmetic(roles, paths, body, unit);
    const leading = tableToGrid(table).slice(0, table.headerRows + 1);
    const halves = sideBySideHalves(withCodeParts(byFigures.roles, leading));
    const lines = halves.flatMap((half, part) => readCodedRows(table, seq, withLoneTotal(half), unit, kind === 'gpb_basic_expenditure').map((l) => ({ ...l, part })));
    return { lines, identities: byFigures.identities, note: byFigures.note, doubted: byFigures.doubted };
  }
  if (TWO_HALF_KINDS.has(kind)) return { lines: readHalves(table, seq, roles, paths, unit) };
  // Three public: the expense items as rows, or as the columns of one row.
  const nameCol = roles.findIndex((r) => r.role === 'name');
  const amountCols = roles.flatMap((r, col) => (r.role === 'amount' ? [{ col, measure: r.measure, label: r.label, other: r.other }] : []));
  return { lines: readItemRows(table, seq, nameCol, amountCols, unit) };
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

/** The line items of a piece's lines, each with the cell it was read from. */
function lineDrafts(lines: readonly BudgetLine[], seq: number, kind: TableKind): LineDraft[] {
  const out: LineDraft[] = [];
  for (const line of lines) {
    const beside = (c: string) => (line.classification === c ? null : (line.otherCodes.find((o) => o.classification === c)?.code ?? null));
    const economic = beside('economic');
    const govEconomic = beside('gov_economic');
    // Written out rather than spread from a shared part: there is one per figure (see table-grid's modelCell).
    for (const a of line.amounts) {
      out.push({
        table_seq: seq, row: line.row, table_kind: kind, classification: line.classification, code: line.code,
        level: line.level, parent_code: line.parent, name: line.name, economic_code: economic, gov_economic_code: govEconomic,
        column: a.measure, column_label: a.label, amount_fen: a.fen, raw: a.raw, cell: cellRef(a),
      });
    }
  }
  return out;
}

/** Share of checkable rows a header's identities must hold on, over all the pieces, to be agreed on. */
const AGREED = 0.9;

/**
 * A table continued under a header printed differently on another page (a label over the
 * neighbouring column): the one of the two headers under which the figures of every piece keep
 * the identities it implies, when one does and the other does not; null when the figures do not
 * tell (then each page is read under its own header, and the document says so).
 */
function agreedHeader(pieces: readonly Table[], candidates: readonly (readonly string[])[], unit: MoneyUnit): readonly string[] | null {
  if (pieces.some((t) => candidates.some((c) => c.length !== t.nCols))) return null;
  // A label one printing puts in a group (本年收入/其他收入) is in that group in the other too,
  // even where that printing left it outside (其他收入 alone): a column belongs where its label does.
  const grouped = new Map<string, string>();
  for (const paths of candidates) for (const p of paths) if (p.includes('/')) grouped.set(p.slice(p.lastIndexOf('/') + 1), p);
  const rates = candidates.map((printed) => {
    const paths = printed.map((p) => (p.includes('/') ? p : (grouped.get(p) ?? p)));
    let held = 0;
    let rows = 0;
    for (const t of pieces) {
      const r = headerHoldRate(paths, tableToGrid(t).slice(t.headerRows), unit);
      held += r.held;
      rows += r.rows;
    }
    return rows < 3 ? 0 : held / rows;
  });
  const best = rates.indexOf(Math.max(...rates));
  const clear = rates[best]! >= AGREED && rates.every((r, i) => i === best || r < rates[best]! - 0.2);
  return clear ? candidates[best]! : null;
}

export function parseBudgetTables(tables: readonly ParsedTable[], own: OwnFigures): BudgetRecords {
  const lineItems: LineDraft[] = [];
  const procurementItems: ProcurementItemDraft[] = [];
  const assetItems: AssetItemDraft[] = [];
  const extraChecks: CheckDraft[] = [];
  const problems: string[] = [];
  const logical: LogicalTable[] = [];
  tables.forEach(({ kind, table, emptyNote, unit, continues }, seq) => {
    // An empty standard table is published that way on purpose only when a note says so.
    const declaredEmpty = (): CheckDraft => ({
      rule: 'table.declared_empty',
      subject: table.title ?? kind,
      expected: 1,
      actual: emptyNote ? 1 : 0,
      ok: emptyNote ? 1 : 0,
      detail: emptyNote ?? 'the table has no rows and no note saying it is empty (空表列示)',
    });
    if (kind && LINE_KINDS.has(kind) && table.nRows <= table.headerRows) {
      extraChecks.push(declaredEmpty());
      return;
    }
    if (kind === 'procurement' && unit) {
      const read = readProcurement(table, seq, unit);
      procurementItems.push(...read.items);
      extraChecks.push(...read.checks);
    }
    if (kind === 'assets') assetItems.push(...readAssets(table, seq, isMoneyUnit(table.unit) ? table.unit : null));
    if (!kind || !LINE_KINDS.has(kind)) return;
    if (!unit) {
      problems.push(`table ${seq + 1} (${table.title ?? kind}): no unit declared, amounts not read`);
      return;
    }
    // A piece continuing the table before it without a header of its own reads under that one's.
    const carried = continues && table.headerRows === 0 ? logical[logical.length - 1]?.pieces.at(-1) : undefined;
    let paths = carried && carried.seq === seq - 1 && carried.paths.length === table.nCols ? carried.paths : headerPaths(table);
    const previous = logical[logical.length - 1];
    const first = previous?.pieces[0];
    const last = previous?.pieces[previous.pieces.length - 1];
    const continuing = previous && first && last && previous.kind === kind && last.seq === seq - 1 && continues;
    let disagreeing = continuing ? differingMeasures(first.paths, paths) : [];
    if (continuing && disagreeing.length > 0) {
      // The figures say which printing of the header is right: every piece is read under it.
      const agreed = agreedHeader([...previous.pieces.map((p) => tables[p.seq]!.table), table], [first.paths, paths], unit);
      if (agreed === first.paths) paths = [...first.paths];
      else if (agreed === paths) {
        for (const piece of previous.pieces) {
          const reread = readLines(tables[piece.seq]!.table, piece.seq, paths, kind, unit, own);
          Object.assign(piece, { paths, lines: reread.lines, identities: reread.identities });
          const others = lineItems.filter((l) => l.table_seq !== piece.seq);
          lineItems.length = 0;
          lineItems.push(...others, ...lineDrafts(reread.lines, piece.seq, kind));
        }
      }
      if (agreed) disagreeing = [];
    }
    const { lines, identities, note, doubted } = readLines(table, seq, paths, kind, unit, own);
    if (note) {
      problems.push(`table ${seq + 1} (${table.title ?? kind}): ${note}`);
      const cells = lines.flatMap((l) => l.amounts.filter((a) => doubted?.includes(a.col)).map(cellRef));
      extraChecks.push({ rule: `${kind}.header_vs_figures`, subject: table.title ?? kind, expected: null, actual: null, ok: 0, detail: note, cells });
    }
    // Printed without figures (its header, perhaps an empty 合计 row, which the layout may have
    // taken for body rows): an empty table.
    if (lines.every((l) => l.amounts.length === 0)) {
      extraChecks.push(declaredEmpty());
      return;
    }
    lineItems.push(...lineDrafts(lines, seq, kind));
    const unreadable = lines.flatMap((l) => l.unreadable.filter((u) => !u.tooLarge).map((u) => `${l.name}: ${u.raw}`));
    if (unreadable.length > 0) problems.push(`table ${seq + 1} (${table.title ?? kind}): ${unreadable.length} amount cell(s) hold words, not figures (${unreadable.slice(0, 3).join('; ')})`);
    const tooLarge = lines.flatMap((l) => l.unreadable.filter((u) => u.tooLarge).map((u) => `${l.name}: ${u.raw}`));
    if (tooLarge.length > 0) problems.push(`table ${seq + 1} (${table.title ?? kind}): ${tooLarge.length} amount cell(s) too large to be an amount, not stored (${tooLarge.slice(0, 3).join('; ')})`);
    if (continuing) {
      if (disagreeing.length > 0) {
        problems.push(`table ${seq + 1} continues table ${first.seq + 1} (${tables[first.seq]!.table.title ?? kind}) under a header printed differently: ${disagreeing.join('; ')}; its line items follow each page's own header`);
      }
      previous.pieces.push({ seq, paths, lines, identities });
    } else {
      logical.push({ kind, pieces: [{ seq, paths, lines, identities }], unit, pageFirst: table.pageFirst });
    }
  });
  return { lineItems, procurementItems, assetItems, facts: tableFacts(logical, own.basis, own.year), checks: [...budgetChecks(logical, own), ...extraChecks], problems };
}
