/**
 * The rows of a standard table as classified lines: code (in any printed form), level, parent,
 * name, and the amount in each amount column.
 */
import type { Table } from '../../../schemas/document.js';
import { parseAmount, type MoneyUnit } from '../amounts.js';
import { bodyRows } from '../header-paths.js';
import type { ColumnRole } from './columns.js';
import { TOTAL_LINE, type Side } from './specs.js';

export type Classification = 'function' | 'economic' | 'gov_economic' | 'item';

export interface AmountCell {
  /** The table (its position in the document) and the row and column the figure is printed in. */
  seq: number;
  row: number;
  col: number;
  measure: string;
  label: string;
  raw: string;
  fen: number;
  /** A column of other figures than the document's own (上年, 预算数 in a final account). */
  other?: boolean;
}

/** A cell's key in checks and verification: "seq:row:col". */
export const cellRef = (a: Pick<AmountCell, 'seq' | 'row' | 'col'>) => `${a.seq}:${a.row}:${a.col}`;

export interface BudgetLine {
  /** The table (its position in the document; a table continued over pages may be several) and row. */
  seq: number;
  row: number;
  classification: Classification;
  code: string | null;
  /** 1 = 类, 2 = 款, 3 = 项 (function: 3/5/7 digits; economic: 3/5). */
  level: number | null;
  parent: string | null;
  name: string;
  /** Other classifications printed beside the row's own, with their codes. */
  otherCodes: { classification: Classification; code: string; name: string }[];
  /** A total line (合计, 总计, 本年收入合计 …). */
  isTotal: boolean;
  /** For a table printed as 收入 | 支出 halves, the half the line is in. */
  side: Side | null;
  /** Which name column of the table the line is printed in (a half may print two lists). */
  part?: number;
  amounts: AmountCell[];
  /** Amount cells that hold words instead of a figure, or digits too many to be one. */
  unreadable: Unreadable[];
}

export interface Unreadable {
  col: number;
  raw: string;
  /** Digits beyond what an amount in 分 can hold exactly (a misprint or a code), not words. */
  tooLarge: boolean;
}

/** A code printed with its name in one cell: 30101 基本工资, 30101-基本工资, 30101基本工资, [30101]基本工资. */
const FUSED = /^[\[【［〔(（]?(\d{3}(?:\d{2}){0,2})[\]】］〕)）]?\s*[-－—_.、:：\s]\s*(\S.*)$|^[\[【［〔(（]?(\d{3}(?:\d{2}){0,2})[\]】］〕)）]?([\u3400-\u9fff].*)$/;

function digits(text: string): string {
  return text.replace(/\s+/g, '');
}

export function levelOf(code: string): number | null {
  if (!/^\d+$/.test(code)) return null;
  if (code.length === 3) return 1;
  if (code.length === 5) return 2;
  if (code.length === 7) return 3;
  return null;
}

export function classificationOf(code: string, economicTable: boolean): Classification {
  if (code.startsWith('5')) return 'gov_economic';
  if (code.startsWith('3') || economicTable) return 'economic';
  return 'function';
}

interface CodeParts {
  类: string;
  款: string;
  项: string;
}

/**
 * The code of a row printed as 类 | 款 | 项 columns, where a group's 类 (and 款) may be printed
 * only on its first row: a 款 or 项 without its 类 takes the one above.
 */
function codeFromParts(parts: CodeParts, above: CodeParts): string | null {
  if (parts.类 === '' && parts.款 === '' && parts.项 === '') return null;
  // The whole code printed in the 类 column (2050205 | | ).
  if (/^\d{5}(?:\d{2})?$/.test(parts.类) && parts.款 === '' && parts.项 === '') return parts.类;
  const 类 = parts.类 || above.类;
  const 款 = parts.款 || (parts.项 ? above.款 : '');
  if (!/^\d{3}$/.test(类)) return null;
  if (parts.项 && !/^\d{2}$/.test(款)) return null;
  const code = `${类}${款.padStart(款 ? 2 : 0, '0')}${parts.项 ? parts.项.padStart(2, '0') : ''}`;
  return /^\d+$/.test(code) ? code : null;
}

/** One classification printed in a row: its code columns and the name column after them. */
interface CodeGroup {
  codeCols: { c: number; part: 'whole' | '类' | '款' | '项' }[];
  nameCol: number;
  /** The name column and any lower-level name columns right of it. */
  nameCols: number[];
}

/**
 * The classifications a table prints side by side (部门经济分类 科目编码 | 名称 beside 政府经济分类
 * 科目编码 | 名称): each run of code columns with the name column that follows it.
 */
function codeGroups(roles: readonly ColumnRole[]): CodeGroup[] {
  const groups: CodeGroup[] = [];
  let pending: CodeGroup['codeCols'] = [];
  roles.forEach((r, c) => {
    if (r.role === 'code') pending.push({ c, part: r.part });
    else if (r.role === 'name') {
      const previous = groups[groups.length - 1];
      // A second name column right of the first: the name's lower level, same classification —
      // unless both name classifications of their own (支出功能分类科目 | 部门支出经济分类科目,
      // each printing 2010801-行政运行 and 30101-基本工资).
      const ownScheme = r.scheme === true && roles[previous?.nameCol ?? -1]?.role === 'name' && (roles[previous!.nameCol] as { scheme?: boolean }).scheme === true;
      if (previous && pending.length === 0 && previous.nameCols[previous.nameCols.length - 1] === c - 1 && !ownScheme) previous.nameCols.push(c);
      else groups.push({ codeCols: pending, nameCol: c, nameCols: [c] });
      pending = [];
    }
  });
  if (pending.length > 0) {
    // 科目名称 | 科目编码: the codes printed after the name they belong to.
    if (groups.length === 1 && groups[0]!.codeCols.length === 0) groups[0]!.codeCols = pending;
    else groups.push({ codeCols: pending, nameCol: -1, nameCols: [] });
  }
  return groups.length > 0 ? groups : [{ codeCols: [], nameCol: -1, nameCols: [] }];
}

/** Reads one classification's code and name in a row; `above` carries 类/款 printed once per group. */
function readCode(group: CodeGroup, cells: readonly string[], above: CodeParts): { code: string | null; name: string; above: CodeParts } {
  let code: string | null = null;
  // The most specific name printed: the lowest level that is filled in (小计 keeps its parent's name).
  const levels = group.nameCols.map((c) => (cells[c] ?? '').trim());
  const deepest = levels.filter((t) => t !== '' && !/^小计$/.test(t.replace(/\s+/g, ''))).pop() ?? '';
  let name = levels.length > 1 && /^小计$/.test((levels[levels.length - 1] ?? '').replace(/\s+/g, '')) ? `${deepest}小计` : deepest;
  const whole = group.codeCols.find((c) => c.part === 'whole');
  if (whole) {
    const text = digits(cells[whole.c] ?? '');
    const fused = FUSED.exec(text);
    if (/^\d{3,}$/.test(text)) code = text;
    else if (fused) {
      code = fused[1] ?? fused[3] ?? null;
      if (name === '') name = (fused[2] ?? fused[4] ?? '').trim();
    } else if (name === '' && text !== '') name = (cells[whole.c] ?? '').trim();
  } else if (group.codeCols.length > 0) {
    const parts: CodeParts = { 类: '', 款: '', 项: '' };
    for (const { c, part } of group.codeCols) if (part !== 'whole') parts[part] = digits(cells[c] ?? '');
    code = codeFromParts(parts, above);
    if (code) above = { 类: code.slice(0, 3), 款: code.slice(3, 5), 项: code.slice(5, 7) };
    else if (parts.类 !== '' && /\D/.test(parts.类) && name === '') name = parts.类; // 合计 printed across the code columns
  }
  if (!code) {
    const fused = FUSED.exec(name);
    if (fused) {
      code = fused[1] ?? fused[3] ?? null;
      name = (fused[2] ?? fused[4] ?? '').trim();
    }
  }
  return { code, name, above };
}

/**
 * Which printed classification is the row's own: the first, except in an economic table that
 * prints the government economic code (5xx) beside the department one (3xx) — its rows are the
 * department's economic items, which the other tables and the prose name.
 */
function ownGroup(read: readonly { code: string | null }[], economicTable: boolean): number {
  if (!economicTable || read.length < 2) return 0;
  const department = read.findIndex((r) => r.code !== null && /^3\d{2}/.test(r.code));
  return department >= 0 ? department : 0;
}

/** Reads the body rows of a coded table (income, expenditure and their kin). */
export function readCodedRows(table: Table, seq: number, roles: readonly ColumnRole[], unit: MoneyUnit, economicTable: boolean): BudgetLine[] {
  const out: BudgetLine[] = [];
  const groups = codeGroups(roles);
  // A table without code or name columns (合计 | 基本支出 | 项目支出 over one row of figures):
  // its row is the table's total line.
  const unnamed = groups.every((g) => g.nameCol < 0 && g.codeCols.length === 0);
  const aboves: CodeParts[] = groups.map(() => ({ 类: '', 款: '', 项: '' }));
  for (const { row, cells } of bodyRows(table)) {
    const read = groups.map((g, i) => {
      const r = readCode(g, cells, aboves[i]!);
      aboves[i] = r.above;
      return r;
    });
    const own = ownGroup(read, economicTable);
    const { code } = read[own]!;
    // 合计 printed across the classifications lands in whichever name column it starts in.
    const printedName = read[own]!.name !== '' || code ? read[own]!.name : (read.find((r) => !r.code && r.name !== '')?.name ?? '');
    // The other classifications printed beside the row's own (an economic code beside a function code …).
    const otherCodes = read.filter((_, i) => i !== own).flatMap((r) => (r.code ? [{ classification: classificationOf(r.code, economicTable), code: r.code, name: r.name }] : []));
    const amounts: AmountCell[] = [];
    const unreadable: Unreadable[] = [];
    roles.forEach((r, col) => {
      if (r.role !== 'amount') return;
      const raw = (cells[col] ?? '').trim();
      const parsed = parseAmount(raw, unit);
      if (parsed.kind === 'amount') amounts.push({ seq, row, col, measure: r.measure, label: r.label, raw, fen: parsed.fen, other: r.other });
      else if (parsed.kind !== 'empty') unreadable.push({ col, raw, tooLarge: parsed.kind === 'out_of_range' });
    });
    const name = unnamed && amounts.length > 0 ? '合计' : printedName;
    if (!code && name === '') continue;
    const compactName = name.replace(/\s+/g, '');
    out.push({
      seq,
      row,
      classification: code ? classificationOf(code, economicTable) : 'item',
      code,
      level: code ? levelOf(code) : null,
      parent: code && code.length > 3 ? code.slice(0, code.length - 2) : null,
      name,
      otherCodes,
      isTotal: !code && TOTAL_LINE.test(compactName),
      side: null,
      amounts,
      unreadable,
    });
  }
  return out;
}

/**
 * The body rows of a table of named items (a half of a two-halves table, the three-public
 * items) as item lines. Without a name column, a row of figures is the table's total line.
 */
export function readItemRows(table: Table, seq: number, nameCol: number, amountCols: readonly { col: number; measure: string; label: string; other?: boolean }[], unit: MoneyUnit, side: Side | null = null): BudgetLine[] {
  const out: BudgetLine[] = [];
  for (const { row, cells } of bodyRows(table)) {
    const amounts: AmountCell[] = [];
    const unreadable: Unreadable[] = [];
    for (const { col, measure, label, other } of amountCols) {
      const raw = (cells[col] ?? '').trim();
      const parsed = parseAmount(raw, unit);
      if (parsed.kind === 'amount') amounts.push({ seq, row, col, measure, label, raw, fen: parsed.fen, other });
      else if (parsed.kind !== 'empty') unreadable.push({ col, raw, tooLarge: parsed.kind === 'out_of_range' });
    }
    const name = nameCol >= 0 ? (cells[nameCol] ?? '').trim() : amounts.length > 0 ? '合计' : '';
    if (name === '') continue;
    out.push({ seq, row, classification: 'item', code: null, level: null, parent: null, name, otherCodes: [], isTotal: TOTAL_LINE.test(name.replace(/\s+/g, '')), side, amounts, unreadable });
  }
  return out;
}

/** Whether line `a` is printed before line `b` (in an earlier piece, or higher in the same one). */
export const printedBefore = (a: Pick<BudgetLine, 'seq' | 'row'>, b: Pick<BudgetLine, 'seq' | 'row'>) => a.seq < b.seq || (a.seq === b.seq && a.row < b.row);
