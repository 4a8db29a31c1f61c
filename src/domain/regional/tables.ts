/**
 * Government-level tables to region figures. A table (its pieces over pages joined) is read as
 * its spec's layout: rows of regions (分地区) or rows of items of one region, its columns and rows
 * named by their header words and labels (facets.ts), each name of a region resolved once
 * (regions.ts). What it gives: the figures, and the rows and columns as read, for the checks.
 */
import type { Table } from '../../../schemas/document.js';
import type { RegionBasis } from '../../../schemas/records.js';
import { isColumnIndexRow, isNumericCell, tableToGrid } from '../../../extractors/common/table-grid.js';
import { parseAmount, printedDecimals, type MoneyUnit } from '../amounts.js';
import { headerPaths } from '../header-paths.js';
import { findMentions, type Division } from '../region.js';
import { combine, facetsOf, fundOf, namesAFigure, type Facets, type Meaning } from './facets.js';
import { cleanRegionName, namesLowerLevels, resolveRegion, type ResolvedRegion } from './regions.js';
import { NOT_REGIONAL_TITLE, REGIONAL_SPECS, type RegionalSpec } from './specs.js';
import type { RegionFigureDraft } from './figures.js';

/** One printed piece of a table: the document's table at `seq`. */
export interface Piece {
  seq: number;
  table: Table;
}

export interface ReadCell {
  col: number;
  raw: string;
  /** The amount in 分; null for a blank or a dash. */
  fen: number | null;
  decimals: number;
  /** What the printed text is when it is no amount: words, or a number too large to be one. */
  unreadable?: 'words' | 'out of range';
}

export interface ReadRow {
  seq: number;
  row: number;
  label: string;
  region: ResolvedRegion;
  /** The row's own facets, with what it inherits from the outline above it (items tables). */
  facets: Facets;
  cells: Map<number, ReadCell>;
  /** A row of 公式 (A=B+C | B | C): the identities of the columns. */
  formula: boolean;
}

export interface ReadColumn {
  col: number;
  path: string;
  facets: Facets;
}

export interface ReadTable {
  spec: RegionalSpec;
  pieces: Piece[];
  title: string;
  unit: MoneyUnit;
  nameCol: number;
  columns: ReadColumn[];
  rows: ReadRow[];
  /** The region the table is about (its title's, else the document's); `lower` for the levels below it (各市县…). */
  region: { division: Division | null; printed: string; scope: 'whole' | 'own_level' | null; lower?: boolean };
  titleFacets: Facets;
  figures: RegionFigureDraft[];
  problems: string[];
}

export interface TableContext {
  home: Division | null;
  year: number | null;
  basis: RegionBasis | null;
}

/** The cell ref a check names a figure by: "seq:row:col", as the budget family does. */
export const cellRef = (seq: number, row: number, col: number) => `${seq}:${row}:${col}`;

const FORMULA_CELL = /^[A-Z](?:=[A-Z](?:[+\-－][A-Z])+)?$/;
const isFormulaRow = (cells: readonly string[]) => {
  const filled = cells.map((c) => c.replace(/\s+/g, '')).filter((c) => c !== '');
  return filled.length >= 2 && (/^公式$/.test(filled[0]!) || filled.every((c) => FORMULA_CELL.test(c)) || filled.slice(1).every((c) => FORMULA_CELL.test(c)));
};

function readCell(col: number, raw: string, unit: MoneyUnit): ReadCell {
  const a = parseAmount(raw, unit);
  if (a.kind === 'amount') return { col, raw, fen: a.fen, decimals: printedDecimals(raw) };
  if (a.kind === 'empty') return { col, raw, fen: null, decimals: 0 };
  return { col, raw, fen: null, decimals: 0, unreadable: a.kind === 'out_of_range' ? 'out of range' : 'words' };
}

/** How many leading rows of a grid hold no figure: the header, when the extractor found none. */
function leadingRowsWithoutFigures(grid: readonly string[][]): number {
  const first = grid.findIndex((row) => row.slice(1).some((c) => isNumericCell(c) && !/^\d{1,2}$/.test(c.trim())));
  return first < 0 ? 0 : Math.min(first, 6);
}

/** Header paths from plain rows (no spans known): each column's words top down, a band carried right. */
function pathsOfRows(rows: readonly string[][], nCols: number): string[] {
  const filled = rows.filter((r) => !isColumnIndexRow(r) && !isFormulaRow(r)).map((r) => r.map((c) => c.replace(/\s+/g, '')));
  for (const row of filled) for (let c = 1; c < nCols; c++) if (row[c] === '' && row[c - 1] !== '' && c > 1) row[c] = row[c - 1]!;
  return Array.from({ length: nCols }, (_, c) => [...new Set(filled.map((r) => r[c] ?? '').filter((t) => t !== ''))].join('/'));
}

/** The header rows and paths of a piece: the extractor's, or the rows above the first figure. */
function headerOf(table: Table, grid: readonly string[][]): { headerRows: number; paths: string[] } {
  if (table.headerRows > 0) {
    // A 公式 row under the header is header too.
    let rows = table.headerRows;
    while (rows < grid.length && isFormulaRow(grid[rows]!)) rows++;
    return { headerRows: rows, paths: headerPaths(table) };
  }
  const rows = leadingRowsWithoutFigures(grid);
  return { headerRows: rows, paths: pathsOfRows(grid.slice(0, rows), table.nCols) };
}

/** The column of names: the first whose body cells are mostly words (a 序号 column of digits passed over). */
function nameColumnOf(body: readonly string[][], nCols: number): number {
  for (let c = 0; c < Math.min(3, nCols); c++) {
    const texts = body.map((r) => (r[c] ?? '').trim()).filter((t) => t !== '');
    if (texts.length === 0) continue;
    const words = texts.filter((t) => !isNumericCell(t)).length;
    if (words * 2 > texts.length) return c;
  }
  return 0;
}

/** The region a title names at its start (表1-1 43湖南省… → 湖南省; 迪庆州本级… → 迪庆州, own level). */
function regionOfTitle(title: string, home: Division | null): ReadTable['region'] {
  const text = title.replace(/\s+/g, '').replace(/^(?:表?[\d\-－—.]+表?|[一二三四五六七八九十]+[、.])/, '');
  const scope = facetsOf(text).scope ?? null;
  if (namesLowerLevels(text.replace(/分地区/g, ''), home)) return { division: home, printed: '', scope: null, lower: true };
  const mention = findMentions(text)[0];
  if (mention) {
    const resolved = resolveRegion(mention.text, { home });
    if (resolved.division) return { division: resolved.division, printed: resolved.printed, scope: scope ?? 'whole' };
  }
  return { division: home, printed: scope === 'own_level' ? '本级' : (/全(?:省|市|区|州|县)/.exec(text)?.[0] ?? home?.name ?? ''), scope };
}

/** A row label that is the table's total: 合计, 总计, 收入合计, 本年支出合计, 一般公共预算收入合计. */
const TOTAL_LABEL = /^(?:(?:本年|当年)?(?:收入|支出)?(?:合计|总计)|.{2,14}(?:收入|支出)(?:合计|总计))$/;

/** Numbering that opens a row of an outline, outermost first: 一、 （一） 1. （1） 其中. */
const OUTLINE: readonly RegExp[] = [/^[一二三四五六七八九十]+[、.．]/, /^[（(][一二三四五六七八九十]+[）)]/, /^\d+[、.．](?!\d)/, /^[（(]\d+[）)]/, /^其中[:：]?/];
const outlineLevel = (label: string) => {
  const i = OUTLINE.findIndex((re) => re.test(label.replace(/\s+/g, '')));
  return i < 0 ? OUTLINE.length : i;
};

/** A label that only names a part of the debt (（一）一般债券): it reads under its parent row's subject. */
const COMPONENT_ONLY = /^(?:一般|专项)(?:债务|债券)?$/;

/**
 * Each row's facets with what it inherits from the rows above it in the outline: year, basis and
 * component always; the subject only when the row names nothing but a component.
 */
function inheritOutline(rows: { label: string; facets: Facets }[]): Facets[] {
  const stack: { level: number; facets: Facets }[] = [];
  return rows.map(({ label, facets }) => {
    const level = outlineLevel(label);
    while (stack.length && stack[stack.length - 1]!.level >= level && level < OUTLINE.length) stack.pop();
    const parent = stack[stack.length - 1]?.facets;
    const own = cleanRegionName(label);
    const merged: Facets = { ...facets };
    if (parent) {
      if (merged.subjects.length === 0 && COMPONENT_ONLY.test(own)) merged.subjects = parent.subjects;
      merged.component ??= parent.component;
      merged.year ??= parent.year;
      merged.basis ??= parent.basis;
    }
    if (level < OUTLINE.length || stack.length === 0) stack.push({ level, facets: merged });
    return merged;
  });
}

/** Whether the rows name regions: three or more, and most of the labelled rows. */
function rowsAreRegions(rows: readonly ReadRow[]): boolean {
  const labelled = rows.filter((r) => r.label.trim() !== '');
  const regions = labelled.filter((r) => r.region.role === 'region' || r.region.role === 'zone' || (r.region.role === 'total' && r.region.division));
  const structural = labelled.filter((r) => r.region.role !== 'other');
  return regions.length >= 3 && structural.length * 10 >= labelled.length * 6;
}

/** Titles of tables that give no region figure though they share the words (project lists, bond uses). */
export const isNotRegional = (title: string) => NOT_REGIONAL_TITLE.test(title) && !/分地区/.test(title);

/** The spec of a table: by title and by what its rows are. */
function specOf(title: string, byRegion: boolean, columnSubjects: boolean): RegionalSpec | null {
  const layout = byRegion ? 'by_region' : 'items';
  const named = REGIONAL_SPECS.find((s) => s.layout === layout && s.title.test(title));
  if (named) return named;
  // Untitled (or titled in words we do not know) but plainly regions with named figure columns.
  if (byRegion && columnSubjects) return REGIONAL_SPECS.find((s) => s.kind === 'debt_limit_balance')!;
  return null;
}

/**
 * Reads one table (its pieces joined) as region figures. `unit` is the unit its amounts are in.
 * Returns null for a table that is no government-level table of a known kind.
 */
export function readRegionalTable(pieces: readonly Piece[], unit: MoneyUnit, ctx: TableContext): ReadTable | null {
  const first = pieces[0]!.table;
  const title = (first.title ?? '').replace(/\s+/g, '');
  // A project list or a bond-use register (债券使用情况表, thousands of rows) is no kind's: known
  // from its title before any row is read.
  if (isNotRegional(title)) return null;
  const grids = pieces.map((p) => tableToGrid(p.table));
  const header = headerOf(first, grids[0]!);
  const titleFacets = facetsOf(title);
  const region = regionOfTitle(title, ctx.home);
  const home = region.division ?? ctx.home;
  // Every piece's body, under the first piece's header (a continuation repeats it or prints none).
  const body: { seq: number; row: number; cells: string[] }[] = [];
  pieces.forEach(({ seq, table }, i) => {
    const skip = i === 0 ? header.headerRows : headerOf(table, grids[i]!).headerRows;
    grids[i]!.forEach((cells, row) => {
      if (row >= skip) body.push({ seq, row, cells });
    });
  });
  if (body.length === 0) return null;
  const nameCol = nameColumnOf(body.map((b) => b.cells), first.nCols);
  let parent: Division | null = null;
  const rows: ReadRow[] = body.map(({ seq, row, cells }) => {
    const label = (cells[nameCol] ?? '').trim();
    const resolved = resolveRegion(label, { home, parent });
    if (resolved.division && resolved.division.level <= 2 && resolved.role === 'region') parent = resolved.division;
    const read = new Map<number, ReadCell>();
    cells.forEach((text, col) => {
      if (col !== nameCol && text.trim() !== '' && col > nameCol) read.set(col, readCell(col, text, unit));
      else if (col !== nameCol && col > nameCol) read.set(col, { col, raw: '', fen: null, decimals: 0 });
    });
    return { seq, row, label, region: resolved, facets: facetsOf(label), cells: read, formula: isFormulaRow(cells) };
  });
  // A column of words beside the names (the 支出 half of a 收支平衡表, notes) holds no figures.
  const wordy = (col: number) => {
    const texts = body.map((b) => (b.cells[col] ?? '').trim()).filter((t) => t !== '');
    return texts.length > 0 && texts.filter((t) => parseAmount(t, unit).kind === 'text').length * 2 > texts.length;
  };
  const columns: ReadColumn[] = header.paths.flatMap((path, col) => (col > nameCol && !wordy(col) ? [{ col, path, facets: facetsOf(path) }] : []));
  const byRegion = rowsAreRegions(rows);
  const spec = specOf(title, byRegion, columns.some((c) => c.facets.subjects.length > 0));
  if (!spec) return null;
  if (spec.layout === 'items') {
    // A row names its figure only when its label is that name and nothing else: 其他政府性基金收入
    // is a part of the fund's revenue, not the revenue.
    for (const r of rows) if (!namesAFigure(r.label) && !COMPONENT_ONLY.test(cleanRegionName(r.label))) r.facets = { ...r.facets, subjects: [] };
    const inherited = inheritOutline(rows);
    rows.forEach((r, i) => (r.facets = inherited[i]!));
  }
  const read: ReadTable = { spec, pieces: [...pieces], title, unit, nameCol, columns, rows, region, titleFacets, figures: [], problems: [] };
  read.figures = figuresOf(read, ctx);
  return read;
}

/** The year and basis a table's title implies, else the document's. */
function defaultsOf(t: ReadTable, ctx: TableContext) {
  return { year: t.titleFacets.year ?? ctx.year, basis: t.titleFacets.basis ?? ctx.basis };
}

/** The meaning of a cell of a by-region table (column, then title) or of an items table (row, column, title). */
export function meaningOf(t: ReadTable, row: ReadRow, column: ReadColumn, ctx: TableContext, totalRow: ReadRow | null): Meaning | null {
  const defaults = defaultsOf(t, ctx);
  const allowed = (m: Meaning | null) => {
    if (!m || !t.spec.subjects.includes(m.subject)) return null;
    // A table of one budget (国有资本经营预算收入表) gives that budget's figures only.
    const fund = t.spec.layout === 'items' ? fundOf(t.title) : null;
    if (fund && !(FUND_SUBJECTS[fund] ?? []).includes(m.subject)) return null;
    // 上级补助收入 is the key in the general budget's tables only (a fund's balance table has its own).
    if (m.subject === 'transfer_from_higher' && fundOf(t.title) !== 'gpb_revenue') return null;
    return m;
  };
  if (t.spec.layout === 'by_region') {
    // In a table of new ceilings (新增债务限额分配表, 提前下达), a 限额 column is the new ceiling.
    const column_ = t.spec.kind === 'debt_new_by_region' && t.titleFacets.subjects.includes('debt_new') && column.facets.subjects.includes('debt_limit') ? { ...column.facets, subjects: ['debt_new' as const] } : column.facets;
    return allowed(combine([column_, t.titleFacets], defaults));
  }
  // In an items table a row gives a figure when it names one (税收收入, 一、2024年末一般债务余额);
  // the total row (合计) gives the title's (一般公共预算收入执行情况表).
  const names = row.facets.subjects.length > 0;
  const isTotal = row === totalRow && !names;
  if (!names && !isTotal) return null;
  const title = isTotal ? t.titleFacets : { ...t.titleFacets, subjects: [] };
  // Where the columns are bases (预算数 | 执行数), a figure in the budget's column is the budget's,
  // whatever the row says of the other (五、2025年末余额预计执行数 | 8,014.00 | 8,014.04); in the
  // execution column the row's own word stands (一、2024年末余额实际数: a final figure).
  const budgetColumn = column.facets.basis === 'budget' || column.facets.basis === 'adjusted_budget';
  if (budgetColumn && t.columns.some((c) => c.facets.basis && c.facets.basis !== column.facets.basis)) {
    return allowed(combine([{ ...row.facets, basis: column.facets.basis }, column.facets, title], defaults));
  }
  return allowed(combine([row.facets, column.facets, title], defaults));
}

/** The subjects of each budget, by the subject of its revenue (facets.ts fundOf). */
const FUND_SUBJECTS: Record<string, readonly string[]> = {
  gpb_revenue: ['gpb_revenue', 'tax_revenue', 'non_tax_revenue', 'gpb_expenditure', 'transfer_from_higher'],
  gov_fund_revenue: ['gov_fund_revenue', 'land_sale_revenue', 'gov_fund_expenditure'],
  soe_revenue: ['soe_revenue', 'soe_expenditure'],
  ssf_revenue: ['ssf_revenue', 'ssf_expenditure'],
};

/**
 * Lines of a table that also counts money moving between levels and years (补助下级支出, 上级补助
 * 收入, 调入资金, 结转下年): its total is a 收支总计, not the revenue or the expenditure.
 */
const TRANSFER_LINE = /补助下级|对下(?:转移支付)?|转移性(?:收入|支出)|上解(?:上级)?(?:支出|收入)|下级上解|上级补助|调入资金|调出资金|上年结[余转]|结转下年|年终结余|债务转贷|债务还本|动用预算稳定|安排预算稳定/;

/** The items table's total row: the first labelled 合计/总计 (合计 before a later 收入总计). */
export function totalRowOf(t: ReadTable): ReadRow | null {
  if (t.spec.layout !== 'items') return null;
  if (t.rows.some((r) => TRANSFER_LINE.test(r.label.replace(/\s+/g, '')))) return null;
  const totals = t.rows.filter((r) => TOTAL_LABEL.test(cleanRegionName(r.label)));
  return totals.find((r) => /合计/.test(r.label)) ?? totals[0] ?? null;
}

function figuresOf(t: ReadTable, ctx: TableContext): RegionFigureDraft[] {
  const out: RegionFigureDraft[] = [];
  const seen = new Set<string>();
  const totalRow = totalRowOf(t);
  const unreadable: string[] = [];
  // A total row naming a figure (政府性基金预算收入合计) is that figure before a section of it that
  // names it too (一、政府性基金收入, beside 二、专项债务对应项目专项收入): totals are read first.
  const isTotalLabel = (r: ReadRow) => TOTAL_LABEL.test(cleanRegionName(r.label));
  const ordered = t.spec.layout === 'items' ? [...t.rows.filter(isTotalLabel), ...t.rows.filter((r) => !isTotalLabel(r))] : t.rows;
  for (const row of ordered) {
    if (row.formula) continue;
    const where = t.spec.layout === 'by_region' ? row.region : null;
    if (where && (where.role === 'other' || where.role === 'aggregate')) continue;
    // An items table of the levels below home (各市县一般公共预算收入决算表) is no region's.
    if (!where && t.region.lower) continue;
    for (const column of t.columns) {
      const cell = row.cells.get(column.col);
      if (!cell || cell.raw === '') continue;
      const meaning = meaningOf(t, row, column, ctx, totalRow);
      if (!meaning) continue;
      if (cell.unreadable) {
        unreadable.push(`${row.label || `row ${row.row + 1}`} / ${column.path || `column ${column.col + 1}`}: "${cell.raw}" (${cell.unreadable === 'words' ? 'not a figure' : 'too large to be an amount'})`);
        continue;
      }
      if (cell.fen === null) continue;
      const division = where ? where.division : t.region.division;
      const printed = where ? where.printed : t.region.printed || (division?.name ?? '');
      const scope = where ? (where.role === 'zone' ? null : where.scope) : (column.facets.scope ?? row.facets.scope ?? t.region.scope);
      if (!printed) continue;
      const identity = [division?.code ?? printed, scope, meaning.key, meaning.year, meaning.basis].join('|');
      if (seen.has(identity)) continue;
      seen.add(identity);
      out.push({
        region: printed,
        division,
        scope,
        fiscal_year: meaning.year,
        basis: meaning.basis,
        key: meaning.key,
        value_fen: cell.fen,
        unit: t.unit,
        raw: cell.raw,
        source: 'table',
        context: `${row.label} | ${column.path}`,
        page: null,
        cell: cellRef(row.seq, row.row, column.col),
      });
    }
  }
  if (unreadable.length > 0) {
    t.problems.push(`table "${t.title}": ${unreadable.length} figure cell(s) could not be read and are not stored (${unreadable.slice(0, 3).join('; ')}${unreadable.length > 3 ? '; …' : ''})`);
  }
  return out;
}
