/**
 * Government-level disclosures (政府预算/决算, budget execution reports, debt tables) to region
 * figures: the document's region (home) found once; its tables, joined over pages, read by their
 * kind's spec; its prose read sentence by sentence; every identity the tables allow, and the
 * prose against the tables, as checks. Works on the document model, so every format gives the
 * same figures.
 */
import type { Block } from '../../../schemas/document.js';
import type { RegionBasis } from '../../../schemas/records.js';
import type { CheckDraft } from '../checks/check.js';
import { halfUnitYuan } from '../checks/check.js';
import type { ParsedTable } from '../parsed.js';
import { divisionOfCode, findMentions, levelOf, type Division } from '../region.js';
import { compactHeader, headerPaths } from '../header-paths.js';
import { facetsOf } from './facets.js';
import type { RegionFigureDraft } from './figures.js';
import { proseFigures } from './prose.js';
import { resolveRegion } from './regions.js';
import { tableChecks } from './checks.js';
import { isNotRegional, readRegionalTable, type Piece, type ReadTable, type TableContext } from './tables.js';
import { isMoneyUnit, type MoneyUnit } from '../amounts.js';

export type { RegionFigureDraft } from './figures.js';

export interface RegionalRecords {
  figures: RegionFigureDraft[];
  checks: CheckDraft[];
  problems: string[];
  /** The region the document is about, when found. */
  home: Division | null;
}

export interface RegionalDocument {
  title: string | null;
  /** The region parseDocument inferred (documents.region_code). */
  regionCode: string | null;
  fiscalYear: number | null;
}

/** A title's numbering and sequence prefix: 表4-1, 1-7, 43 (a province's code). */
const TITLE_PREFIX = /^(?:表?[\d\-－—.]+表?\s*|[一二三四五六七八九十]+[、.]\s*)+/;
const bareTitle = (title: string | null) => compactHeader(title ?? '').replace(TITLE_PREFIX, '');

/** The region a text names first, when it names one plainly (湖南省, 迪庆藏族自治州). */
function regionNamed(text: string): Division | null {
  for (const m of findMentions(text)) {
    const r = resolveRegion(m.text, { home: null });
    if (r.division) return r.division;
  }
  return null;
}

const ROWS_TO_VOTE = 60;

/** The province or city whose parts a table's rows name: three cities of one province, or counties of one city. */
function regionOfRows(tables: readonly ParsedTable[]): Division | null {
  const votes = new Map<string, { d: Division; n: number }>();
  for (const { table } of tables) {
    if (isNotRegional(compactHeader(table.title ?? ''))) continue;
    // A table's first rows say whose parts it lists; a long register need not be read through.
    const firstColumn = table.cells.filter((c) => c.col === 0 && c.row >= table.headerRows && c.row < table.headerRows + ROWS_TO_VOTE);
    for (const cell of firstColumn) {
      const r = resolveRegion(cell.text, { home: null });
      if (r.role !== 'region' || !r.division) continue;
      // A province printed as a row (宁夏回族自治区, the table's total) is the table's region itself.
      const d = r.division;
      const up = !d.parent ? d : d.level === 3 && d.parent.parent && /市辖区|县/.test(d.parent.name) ? d.parent.parent : d.parent;
      const v = votes.get(up.code) ?? { d: up, n: 0 };
      v.n += d.parent ? 1 : 2;
      votes.set(up.code, v);
    }
  }
  const best = [...votes.values()].sort((a, b) => b.n - a.n || a.d.level - b.d.level)[0];
  return best && best.n >= 3 ? best.d : null;
}

/**
 * The document's region: the one its title (or a heading of its first page) names; else the one
 * its tables' rows are the parts of; else the one parseDocument inferred.
 */
export function homeOf(doc: RegionalDocument, blocks: readonly Block[], tables: readonly ParsedTable[]): Division | null {
  const heads = [doc.title ?? '', ...blocks.slice(0, 12).flatMap((b) => (b.type === 'table' ? [b.title ?? ''] : [b.text]))];
  for (const text of heads) {
    if (!/预算|决算|财政|债务|债券|收入|支出/.test(text)) continue;
    const d = regionNamed(compactHeader(text));
    if (d) return d;
  }
  const inferred = divisionOfCode(doc.regionCode);
  const byRows = regionOfRows(tables);
  if (byRows && (!inferred || levelOf(inferred) === 'county' || inferred.code === byRows.code || byRows.level < inferred.level)) return byRows;
  return inferred;
}

/** The basis a report's title implies for figures that say none: a 决算 is final, a budget draft a budget. */
function basisOfTitle(title: string | null): RegionBasis | null {
  const t = compactHeader(title ?? '');
  if (/决算/.test(t)) return 'final';
  if (/执行/.test(t) && !/草案|预算的报告|预算报告/.test(t)) return 'execution';
  return null;
}

/** Whether `next` prints more of `previous`: the same title (or none) and columns, a header repeated or none. */
function continues(previous: ParsedTable, next: ParsedTable): boolean {
  if (previous.table.nCols !== next.table.nCols) return false;
  const a = bareTitle(previous.table.title);
  const b = bareTitle(next.table.title);
  if (b !== '' && b !== a) return false;
  if (next.continues) return true;
  if (next.table.headerRows === 0) return true;
  const words = (t: ParsedTable) => new Set(headerPaths(t.table).flatMap((p) => p.split('/')).filter((w) => w !== '' && !/^[A-Z](?:=.*)?$/.test(w)));
  const before = words(previous);
  return [...words(next)].every((w) => before.has(w));
}

/** The document's tables as printed pieces joined over pages. */
function logicalTables(tables: readonly ParsedTable[]): { pieces: Piece[]; unit: MoneyUnit | null }[] {
  const out: { pieces: Piece[]; unit: MoneyUnit | null }[] = [];
  tables.forEach((t, seq) => {
    const last = out[out.length - 1];
    const previous = seq > 0 ? tables[seq - 1] : undefined;
    if (last && previous && last.pieces[last.pieces.length - 1]!.seq === seq - 1 && continues(previous, t)) last.pieces.push({ seq, table: t.table });
    else out.push({ pieces: [{ seq, table: t.table }], unit: t.unit ?? (isMoneyUnit(t.table.unit) ? t.table.unit : null) });
  });
  return out;
}

/**
 * The prose against the tables: a figure the prose states for the same region, scope, key, year
 * and basis as a table agrees with it at the precision the prose prints, or the check fails.
 */
function proseChecks(prose: readonly RegionFigureDraft[], tables: readonly RegionFigureDraft[]): CheckDraft[] {
  const out: CheckDraft[] = [];
  for (const p of prose) {
    if (!p.division || !p.scope) continue;
    const same = tables.filter((t) => t.division?.code === p.division!.code && t.scope === p.scope && t.key === p.key && t.fiscal_year === p.fiscal_year && t.basis === p.basis);
    if (same.length === 0) continue;
    const slackYuan = printedHalfUnit(p);
    const agreeing = same.filter((t) => Math.abs(t.value_fen - p.value_fen) / 100 <= slackYuan + 1e-6);
    const ok = agreeing.length > 0 ? 1 : 0;
    const shown = agreeing[0] ?? same[0]!;
    out.push({
      rule: 'region.narrative_vs_table',
      subject: checkSubject(p),
      expected: shown.value_fen / 100,
      actual: p.value_fen / 100,
      ok,
      detail: ok ? `the prose's ${p.raw} agrees with the table's ${shown.raw} ${shown.unit}` : `the prose states ${p.raw}, the table prints ${shown.raw} ${shown.unit}`,
      cells: [p.ref!, ...(ok ? agreeing : same).map((t) => t.cell!)],
    });
  }
  return out;
}

/** How far a figure may be from another and still be the same, at the precision it is printed. */
const printedHalfUnit = (f: RegionFigureDraft) => halfUnitYuan(f.unit as MoneyUnit, [f.raw.replace(/[^\d.]/g, '')]);

const checkSubject = (f: RegionFigureDraft) => `${f.region} ${f.key} ${f.fiscal_year} ${f.basis}`;

/**
 * The same figure printed by two tables (分地区 and a table of the region's own, 限额及余额情况表
 * and 一般债务余额情况表): they agree at the coarser precision printed, or the check fails and
 * neither is sure.
 */
function tablesAgree(figures: readonly RegionFigureDraft[]): CheckDraft[] {
  const groups = new Map<string, RegionFigureDraft[]>();
  for (const f of figures) {
    if (f.source !== 'table' || !f.cell) continue;
    const k = [f.division?.code ?? f.region, f.scope, f.key, f.fiscal_year, f.basis].join('|');
    groups.set(k, [...(groups.get(k) ?? []), f]);
  }
  const out: CheckDraft[] = [];
  for (const list of groups.values()) {
    const tables = new Set(list.map((f) => f.cell!.split(':')[0]));
    if (tables.size < 2) continue;
    const slackYuan = Math.max(...list.map(printedHalfUnit)) * 2;
    const values = list.map((f) => f.value_fen);
    const spread = (Math.max(...values) - Math.min(...values)) / 100;
    const [a, b] = [list[0]!, list.find((f) => f.value_fen !== list[0]!.value_fen) ?? list[1]!];
    const ok = spread <= slackYuan + 1e-6 ? 1 : 0;
    out.push({
      rule: 'region.tables_agree',
      subject: checkSubject(a),
      expected: a.value_fen / 100,
      actual: b.value_fen / 100,
      ok,
      detail: ok ? `${tables.size} tables print it alike` : `the tables print ${list.map((f) => `${f.raw} ${f.unit}`).join(', ')}`,
      cells: list.map((f) => f.cell!),
    });
  }
  return out;
}

export function parseRegional(doc: RegionalDocument, blocks: readonly Block[], tables: readonly ParsedTable[]): RegionalRecords {
  const home = homeOf(doc, blocks, tables);
  const titleFacets = facetsOf(compactHeader(doc.title ?? ''));
  const ctx: TableContext = { home, year: titleFacets.year ?? doc.fiscalYear, basis: basisOfTitle(doc.title) };
  const figures: RegionFigureDraft[] = [];
  const checks: CheckDraft[] = [];
  const problems: string[] = [];
  const read: ReadTable[] = [];
  for (const { pieces, unit } of logicalTables(tables)) {
    if (!unit) continue;
    const t = readRegionalTable(pieces, unit, ctx);
    if (!t) continue;
    read.push(t);
    figures.push(...t.figures);
    checks.push(...tableChecks(t, ctx));
    problems.push(...t.problems);
  }
  checks.push(...tablesAgree(figures));
  const prose = proseFigures(blocks, { home, year: ctx.year }).map((f, n) => ({ ...f, ref: `region:${n}` }));
  checks.push(...proseChecks(prose, figures));
  figures.push(...prose);
  return { figures, checks, problems, home };
}
