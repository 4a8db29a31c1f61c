/**
 * The project results table of a self-evaluation report (部门绩效自评结果公开汇总表):
 * 序号 | 项目名称 | 实施单位 | 预算数 (中央/省级/市级/区县级) | 执行数 (…) | 结余数 | 结余交回 | 得分.
 *
 * Converters print it in page chunks and drop columns that are empty in a chunk, so a row of a
 * chunk can have fewer cells than the header. Each chunk's rows are realigned by trying every
 * place the missing columns could have been and keeping the placements under which the
 * arithmetic holds (预算 − 执行 = 结余, spending only at levels that had a budget). Where more than
 * one placement fits, the figures they disagree on (usually only the funding-level split) stay
 * empty and the row says so.
 */
import type { Table } from '../../schemas/document.js';
import type { ProjectResultRow } from '../../schemas/records.js';
import { isMoneyUnit, parseAmount, parseNumber, printedDecimals, UNITS_IN_FEN, type MoneyUnit } from './amounts.js';
import { bodyRows, headerPaths } from './header-paths.js';

export type ProjectResultDraft = Omit<ProjectResultRow, 'doc_id' | 'table_id'> & { table_seq: number };

export const LEVELS = ['central', 'provincial', 'city', 'county'] as const;
type Level = (typeof LEVELS)[number] | 'total';
type Measure = 'budget' | 'executed';

export type ColumnRole =
  | { kind: 'seq' | 'project' | 'unit' | 'balance' | 'returned' | 'score' | 'other' }
  | { kind: 'amount'; measure: Measure; level: Level };

function levelOf(path: string): Level {
  const last = path.split('/').pop() ?? '';
  if (/中央/.test(last)) return 'central';
  if (/省/.test(last)) return 'provincial';
  if (/区|县/.test(last)) return 'county';
  if (/市/.test(last)) return 'city';
  return 'total';
}

export function columnRoles(paths: string[]): ColumnRole[] {
  return paths.map((path): ColumnRole => {
    if (/^序号$|^编号$/.test(path)) return { kind: 'seq' };
    if (/项目名称|^项目$/.test(path)) return { kind: 'project' };
    if (/实施单位|^单位$|单位名称|责任单位/.test(path)) return { kind: 'unit' };
    if (/交回|上缴|收回/.test(path)) return { kind: 'returned' };
    if (/结余|结转/.test(path)) return { kind: 'balance' };
    if (/得分|评分|分数/.test(path)) return { kind: 'score' };
    if (/执行|实际|支出数|完成/.test(path)) return { kind: 'amount', measure: 'executed', level: levelOf(path) };
    if (/预算|安排|年初/.test(path)) return { kind: 'amount', measure: 'budget', level: levelOf(path) };
    return { kind: 'other' };
  });
}

export function isProjectResultsTable(table: Table): boolean {
  if (table.headerRows === 0) return false;
  const roles = columnRoles(headerPaths(table)).map((r) => (r.kind === 'amount' ? r.measure : r.kind));
  return roles.includes('project') && roles.includes('budget') && roles.includes('executed') && (roles.includes('balance') || roles.includes('score'));
}

interface Aligned {
  seq: number;
  project: string;
  unit: string | null;
  amounts: Partial<Record<`${Measure}_${Level}`, number>>;
  balance: number | null;
  returned: number | null;
  score: number | null;
  /** Words printed where a balance or returned figure belongs ("未交回"). */
  words: string[];
}

function parseCellFen(text: string, unit: MoneyUnit): number | null | 'text' {
  const a = parseAmount(text, unit);
  return a.kind === 'amount' ? a.fen : a.kind === 'empty' ? null : 'text';
}

/** Reads one row under one column layout; null when a figure column holds words. */
function readRow(cells: string[], roles: ColumnRole[], unit: MoneyUnit): Aligned | null {
  const row: Aligned = { seq: 0, project: '', unit: null, amounts: {}, balance: null, returned: null, score: null, words: [] };
  for (let c = 0; c < roles.length; c++) {
    const role = roles[c]!;
    const text = (cells[c] ?? '').trim();
    switch (role.kind) {
      case 'seq':
        row.seq = Number(text);
        break;
      case 'project':
        row.project = text;
        break;
      case 'unit':
        row.unit = text === '' ? null : text;
        break;
      case 'score': {
        if (text === '') break;
        const n = parseNumber(text);
        if (n === null) return null;
        row.score = n;
        break;
      }
      case 'amount':
      case 'balance':
      case 'returned': {
        const fen = parseCellFen(text, unit);
        if (fen === 'text') {
          // Words in a budget or spending column mean the layout is wrong; in the balance
          // columns they are what the report printed (未交回, 无).
          if (role.kind === 'amount') return null;
          row.words.push(text);
          break;
        }
        if (fen === null) break;
        if (role.kind === 'amount') row.amounts[`${role.measure}_${role.level}`] = fen;
        else row[role.kind] = fen;
        break;
      }
      default:
        break;
    }
  }
  return row;
}

function total(row: Aligned, measure: Measure): number | null {
  const stated = row.amounts[`${measure}_total`];
  if (stated !== undefined) return stated;
  const parts = LEVELS.map((l) => row.amounts[`${measure}_${l}`]).filter((v): v is number => v !== undefined);
  return parts.length ? parts.reduce((a, b) => a + b, 0) : null;
}

/** The arithmetic a correctly aligned row satisfies. */
function consistent(row: Aligned, toleranceFen: number): boolean {
  const budget = total(row, 'budget');
  const executed = total(row, 'executed');
  if (budget === null && executed === null) return false;
  if (row.score !== null && (row.score < 0 || row.score > 100)) return false;
  if (row.balance !== null && budget !== null && Math.abs(budget - (executed ?? 0) - row.balance) > toleranceFen) return false;
  // Spending beyond the budget shows as a negative balance; without one it means a misread.
  if (budget !== null && executed !== null && executed > budget + toleranceFen && (row.balance ?? 0) >= 0) return false;
  for (const level of LEVELS) {
    const spent = row.amounts[`executed_${level}`];
    if (spent !== undefined && spent !== 0 && row.amounts[`budget_${level}`] === undefined) return false;
  }
  return true;
}

/** More lost columns than this leave too many layouts to tell apart; such rows are reported. */
const MAX_MISSING_COLUMNS = 4;

/** Every way to put `missing` blank columns back among the figure columns of a short row. */
function placements(roles: ColumnRole[], printed: number): number[][] {
  const missing = roles.length - printed;
  if (missing <= 0) return [[]];
  const slots = roles.flatMap((r, i) => (r.kind === 'amount' || r.kind === 'balance' || r.kind === 'returned' ? [i] : []));
  const out: number[][] = [];
  const choose = (from: number, picked: number[]) => {
    if (picked.length === missing) return void out.push([...picked]);
    for (let i = from; i < slots.length; i++) choose(i + 1, [...picked, slots[i]!]);
  };
  if (missing <= MAX_MISSING_COLUMNS) choose(0, []);
  return out;
}

function widen(cells: string[], blanks: number[], width: number): string[] {
  const out: string[] = [];
  let k = 0;
  for (let c = 0; c < width; c++) out.push(blanks.includes(c) ? '' : (cells[k++] ?? ''));
  return out;
}

const SEQ = /^\d{1,4}$/;

interface RawRow {
  row: number;
  cells: string[];
}

/** Rows that only carry more of the previous project's wrapped name are folded into it. */
function foldWrappedNames(rows: RawRow[], roles: ColumnRole[]): RawRow[] {
  const projectCol = roles.findIndex((r) => r.kind === 'project');
  const seqCol = roles.findIndex((r) => r.kind === 'seq');
  const out: RawRow[] = [];
  for (const r of rows) {
    const filled = r.cells.map((c, i) => [c.trim(), i] as const).filter(([c]) => c !== '');
    const prev = out[out.length - 1];
    const onlyText = filled.length > 0 && filled.every(([c]) => parseNumber(c) === null);
    if (prev && seqCol >= 0 && (r.cells[seqCol] ?? '').trim() === '' && onlyText && filled.length === 1) {
      const cells = [...prev.cells];
      cells[projectCol] = `${cells[projectCol] ?? ''}${filled[0]![0]}`;
      out[out.length - 1] = { ...prev, cells };
    } else out.push(r);
  }
  return out;
}

export interface ProjectResultsOutcome {
  rows: ProjectResultDraft[];
  /** Half a unit of the last printed decimal, per figure, in 分: the rounding slack of checks. */
  toleranceFen: number;
  problems: string[];
}

export function readProjectResults(table: Table, tableSeq: number, fallbackUnit: string | null): ProjectResultsOutcome {
  const roles = columnRoles(headerPaths(table));
  const unitText = table.unit ?? fallbackUnit;
  const problems: string[] = [];
  if (!isMoneyUnit(unitText)) {
    problems.push(`project results table has no stated unit; amounts not read`);
    return { rows: [], toleranceFen: 0, problems };
  }
  const unit: MoneyUnit = unitText;
  const body = bodyRows(table);
  const decimals = body.reduce((m, r) => r.cells.reduce((k, c) => Math.max(k, printedDecimals(c)), m), 0);
  const toleranceFen = Number(UNITS_IN_FEN[unit]) / 10 ** decimals / 2;
  const rows: ProjectResultDraft[] = [];

  const seqCol = Math.max(0, roles.findIndex((r) => r.kind === 'seq'));
  const projectRows = foldWrappedNames(body, roles).filter((r) => SEQ.test((r.cells[seqCol] ?? '').trim()));
  for (const part of table.parts) {
    const partRows = projectRows
      .filter((r) => r.row >= part.firstRow && r.row <= part.lastRow)
      .map((r) => ({ row: r.row, cells: r.cells.slice(0, part.nCols) }));
    const layouts = placements(roles, part.nCols);
    const tolerance = toleranceFen * 3;
    const readings = layouts.map((blanks) => partRows.map((r) => readRow(widen(r.cells, blanks, roles.length), roles, unit)));
    const fits = readings.map((rs) => rs.filter((x) => x !== null && consistent(x, tolerance)).length);
    const best = fits.reduce((m, f) => Math.max(m, f), 0);
    const kept = readings.filter((_, i) => fits[i] === best);
    if (layouts.length > 1 && kept.length > 1) {
      problems.push(`${partRows.length} project rows printed with ${roles.length - part.nCols} column(s) missing fit more than one column layout; the figures the layouts disagree on are left empty (ambiguous = 1)`);
    }
    const unread: number[] = [];
    partRows.forEach((raw, i) => {
      const candidates = kept.map((k) => k[i]).filter((x): x is Aligned => x !== null && x !== undefined);
      if (candidates.length === 0) unread.push(Number((raw.cells[seqCol] ?? '').trim()));
      else rows.push(agree(raw.row, candidates, tableSeq));
    });
    if (unread.length > 0) {
      const why = layouts.length === 0 ? `printed with ${roles.length - part.nCols} columns missing, too many to realign` : 'their figures do not fit the header';
      problems.push(`project rows ${unread.join(', ')} could not be read: ${why}`);
    }
  }
  return { rows, toleranceFen, problems };
}

/** The row as all fitting readings agree on it; fields they disagree on stay null. */
function agree(row: number, candidates: Aligned[], tableSeq: number): ProjectResultDraft {
  const first = candidates[0]!;
  const same = <T>(pick: (a: Aligned) => T): T | null => {
    const v = pick(first);
    return candidates.every((c) => pick(c) === v) ? v : null;
  };
  let ambiguous = 0;
  const level = (measure: Measure, l: Level): number | null => {
    const v = same((c) => c.amounts[`${measure}_${l}`] ?? null);
    if (v === null && candidates.some((c) => c.amounts[`${measure}_${l}`] !== undefined)) ambiguous = 1;
    return v;
  };
  const draft: ProjectResultDraft = {
    table_seq: tableSeq,
    row,
    seq: first.seq,
    project: first.project,
    unit: first.unit,
    budget_total_fen: same((c) => total(c, 'budget')),
    budget_central_fen: level('budget', 'central'),
    budget_provincial_fen: level('budget', 'provincial'),
    budget_city_fen: level('budget', 'city'),
    budget_county_fen: level('budget', 'county'),
    executed_total_fen: same((c) => total(c, 'executed')),
    executed_central_fen: level('executed', 'central'),
    executed_provincial_fen: level('executed', 'provincial'),
    executed_city_fen: level('executed', 'city'),
    executed_county_fen: level('executed', 'county'),
    balance_fen: same((c) => c.balance),
    returned_fen: same((c) => c.returned),
    score: same((c) => c.score),
    ambiguous: 0,
    note: null,
  };
  const notes: string[] = [];
  if (ambiguous) {
    draft.ambiguous = 1;
    notes.push('printed with columns missing; more than one column layout fits, so the figures they disagree on are left empty');
  }
  if (first.words.length > 0) notes.push(`printed as words: ${first.words.join(', ')}`);
  draft.note = notes.length > 0 ? notes.join('; ') : null;
  return draft;
}
