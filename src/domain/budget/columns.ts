/**
 * The columns of a standard table: which hold the row's number, code and name, which hold
 * amounts, and the canonical measure (`line_items.column`) of each amount column, read from its
 * header path (merged and wrapped headers already joined by headerPaths).
 */

export type ColumnRole =
  | { role: 'seq' }
  | { role: 'code'; part: 'whole' | '类' | '款' | '项' }
  | { role: 'name' }
  | { role: 'amount'; measure: string; label: string };

/** Canonical measures by the last words of a header path; the first match wins. */
const MEASURES: readonly [RegExp, string][] = [
  [/因公出国[（(]境[)）](费)?$/, 'abroad'],
  [/公务用车购置及运(行)?(维护|维)?(费)?$/, 'vehicles'],
  [/公务用车购置(费)?$/, 'vehicle_purchase'],
  [/公务用车运行(维护)?(费)?$/, 'vehicle_operation'],
  [/公务接待(费)?$/, 'reception'],
  [/基本支出$/, 'basic'],
  [/项目支出$/, 'project'],
  [/人员经费$/, 'personnel'],
  [/公用经费$/, 'public'],
  [/经营支出$/, 'operating'],
  [/上[缴解]上级支出$/, 'remit_upper'],
  [/对附属单位补助支出$/, 'subsidy_subordinate'],
  [/一般公共预算(财政拨款|拨款)?(收入|支出)?$/, 'general_budget'],
  [/政府性基金(预算)?(财政拨款|拨款)?(收入|支出)?$/, 'gov_fund'],
  [/国有资本经营(预算)?(财政拨款|拨款)?(收入|支出)?$/, 'soe_capital'],
  [/财政专户(管理资金)?(收入)?$/, 'special_account'],
  [/财政拨款(收入)?$/, 'appropriation'],
  [/事业收入$/, 'business_income'],
  [/事业单位经营收入$|^经营收入$|\/经营收入$/, 'operating_income'],
  [/上级补助收入$/, 'upper_subsidy'],
  [/附属单位上缴收入$/, 'subordinate_remit'],
  [/其他收入$/, 'other_income'],
  [/单位资金$/, 'unit_funds'],
  [/(年初|上年)结转(和|及)?结余$|上年结转$/, 'carryover'],
  [/(年末|年终)结转(和|及)?结余$/, 'carryover_end'],
  [/调整(后)?预算数?$/, 'adjusted_budget'],
  [/预算数$/, 'budget'],
  [/决算数$|执行数$/, 'actual'],
  [/金额$/, 'amount'],
];

/** The canonical measure of an amount column's header path; the path itself when unknown. */
export function measureOf(path: string): string {
  const parts = path.split('/');
  const last = parts[parts.length - 1] ?? '';
  if (/^(合计|总计)$/.test(last)) return 'total';
  if (/^小计$/.test(last)) {
    const parent = parts[parts.length - 2] ?? '';
    if (/本年收入/.test(parent)) return 'income_current_year';
    if (/本年支出/.test(parent)) return 'expenditure_current_year';
    return parent === '' ? 'subtotal' : measureOf(parent);
  }
  for (const [re, measure] of MEASURES) if (re.test(path)) return measure;
  return path;
}

/** Each column's role from the header paths. */
export function columnRoles(paths: readonly string[]): ColumnRole[] {
  const roles = paths.map((path): ColumnRole => {
    const last = path.split('/').pop() ?? '';
    if (/^(序号|栏次|行次)$/.test(path) || /^序号/.test(last)) return { role: 'seq' };
    if (last === '类' || last === '款' || last === '项') return { role: 'code', part: last };
    if (/编码$|代码$|科目编码/.test(last)) return { role: 'code', part: 'whole' };
    if (/名称$|^(项目|科目)$|分类科目$/.test(last)) return { role: 'name' };
    return { role: 'amount', measure: measureOf(path), label: path };
  });
  // A column without a header right of a name column is the name's second level
  // (一般公共预算资金 | 小计, then | 公共财政拨款(补助)资金), not an amount.
  return roles.map((r, c) => (paths[c] === '' && c > 0 && roles[c - 1]!.role === 'name' ? { role: 'name' } : r));
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
