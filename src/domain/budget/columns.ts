/**
 * The columns of a standard table: which hold the row's number, code and name, which hold
 * amounts, and the canonical measure (`line_items.column`) of each amount column, read from its
 * header path (merged and wrapped headers already joined by headerPaths) with the synonyms of
 * specs.ts. The header is then held to the data: a column of consecutive integers is a row
 * number (行次) whatever its header says.
 */
import { isPriorStage, MEASURES, stageFit, stageOfWords, type OwnFigures, type Stage } from './specs.js';

export type ColumnRole =
  | { role: 'seq' }
  | { role: 'code'; part: 'whole' | '类' | '款' | '项' }
  /** `scheme`: the header names a classification of its own (支出功能分类科目, 部门支出经济分类科目). */
  | { role: 'name'; scheme?: boolean }
  | { role: 'other'; label: string }
  | { role: 'amount'; measure: string; label: string; stage: Stage | null; stageOnly?: boolean; other?: boolean };

type AmountRole = Extract<ColumnRole, { role: 'amount' }>;

const SEQ_WORDS = /^(?:序号|栏次|行次|行号|编号)$/;
/** Columns printed beside the figures that are not amounts: remarks, rates, changes in %. */
const OTHER_WORDS = /备注|说明|(?:增长|增减|执行|完成|变动)率|百分比|[%％]|占比|比重|^(?:比上年|较上年)?(?:增减|增加|减少|变动|增减变化|增减额)(?:额|数|情况)?$/;

/** Measures a header groups other columns under: its 合计 column is that measure's figure. */
const SUBTOTALLED = new Set(['basic', 'project', 'three_public_total', 'vehicles']);

/** The measure of a path without its stage words. */
function measureOfWords(path: string): string | null {
  const parts = path.split('/').filter((p) => p !== '');
  const last = parts[parts.length - 1] ?? '';
  if (/^(?:合计|总计)$/.test(last)) {
    const parent = parts.length > 1 ? measureOfWords(parts.slice(0, -1).join('/')) : null;
    return parent && SUBTOTALLED.has(parent) ? parent : 'total';
  }
  if (/^小计$/.test(last)) {
    const parent = parts[parts.length - 2] ?? '';
    if (/本年收入/.test(parent)) return 'income_current_year';
    if (/本年支出/.test(parent)) return 'expenditure_current_year';
    return parent === '' ? 'subtotal' : (measureOfWords(parts.slice(0, -1).join('/')) ?? 'subtotal');
  }
  const plain = path.replace(/[“”"‘’']/g, '');
  for (const [re, measure] of MEASURES) if (re.test(plain)) return measure;
  // "公务用车购置及运行费/购置费": the last words alone, under a group they belong to.
  const lastWords = plain.split('/').pop() ?? '';
  if (lastWords !== plain) for (const [re, measure] of MEASURES) if (re.test(lastWords)) return measure;
  return null;
}

/**
 * The canonical measure of an amount column's header path, with the stage its words give
 * (预算数, 决算数, 上年, 2025年预算数 …); the path itself when the measure is unknown.
 */
export function measureOfPath(path: string): { measure: string; stage: Stage | null; stageOnly?: boolean } {
  const parts = path.split('/');
  let stage: Stage | null = null;
  const rest: string[] = [];
  for (const part of parts) {
    const s = stageOfWords(part);
    if (s) stage = stage ? { basis: stage.basis ?? s.basis, period: stage.period ?? s.period, year: stage.year ?? s.year } : s;
    else rest.push(part);
  }
  // 小计 under a stage (2026年预算数 / 小计 | 基本支出 | 项目支出) is that stage's total.
  const measure = stage && /^(?:小计|合计)$/.test(rest.join('/')) ? 'total' : measureOfWords(rest.join('/'));
  if (measure) return { measure, stage };
  // A column named by its stage alone (预算数, 决算数) holds the line's figure for that stage.
  if (stage) return { measure: stage.basis ?? 'amount', stage, stageOnly: true };
  return { measure: path, stage };
}

/** The canonical measure of an amount column's header path; the path itself when unknown. */
export function measureOf(path: string): string {
  return measureOfPath(path).measure;
}

/**
 * The header words every amount column shares ("一般公共预算支出" over 合计 | 基本支出 | 项目支出):
 * the table's banner, not a group of columns, so 合计 under it is the table's total.
 */
function sharedHead(amountPaths: readonly string[]): string | null {
  if (amountPaths.length < 2 || !amountPaths.every((p) => p.includes('/'))) return null;
  const head = amountPaths[0]!.split('/')[0]!;
  return amountPaths.every((p) => p.split('/')[0] === head) ? head : null;
}

/** Each column's role from the header paths. */
export function columnRoles(paths: readonly string[]): ColumnRole[] {
  const roles = paths.map((path): ColumnRole => {
    const last = path.split('/').pop() ?? '';
    if (SEQ_WORDS.test(path) || SEQ_WORDS.test(last)) return { role: 'seq' };
    if (last === '类' || last === '款' || last === '项') return { role: 'code', part: last };
    if (/编码$|代码$|科目编码/.test(last)) return { role: 'code', part: 'whole' };
    // 科目名称, 项目, 支出功能分类科目, 部门预算支出经济科目: the names of a classification's lines.
    if (/名称$|^(项目|科目)$|科目$|^项目[（(].*[)）]$/.test(last)) return /分类|经济科目|功能科目/.test(last) ? { role: 'name', scheme: true } : { role: 'name' };
    if (OTHER_WORDS.test(last)) return { role: 'other', label: path };
    return { role: 'amount', label: path, ...measureOfPath(path) };
  });
  const head = sharedHead(roles.flatMap((r, c) => (r.role === 'amount' ? [paths[c]!] : [])));
  // A stage's 小计 is the total only where no 合计 of the whole row is printed beside it
  // (合计 | 当年预算/小计 … | 上年结转/小计 …: 合计 is the total, each 小计 a part).
  const plainTotal = roles.some((r) => r.role === 'amount' && r.measure === 'total' && r.stage === null);
  // A column without a header right of a name column is the name's second level
  // (一般公共预算资金 | 小计, then | 公共财政拨款(补助)资金), not an amount.
  const out: ColumnRole[] = [];
  roles.forEach((r, c) => {
    if (paths[c] === '' && c > 0 && out[c - 1]!.role === 'name') out.push({ role: 'name' });
    else if (r.role === 'amount' && head) out.push({ ...r, ...measureOfPath(paths[c]!.slice(head.length + 1)) });
    else if (r.role === 'amount' && plainTotal && r.measure === 'total' && r.stage !== null) out.push({ ...r, measure: 'subtotal' });
    else out.push(r);
  });
  return out;
}

/**
 * A column whose figures are the integers 1, 2, 3 … down the rows is a row number (行次, 栏次),
 * whatever its header says: 决算 summaries print 项目 | 行次 | 金额, and a header read without
 * its 行次 word would otherwise make the row numbers amounts.
 */
export function isSequenceColumn(texts: readonly string[]): boolean {
  const values = texts.map((t) => t.replace(/\s+/g, '')).filter((t) => t !== '');
  if (values.length < 3 || !values.every((v) => /^\d{1,3}$/.test(v))) return false;
  const numbers = values.map(Number);
  return numbers.every((n, i) => i === 0 || n === numbers[i - 1]! + 1);
}

/** The roles with every amount column the data shows to be a row number made a seq column. */
export function withSequenceColumns(roles: readonly ColumnRole[], body: readonly (readonly string[])[]): ColumnRole[] {
  return roles.map((r, c) => (r.role === 'amount' && isSequenceColumn(body.map((row) => row[c] ?? '')) ? { role: 'seq' } : r));
}

/**
 * Code columns whose 类 | 款 | 项 labels are printed in a row of their own (a header row, or the
 * first body row beside the 合计 figures) take those parts; header paths alone would make them
 * three copies of one 科目编码 column.
 */
export function withCodeParts(roles: readonly ColumnRole[], leadingRows: readonly (readonly string[])[]): ColumnRole[] {
  const partsRow = leadingRows.find((row) => row.filter((c) => /^(类|款|项)$/.test(c.trim())).length >= 2);
  if (!partsRow) return [...roles];
  return roles.map((r, c) => {
    const label = (partsRow[c] ?? '').trim();
    return (label === '类' || label === '款' || label === '项') && r.role !== 'amount' ? { role: 'code', part: label } : r;
  });
}

/**
 * A table printed as side-by-side halves (the economic classification continued in a second set
 * of 类 | 款 | 名称 | 金额 columns): one role list per half, the other half's columns ignored.
 */
export function sideBySideHalves(roles: readonly ColumnRole[]): ColumnRole[][] {
  const starts = [0];
  roles.forEach((r, c) => {
    if (c > 0 && r.role === 'code' && roles[c - 1]!.role === 'amount') starts.push(c);
  });
  if (starts.length === 1) return [[...roles]];
  return starts.map((start, i) => {
    const end = starts[i + 1] ?? roles.length;
    return roles.map((r, c) => (c >= start && c < end ? r : ({ role: 'seq' } as const)));
  });
}

/**
 * Where a table prints a measure more than once under different stages (上年 | 本年, 预算数 |
 * 决算数), the column holding the document's own figures keeps the plain measure and the others
 * are named with their stage (abroad_prior_year, total_budget …) and marked `other`, so
 * `column = 'abroad'` is always the document's figure.
 */
export function resolveStages(roles: readonly ColumnRole[], own: OwnFigures): ColumnRole[] {
  // Columns named by a stage alone (预算数 | 决算数, 上年 | 本年) are one measure, the line's
  // figure, in each group of columns that prints them (each half of a summary: after its own
  // name column).
  const groups = new Map<string, number[]>();
  let nameCol = -1;
  roles.forEach((r, c) => {
    if (r.role === 'name') nameCol = c;
    if (r.role === 'amount') {
      const key = r.stageOnly ? `\u0000figure|${nameCol}` : r.measure;
      groups.set(key, [...(groups.get(key) ?? []), c]);
    }
  });
  const out = [...roles];
  const amountAt = (c: number) => roles[c] as AmountRole;
  const fit = (c: number) => (amountAt(c).stage ? stageFit(amountAt(c).stage!, own) : 0);
  for (const cols of groups.values()) {
    const stages = new Set(cols.map((c) => JSON.stringify(amountAt(c).stage)));
    if (stages.size < 2) {
      // A lone column of last year's figures is not the document's either.
      for (const c of cols) if (amountAt(c).stage && isPriorStage(amountAt(c).stage!, own)) out[c] = { ...amountAt(c), other: true };
      continue;
    }
    // The best fit; of equals, the first printed.
    const best = cols.reduce((a, b) => (fit(b) > fit(a) ? b : a));
    const bestMeasure = amountAt(best).measure;
    for (const c of cols) {
      const r = amountAt(c);
      if (c === best) continue;
      const suffix = r.stage && isPriorStage(r.stage, own) ? 'prior_year' : (r.stage?.basis ?? 'other');
      out[c] = { ...r, measure: r.measure === bestMeasure ? `${r.measure}_${suffix}` : r.measure, other: true };
    }
  }
  return out;
}

/**
 * A classification table printing one figure per line (功能科目名称 | 金额, 科目名称 | 预算数):
 * that column is the line's total.
 */
export function withLoneTotal(roles: readonly ColumnRole[]): ColumnRole[] {
  const own = roles.flatMap((r, c) => (r.role === 'amount' && !r.other ? [c] : []));
  if (own.length !== 1) return [...roles];
  const r = roles[own[0]!] as AmountRole;
  if (!['amount', 'budget', 'actual', 'adjusted_budget'].includes(r.measure)) return [...roles];
  return roles.map((x, c) => (c === own[0] ? { ...r, measure: 'total' } : x));
}
