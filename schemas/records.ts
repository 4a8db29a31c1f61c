/**
 * The dataset: one zod schema per SQLite table, named and shaped exactly as its columns.
 * These schemas validate every row before it is written, give the TypeScript types, and
 * generate docs/schema.md. A test checks them against the database columns.
 */
import { z } from 'zod';
import { Format } from './document.js';

const sha256 = z.string().regex(/^[0-9a-f]{64}$/);
const docId = sha256.describe('The document (documents.id).');
const tableId = z.number().int().positive().describe('The table (tables.id).');
const page = z.number().int().positive().nullable().describe('Page it was printed on, where the format has pages.');
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const fen = z.number().int().describe('Amount in 分 (1/100 元), exact.');
const verified = z
  .number()
  .int()
  .min(0)
  .max(1)
  .describe('1 when an identity through the figure held (a total against its parts, a parent against its children) or an independent source agrees with it at the printed precision (table against prose, one table against another), and no check through it failed; 0 otherwise. Filter on verified = 1 for sure figures.');

export const FAMILIES = ['budget', 'final_account', 'perf_self_eval', 'project_self_eval', 'perf_goals', 'gov_report', 'other'] as const;
export const Family = z.enum(FAMILIES);
export type Family = z.infer<typeof Family>;

export const STATUSES = ['ok', 'partial', 'failed'] as const;
export const Status = z.enum(STATUSES);
export type Status = z.infer<typeof Status>;

export const TABLE_KINDS = [
  'summary', 'income', 'expenditure', 'appropriation_summary', 'gpb_expenditure', 'gpb_basic_expenditure',
  'gov_fund_expenditure', 'soe_capital_expenditure', 'three_public', 'performance_goal', 'project_self_eval',
  'project_results', 'procurement', 'assets', 'org_units', 'team',
] as const;
export const TableKind = z.enum(TABLE_KINDS);
export type TableKind = z.infer<typeof TableKind>;

export const DocumentRow = z
  .object({
    id: sha256.describe('sha256 of the file bytes (hex); for an unreadable path, sha256 of "unreadable:" + the absolute path.'),
    source: z.string().describe('Path or URL as given on the command line.'),
    format: Format.nullable().describe('Format sniffed from the bytes; null when the file could not be read or recognised.'),
    family: Family.nullable().describe('Document family; null for failed documents.'),
    title: z.string().nullable().describe('Title as printed.'),
    department: z.string().nullable().describe('Publishing department as printed in the title or signature.'),
    region: z.string().nullable().describe('Administrative area, e.g. 河北省石家庄市鹿泉区, when stated or inferable.'),
    region_code: z.string().regex(/^\d{6}$/).nullable().describe('6-digit GB/T 2260 code of the region (china-area-data\'s current list).'),
    region_level: z.enum(['province', 'city', 'county']).nullable().describe('Level of the region: province (and province-level cities), city, county (and districts).'),
    department_norm: z.string().nullable().describe('The department\'s name normalised for joining across years (src/domain/identity.ts): region prefix, 中共 and （本级）-style notes removed. department_key = region_code:department_norm, through department_aliases.'),
    coverage: z.enum(['own', 'consolidated']).nullable().describe('own: the department\'s own accounts (本级, 单位预算); consolidated: with its units (汇总, 部门预算/决算); null when not stated.'),
    fiscal_year: z.number().int().min(1949).max(2100).nullable().describe('The year the figures are for.'),
    published_on: isoDate.nullable().describe('Publication date (发布时间) when stated.'),
    signed_on: isoDate.nullable().describe('Date printed under the signature at the end of the report.'),
    publisher: z.string().nullable().describe('来源 of a portal notice.'),
    doc_number: z.string().nullable().describe('发文字号 of a portal notice.'),
    index_number: z.string().nullable().describe('索引号 of a portal notice.'),
    pages: z.number().int().nonnegative().nullable().describe('Page count where the format has pages.'),
    status: Status.describe('ok; partial (stored, but some of it could not be extracted — see error); failed (nothing extracted — see error).'),
    error: z.string().nullable().describe('Why the document is partial or failed, naming the file.'),
    bytes: z.number().int().nonnegative().nullable().describe('File size.'),
    parser_version: z.string().describe('Version of fiscal-extract that parsed it; a newer version re-parses.'),
    ingested_at: z.string().describe('ISO timestamp of ingestion.'),
  })
  .describe('One row per distinct file content.');
export type DocumentRow = z.infer<typeof DocumentRow>;

export const DocumentSourceRow = z
  .object({
    doc_id: docId,
    source: z.string().describe('Path or URL.'),
    seen_at: z.string().describe('ISO timestamp of the last time this path held these bytes.'),
  })
  .describe('Every path or URL a document was seen at (the same bytes can be downloaded twice).');
export type DocumentSourceRow = z.infer<typeof DocumentSourceRow>;

export const TableRow = z
  .object({
    id: z.number().int().positive().describe('Table id, referenced by cells, line_items, indicators, project_results.'),
    doc_id: docId,
    seq: z.number().int().nonnegative().describe('Order of the table in the document, from 0.'),
    kind: TableKind.nullable().describe('Canonical kind when recognised, else null.'),
    title: z.string().nullable().describe('Caption printed above the table.'),
    unit: z.string().nullable().describe('Declared unit, e.g. 万元.'),
    page_first: z.number().int().positive().nullable().describe('First page, for paged formats.'),
    page_last: z.number().int().positive().nullable().describe('Last page; differs from page_first for a table continued over pages.'),
    n_rows: z.number().int().nonnegative().describe('Rows, header rows included.'),
    n_cols: z.number().int().nonnegative(),
    header_rows: z.number().int().nonnegative().describe('How many leading rows are header.'),
    notes: z.string().nullable().describe('Banner and note lines, one per line.'),
    org_unit: z.string().nullable().describe('The department or sub-unit the banner above the table names (部门：…, 471001 …本级).'),
    empty_note: z.string().nullable().describe('For a table published without rows, the note saying so (注：…空表列示, 本部门无…).'),
  })
  .describe('Every table found, as printed; a table continued over pages is one table.');
export type TableRow = z.infer<typeof TableRow>;

export const CellRow = z
  .object({
    table_id: tableId,
    row: z.number().int().nonnegative().describe('From 0, header rows included.'),
    col: z.number().int().nonnegative().describe('From 0.'),
    row_span: z.number().int().positive(),
    col_span: z.number().int().positive(),
    text: z.string().describe('As printed; line breaks inside the cell kept as newlines.'),
    is_header: z.number().int().min(0).max(1).describe('1 for header cells.'),
    page: z.number().int().positive().nullable().describe('PDF page the cell is printed on; null for other formats.'),
    x0: z.number().nullable().describe('Left edge in PDF points from the page\'s left.'),
    y0: z.number().nullable().describe('Top edge in PDF points from the page\'s top.'),
    x1: z.number().nullable().describe('Right edge in PDF points.'),
    y1: z.number().nullable().describe('Bottom edge in PDF points.'),
  })
  .describe('The cells of every table; a merged cell appears once at its top-left position.');
export type CellRow = z.infer<typeof CellRow>;

export const LineItemRow = z
  .object({
    doc_id: docId,
    table_id: tableId,
    row: z.number().int().nonnegative().describe('Row of the table (cells.row).'),
    col: z.number().int().nonnegative().describe('Column the amount is printed in (cells.col): with table_id and row, the cell.'),
    table_kind: TableKind,
    classification: z.enum(['function', 'economic', 'gov_economic', 'item']),
    code: z.string().regex(/^\d+$/).nullable().describe('Classification code as digits, e.g. 2060101; null for items.'),
    level: z.number().int().min(1).max(3).nullable().describe('1 类, 2 款, 3 项 (from the code\'s length: 3, 5, 7 digits).'),
    parent_code: z.string().regex(/^\d+$/).nullable().describe('The code of the line this one belongs to (2060101 → 20601).'),
    name: z.string().describe('The printed name.'),
    economic_code: z.string().regex(/^\d+$/).nullable().describe('A department economic code (3xx) printed beside the row\'s own code.'),
    gov_economic_code: z.string().regex(/^\d+$/).nullable().describe('A government economic code (5xx) printed beside the row\'s own code.'),
    column: z.string().describe('Canonical measure: total, basic, project, personnel, public, …'),
    column_label: z.string().describe('The printed header path, e.g. 本年收入/财政拨款收入.'),
    amount_fen: fen,
    raw: z.string().describe('The printed text.'),
    verified,
  })
  .describe('Amounts of classified rows of the standard budget tables, one per row and column. amount_yuan is amount_fen / 100.');
export type LineItemRow = z.infer<typeof LineItemRow>;

export const FACT_KEYS = [
  'income_total', 'expenditure_total', 'income_current_year', 'expenditure_current_year', 'carryover_begin', 'carryover_end',
  'income_general_budget', 'income_gov_fund', 'income_soe_capital', 'income_appropriation', 'appropriation_total',
  'basic_expenditure', 'project_expenditure', 'personnel_expenditure', 'public_expenditure',
  'three_public_total', 'three_public_abroad', 'three_public_vehicles', 'three_public_vehicle_purchase',
  'three_public_vehicle_operation', 'three_public_reception', 'budget_execution_rate', 'staff_count',
  'income_total_change', 'expenditure_total_change', 'basic_expenditure_change', 'project_expenditure_change', 'three_public_total_change',
  'projects_evaluated', 'projects_excellent', 'overall_score', 'grade',
] as const;
export const FactKey = z.enum(FACT_KEYS);
export type FactKey = z.infer<typeof FactKey>;

export const FactRow = z
  .object({
    doc_id: docId,
    key: FactKey,
    basis: z.enum(['budget', 'final']).nullable().describe('Whether the figure is a budget (预算) or an actual (决算) figure, when that matters.'),
    subject: z.string().nullable().describe('What the figure is about when not the whole department, e.g. a unit name.'),
    value_num: z.number().nullable().describe('Amounts in 元, percentages as percent, counts as counts; a *_change fact is signed (a decrease is negative).'),
    value_text: z.string().nullable().describe('Text values (grade), and for a *_change fact the reason the document gives (主要原因…).'),
    unit: z.string().nullable().describe('Unit of value_num: 元, %, 人, 个, 分.'),
    raw: z.string().describe('The printed text the figure was read from.'),
    source: z.enum(['table', 'narrative']),
    page,
    table_id: tableId.nullable().describe('For a figure read from a table: the table (tables.id).'),
    cell_row: z.number().int().nonnegative().nullable().describe('For a figure read from a table: the row of its cell (cells.row).'),
    cell_col: z.number().int().nonnegative().nullable().describe('For a figure read from a table: the column of its cell (cells.col).'),
    x0: z.number().nullable().describe('For a prose figure in a PDF: the left of the paragraph that prints it, in points from the page\'s left.'),
    y0: z.number().nullable().describe('… its top, in points from the page\'s top.'),
    x1: z.number().nullable().describe('… its right.'),
    y1: z.number().nullable().describe('… its bottom.'),
    verified,
  })
  .describe('Headline figures, from tables and from prose; both are kept when both state a figure.');
export type FactRow = z.infer<typeof FactRow>;

/**
 * The keys of government-level figures (region_figures.key), each with what it is. Amounts in 元.
 * A key is added here once and known to the parsers, the store, the view and the docs.
 */
export const REGION_FIGURE_KEYS = {
  gpb_revenue: '一般公共预算收入: the region\'s own general public budget revenue (税收收入 + 非税收入), transfers from higher levels excluded.',
  tax_revenue: '税收收入: tax revenue, part of gpb_revenue.',
  non_tax_revenue: '非税收入: non-tax revenue, part of gpb_revenue.',
  gpb_expenditure: '一般公共预算支出: general public budget expenditure.',
  transfer_from_higher: '上级补助收入 / 转移性收入 from higher levels (税收返还和转移支付).',
  gov_fund_revenue: '政府性基金预算收入: government fund budget revenue.',
  land_sale_revenue: '国有土地使用权出让收入: land-use right sales, part of gov_fund_revenue.',
  gov_fund_expenditure: '政府性基金预算支出: government fund budget expenditure.',
  soe_revenue: '国有资本经营预算收入: state capital operating budget revenue.',
  soe_expenditure: '国有资本经营预算支出: state capital operating budget expenditure.',
  ssf_revenue: '社会保险基金预算收入: social insurance fund revenue.',
  ssf_expenditure: '社会保险基金预算支出: social insurance fund expenditure.',
  debt_limit_general: '一般债务限额: the general debt ceiling approved for the year.',
  debt_limit_special: '专项债务限额: the special (revenue-backed) debt ceiling.',
  debt_limit_total: '债务限额合计: debt ceiling, general + special.',
  debt_balance_general: '一般债务余额: general debt outstanding at the year\'s end.',
  debt_balance_special: '专项债务余额: special debt outstanding at the year\'s end.',
  debt_balance_total: '债务余额合计: debt outstanding, general + special.',
  debt_new_general: '新增一般债务限额: the new general debt ceiling allotted for the year.',
  debt_new_special: '新增专项债务限额: the new special debt ceiling allotted for the year.',
  debt_new_total: '新增债务限额合计: new debt ceiling, general + special.',
  debt_issued_general: '一般债务(债券)发行额: general debt issued in the year, refinancing included.',
  debt_issued_special: '专项债务(债券)发行额: special debt issued in the year, refinancing included.',
  debt_issued_total: '债券发行额合计: debt issued, general + special.',
  debt_refinancing_general: '再融资一般债券: general refinancing bonds issued, part of debt_issued_general.',
  debt_refinancing_special: '再融资专项债券: special refinancing bonds issued, part of debt_issued_special.',
  debt_repaid_general: '一般债务还本额: general debt principal repaid in the year.',
  debt_repaid_special: '专项债务还本额: special debt principal repaid in the year.',
  debt_repaid_principal: '还本额合计: debt principal repaid, general + special.',
  debt_interest_general: '一般债务付息: interest paid on general debt.',
  debt_interest_special: '专项债务付息: interest paid on special debt.',
  debt_interest: '付息合计: interest paid, general + special.',
  bond_issued_general: '一般债券发行额: general bonds issued (债券发行及还本付息情况表); debt_issued_general adds loans on-lent by the central government.',
  bond_issued_special: '专项债券发行额: special bonds issued.',
  bond_issued_total: '债券发行额合计: bonds issued, general + special.',
  bond_repaid_general: '一般债券还本: principal of general bonds repaid.',
  bond_repaid_special: '专项债券还本: principal of special bonds repaid.',
  bond_repaid_total: '债券还本合计: principal of bonds repaid, general + special.',
  bond_interest_general: '一般债券付息: interest on general bonds.',
  bond_interest_special: '专项债券付息: interest on special bonds.',
  bond_interest_total: '债券付息合计: interest on bonds, general + special.',
  deficit: '地方财政赤字: the budgeted deficit, financed by general debt.',
} as const;
export type RegionFigureKey = keyof typeof REGION_FIGURE_KEYS;
export const RegionFigureKey = z.enum(Object.keys(REGION_FIGURE_KEYS) as [RegionFigureKey, ...RegionFigureKey[]]);

export const REGION_SCOPES = ['whole', 'own_level'] as const;
export const REGION_BASES = ['budget', 'adjusted_budget', 'execution', 'final'] as const;
export type RegionBasis = (typeof REGION_BASES)[number];

export const RegionFigureRow = z
  .object({
    doc_id: docId,
    region: z.string().describe('The region as printed: 济南市, 济南, 全省, 省本级, 高新区.'),
    region_code: z.string().regex(/^\d{6}$/).nullable().describe('6-digit GB/T 2260 code of that region (a province\'s or city\'s own code for 全省/全市/省本级/市本级); null where none exists, e.g. a development zone.'),
    region_name: z.string().nullable().describe('The name GB/T 2260 gives the coded region (济南市 for 济南 and for 全市 in a 济南 report); null without a code.'),
    region_level: z.enum(['province', 'city', 'county']).nullable().describe('Level of the coded region: province (and province-level cities), city, county (and districts).'),
    scope: z.enum(REGION_SCOPES).nullable().describe('whole: the region with its subordinate levels (全省, 全市, a city row of a 分地区 table); own_level: 本级 (省本级, 市本级); null when the document does not say.'),
    fiscal_year: z.number().int().min(1949).max(2100).describe('The year the figure is for (2024年末债务余额 → 2024), not the document\'s year.'),
    basis: z.enum(REGION_BASES).describe('budget (预算数), adjusted_budget (调整预算数), execution (执行数, 完成数, 预计执行数), final (决算数).'),
    key: RegionFigureKey.describe('What the figure is (see the key list below).'),
    value_fen: fen.describe('The figure in 分, exact; value_yuan is the figure in 元.'),
    unit: z.string().describe('The unit the document printed the figure in: 元, 万元 or 亿元.'),
    raw: z.string().describe('The printed figure.'),
    source: z.enum(['table', 'narrative']),
    context: z.string().describe('For a table figure, the row\'s printed name and the column\'s header path; for a prose figure, the sentence it was read from.'),
    page,
    table_id: tableId.nullable().describe('For a figure read from a table: the table (tables.id).'),
    cell_row: z.number().int().nonnegative().nullable().describe('For a figure read from a table: the row of its cell (cells.row).'),
    cell_col: z.number().int().nonnegative().nullable().describe('For a figure read from a table: the column of its cell (cells.col).'),
    verified,
  })
  .describe('Government-level figures (政府预算/决算, budget execution reports, debt tables, 分地区 tables whose rows are regions): one per region, key, year, basis and place printed. value_yuan is value_fen / 100.');
export type RegionFigureRow = z.infer<typeof RegionFigureRow>;

export const CheckRow = z
  .object({
    doc_id: docId,
    rule: z.string().describe('Identity checked, e.g. project_results.balance.'),
    subject: z.string().nullable().describe('Which row or figure.'),
    expected: z.number().nullable(),
    actual: z.number().nullable(),
    ok: z.number().int().min(0).max(1),
    detail: z.string().nullable(),
  })
  .describe('Self-check identities evaluated on the extracted data. A failed check is information, not an error.');
export type CheckRow = z.infer<typeof CheckRow>;

export const IndicatorRow = z
  .object({
    doc_id: docId,
    table_id: z.number().int().positive().nullable().describe('Null for indicators stated in prose.'),
    goal_seq: z.number().int().nonnegative().nullable().describe('The goal (goals.seq) a prose indicator belongs to.'),
    project: z.string().nullable(),
    level1: z.string().nullable(),
    level2: z.string().nullable(),
    level3: z.string().nullable(),
    description: z.string(),
    target_raw: z.string().nullable(),
    target_op: z.enum(['>=', '<=', '>', '<', '=']).nullable(),
    target_value: z.number().nullable(),
    target_unit: z.string().nullable(),
    actual_raw: z.string().nullable(),
    weight: z.number().nullable(),
    score: z.number().nullable(),
    basis: z.string().nullable(),
  })
  .describe('Performance indicators with their targets, from goal tables and from prose.');
export type IndicatorRow = z.infer<typeof IndicatorRow>;

export const GoalRow = z
  .object({
    doc_id: docId,
    seq: z.number().int().nonnegative(),
    title: z.string().nullable().describe('Goal or project name, e.g. 促进工业转型升级.'),
    description: z.string().nullable(),
    goal: z.string().nullable().describe('The 绩效目标 text.'),
    indicators: z.string().nullable().describe('The 绩效指标 text as printed.'),
    result: z.string().nullable().describe('The 完成情况 text.'),
    page,
  })
  .describe('Goals stated in the prose of a report.');
export type GoalRow = z.infer<typeof GoalRow>;

export const GoalProjectRow = z
  .object({
    doc_id: docId,
    table_id: tableId,
    project_code: z.string().nullable().describe('项目编码 as printed.'),
    project: z.string().nullable().describe('项目名称.'),
    amount_fen: fen.nullable().describe('预算数 of the project.'),
    fiscal_fen: fen.nullable().describe('Of which 财政资金.'),
    other_fen: fen.nullable().describe('Of which 其他资金.'),
    purpose: z.string().nullable().describe('资金用途.'),
    spending_plan: z.string().nullable().describe('资金支出计划, e.g. "10月底 100%；12月底 100%".'),
    goal: z.string().nullable().describe('The 绩效目标 text.'),
    page,
  })
  .describe('The form above each performance-goal table (绩效目标表): the project, its money and its overall goal; its indicators are in indicators (same table_id).');
export type GoalProjectRow = z.infer<typeof GoalProjectRow>;

export const ProcurementItemRow = z
  .object({
    doc_id: docId,
    table_id: tableId,
    row: z.number().int().nonnegative(),
    project: z.string().nullable().describe('The project the purchase is funded from (政府采购项目来源).'),
    item: z.string().describe('采购物品名称 as printed.'),
    catalog_code: z.string().nullable().describe('政府采购目录 code, e.g. A02010105.'),
    quantity: z.number().nullable(),
    quantity_unit: z.string().nullable().describe('计量单位: 台, 张, 项 …'),
    unit_price_fen: fen.nullable(),
    amount_fen: fen.nullable().describe('政府采购金额 (合计).'),
    sme_reserved_fen: fen.nullable().describe('Share reserved for small and micro enterprises (预留中小微企业份额).'),
  })
  .describe('Rows of a government procurement table (政府采购预算表), one per purchase; its 合计 row is checked, not stored.');
export type ProcurementItemRow = z.infer<typeof ProcurementItemRow>;

export const AssetItemRow = z
  .object({
    doc_id: docId,
    table_id: tableId,
    row: z.number().int().nonnegative(),
    item: z.string().describe('Asset class as printed, e.g. 2、车辆（台、辆）.'),
    quantity: z.number().nullable(),
    value_fen: fen.nullable(),
  })
  .describe('Rows of a state-asset table (国有资产 / 固定资产占用情况表).');
export type AssetItemRow = z.infer<typeof AssetItemRow>;

const LEVELS = ['total', 'central', 'provincial', 'city', 'county'] as const;
const amountColumns = (prefix: 'budget' | 'executed') =>
  Object.fromEntries(LEVELS.map((l) => [`${prefix}_${l}_fen`, fen.nullable()])) as Record<`${typeof prefix}_${(typeof LEVELS)[number]}_fen`, z.ZodNullable<typeof fen>>;

export const ProjectResultRow = z
  .object({
    doc_id: docId,
    table_id: tableId,
    row: z.number().int().nonnegative().describe('Row of the table the project starts on.'),
    seq: z.number().int().positive().describe('序号 as printed.'),
    project: z.string(),
    unit: z.string().nullable().describe('Implementing unit.'),
    ...amountColumns('budget'),
    ...amountColumns('executed'),
    balance_fen: fen.nullable(),
    returned_fen: fen.nullable(),
    score: z.number().nullable(),
    ambiguous: z.number().int().min(0).max(1).describe('1 when the printed row lost columns and more than one column layout fits; the figures the layouts disagree on (usually the funding-level split) are null.'),
    note: z.string().nullable(),
  })
  .describe('The project results table (绩效自评结果汇总表) of a self-evaluation report. Each *_fen has a *_yuan twin.');
export type ProjectResultRow = z.infer<typeof ProjectResultRow>;

export const TeamMemberRow = z
  .object({
    doc_id: docId,
    seq: z.number().int().nonnegative(),
    name: z.string(),
    unit: z.string().nullable(),
    role: z.string().nullable().describe('职务.'),
    title: z.string().nullable().describe('职称.'),
  })
  .describe('The evaluation team.');
export type TeamMemberRow = z.infer<typeof TeamMemberRow>;

export const OrgUnitRow = z
  .object({
    doc_id: docId,
    seq: z.number().int().nonnegative(),
    name: z.string(),
    nature: z.string().nullable().describe('单位基本性质, e.g. 行政单位.'),
    funding: z.string().nullable().describe('经费形式, e.g. 财政拨款.'),
    staff_count: z.number().int().nonnegative().nullable(),
  })
  .describe('The units a department consists of (单位构成).');
export type OrgUnitRow = z.infer<typeof OrgUnitRow>;

export const GradeBandRow = z
  .object({
    doc_id: docId,
    grade: z.string(),
    min_score: z.number().nullable(),
    min_inclusive: z.number().int().min(0).max(1),
    max_score: z.number().nullable(),
    max_inclusive: z.number().int().min(0).max(1),
    raw: z.string(),
  })
  .describe('The score bands of each grade as the report states them.');
export type GradeBandRow = z.infer<typeof GradeBandRow>;

export const SECTION_TOPICS = ['profile', 'budget', 'goals', 'results', 'process', 'conclusion', 'problems', 'measures', 'team'] as const;

export const SectionRow = z
  .object({
    doc_id: docId,
    seq: z.number().int().nonnegative(),
    level: z.number().int().min(0).max(7).describe('0 for text before the first heading.'),
    numbering: z.string().nullable(),
    heading: z.string().nullable(),
    text: z.string().describe('The section body, tables as tab-separated lines.'),
    page,
    topic: z.enum(SECTION_TOPICS).nullable().describe('What the section is about, when recognised (problems, measures, …).'),
  })
  .describe('The text of every document by heading, searchable in full text (sections_fts).');
export type SectionRow = z.infer<typeof SectionRow>;

export const RUN_KINDS = ['ingest', 'crawl'] as const;
export const RUN_STATUSES = ['running', 'finished', 'interrupted'] as const;

export const RunRow = z
  .object({
    id: z.number().int().positive(),
    kind: z.enum(RUN_KINDS),
    started_at: z.string().describe('ISO timestamp.'),
    finished_at: z.string().nullable().describe('ISO timestamp; null while running, and for a run that was killed.'),
    status: z.enum(RUN_STATUSES).describe('running (or killed before it could say otherwise), finished, or interrupted (Ctrl-C: the documents in flight were finished).'),
    tool_version: z.string().describe('Version of fiscal-extract.'),
    arguments: z.string().describe('The command line after the command name, as a JSON array.'),
    files_seen: z.number().int().nonnegative().describe('Input files looked at.'),
    files_new: z.number().int().nonnegative().describe('Files parsed and stored by this run (ok, partial or failed).'),
    files_skipped: z.number().int().nonnegative().describe('Files whose bytes this version had already stored.'),
    files_failed: z.number().int().nonnegative().describe('Files stored as failed by this run.'),
    pages: z.number().int().nonnegative().describe('Pages parsed by this run.'),
    seconds: z.number().nonnegative().nullable().describe('Wall-clock duration; null until the run ends.'),
  })
  .describe('One row per ingest (or crawl) run: what it looked at and what it did.');
export type RunRow = z.infer<typeof RunRow>;

export const FETCH_KINDS = ['robots', 'listing', 'notice', 'attachment'] as const;

export const FetchRow = z
  .object({
    id: z.number().int().positive(),
    run_id: z.number().int().positive().describe('The crawl run (runs.id) that made the request.'),
    url: z.string().describe('URL requested.'),
    final_url: z.string().nullable().describe('URL answered after redirects; null when nothing answered.'),
    kind: z.enum(FETCH_KINDS).describe('robots (robots.txt), listing (a column page or one of its pages), notice (an article page), attachment (a file linked from a page).'),
    status: z.number().int().nullable().describe('HTTP status of the last attempt (304: unchanged since the stored copy); null for a network error or timeout.'),
    etag: z.string().nullable().describe('ETag answered, sent back as If-None-Match next time.'),
    last_modified: z.string().nullable().describe('Last-Modified answered, sent back as If-Modified-Since next time.'),
    content_type: z.string().nullable(),
    sha256: sha256.nullable().describe('sha256 of the body (for 304, of the stored copy it confirmed); the raw store keeps the bytes under this name, and documents.id is the same hash.'),
    bytes: z.number().int().nonnegative().nullable(),
    referrer: z.string().nullable().describe('The page the link was found on.'),
    notice_title: z.string().nullable().describe('For an attachment: the title of the notice page that linked it.'),
    notice_date: isoDate.nullable().describe('For an attachment: the publication date of that notice page.'),
    error: z.string().nullable().describe('Why the fetch failed (after retries), or what was refused (robots.txt, size, scheme).'),
    fetched_at: z.string().describe('ISO timestamp.'),
  })
  .describe('One row per HTTP request a crawl made (the last attempt of its retries).');
export type FetchRow = z.infer<typeof FetchRow>;

/** Every dataset table with the schema of its rows, in creation order. */
export const OcrPageRow = z
  .object({
    doc_id: docId,
    page: z.number().int().positive().describe('1-based page read by OCR (it had no text layer).'),
    engine: z.string().describe('The OCR engine, e.g. PP-OCRv4 (ch) on onnxruntime-node.'),
    model: z.string().describe('The model files and the package version they came from.'),
    scale: z.number().positive().describe('Pixels per PDF point the page was rendered at (2 ≈ 144 dpi).'),
    lines: z.number().int().nonnegative().describe('Text lines detected on the page.'),
    mean_confidence: z.number().min(0).max(1).nullable().describe('Mean character confidence on the page (0–1); null when nothing was read.'),
    doubtful: z.string().nullable().describe('Amounts read with a mean confidence below the threshold, as read, one a line; they make the document partial.'),
  })
  .describe('Pages read by OCR, with the engine, the model and how sure the reading was.');
export type OcrPageRow = z.infer<typeof OcrPageRow>;

export const OcrLineRow = z
  .object({
    doc_id: docId,
    page: z.number().int().positive(),
    seq: z.number().int().nonnegative().describe('Order of the line on the page, top to bottom.'),
    text: z.string().describe('As OCR read it.'),
    confidence: z.number().min(0).max(1).describe('Mean character confidence.'),
    x0: z.number(), y0: z.number(), x1: z.number(), y1: z.number(),
  })
  .describe('Each text line OCR read on a page, with its box in points from the page\'s top-left.');
export type OcrLineRow = z.infer<typeof OcrLineRow>;

export const DATASET = {
  documents: DocumentRow,
  document_sources: DocumentSourceRow,
  tables: TableRow,
  cells: CellRow,
  line_items: LineItemRow,
  facts: FactRow,
  region_figures: RegionFigureRow,
  checks: CheckRow,
  indicators: IndicatorRow,
  goals: GoalRow,
  goal_projects: GoalProjectRow,
  procurement_items: ProcurementItemRow,
  asset_items: AssetItemRow,
  project_results: ProjectResultRow,
  team_members: TeamMemberRow,
  org_units: OrgUnitRow,
  grade_bands: GradeBandRow,
  sections: SectionRow,
  runs: RunRow,
  fetches: FetchRow,
  ocr_pages: OcrPageRow,
  ocr_lines: OcrLineRow,
} as const;
export type DatasetTable = keyof typeof DATASET;
