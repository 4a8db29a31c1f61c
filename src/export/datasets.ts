/**
 * What `export` writes: the dataset's tables and views, each with its description, its key, the
 * tables it points at, and a description per column (from the zod schemas for tables; written
 * here for the views, which have no schema of their own).
 */
import type { z } from 'zod';
import { DATASET, REGION_FIGURE_KEYS, type DatasetTable } from '../../schemas/records.js';

export interface ForeignKey {
  fields: string[];
  reference: { resource: string; fields: string[] };
}

export interface Dataset {
  name: string;
  kind: 'table' | 'view';
  description: string;
  primaryKey?: string[];
  foreignKeys?: ForeignKey[];
  /** The column naming the document, for --since. */
  docColumn: string | null;
  columns: Record<string, string>;
}

const toDocuments = (field = 'doc_id'): ForeignKey => ({ fields: [field], reference: { resource: 'documents', fields: ['id'] } });

const HEADLINE_KEYS = [
  'income_total', 'expenditure_total', 'income_current_year', 'expenditure_current_year', 'carryover_begin', 'carryover_end',
  'basic_expenditure', 'project_expenditure', 'personnel_expenditure', 'public_expenditure', 'three_public_total', 'three_public_abroad',
  'three_public_vehicles', 'three_public_vehicle_purchase', 'three_public_vehicle_operation', 'three_public_reception',
] as const;

const IDENTITY_COLUMNS = {
  region_code: '6-digit GB/T 2260 code of the region.',
  department_key: 'region_code:normalised department name (through department_aliases): one key per department across years.',
  fiscal_year: 'The year the figures are for.',
  stage: 'budget or final (final account).',
};

export const VIEWS: Dataset[] = [
  {
    name: 'headlines', kind: 'view', docColumn: 'doc_id', primaryKey: ['doc_id'], foreignKeys: [toDocuments()],
    description: 'One row per current budget or final account: the headline figures in 元 as columns, each with its verified flag (a table\'s figure preferred to the prose\'s).',
    columns: {
      doc_id: 'The document (documents.id).', region_code: IDENTITY_COLUMNS.region_code, region: 'The region as named.', region_level: 'province, city or county.',
      department_key: IDENTITY_COLUMNS.department_key, department: 'The department as printed.', coverage: 'own (本级) or consolidated (汇总/部门); null when not stated.',
      fiscal_year: IDENTITY_COLUMNS.fiscal_year, family: 'budget or final_account.', stage: IDENTITY_COLUMNS.stage, status: 'ok or partial.',
      ...Object.fromEntries(HEADLINE_KEYS.flatMap((k) => [[k, `${k} in 元.`], [`${k}_verified`, `1 when ${k} is verified by an identity or an independent source.`]])),
    },
  },
  {
    name: 'budget_execution', kind: 'view', docColumn: 'budget_doc_id', primaryKey: ['department_key', 'fiscal_year', 'budget_doc_id', 'final_doc_id'],
    foreignKeys: [toDocuments('budget_doc_id'), toDocuments('final_doc_id')],
    description: 'Budget against final account per department and year, where both are stored: totals, basic, project and 三公 figures (元) and the execution rate.',
    columns: {
      department_key: IDENTITY_COLUMNS.department_key, fiscal_year: IDENTITY_COLUMNS.fiscal_year, region_code: IDENTITY_COLUMNS.region_code, region: 'The region as named.', department: 'The department as printed in the budget.',
      ...Object.fromEntries(['expenditure_total', 'basic_expenditure', 'project_expenditure', 'three_public_total', 'three_public_abroad', 'three_public_vehicles', 'three_public_reception'].flatMap((k) => [[`budget_${k}`, `${k} in the budget, 元.`], [`final_${k}`, `${k} in the final account, 元.`]])),
      execution_rate: 'Final expenditure_total as a percentage of the budget\'s.', budget_doc_id: 'The budget document.', final_doc_id: 'The final-account document.',
    },
  },
  {
    name: 'panel', kind: 'view', docColumn: 'doc_id', foreignKeys: [toDocuments()],
    description: 'Every line item of the current budgets and final accounts, long and tidy: one amount per row.',
    columns: {
      region_code: IDENTITY_COLUMNS.region_code, department_key: IDENTITY_COLUMNS.department_key, fiscal_year: IDENTITY_COLUMNS.fiscal_year, stage: IDENTITY_COLUMNS.stage,
      table_kind: 'The standard table it was printed in.', classification: 'function, economic, gov_economic or item.', code: 'Classification code as digits; null for items.',
      name: 'The printed name.', measure: 'Canonical column: total, basic, project, personnel, public, …', amount_yuan: 'The amount in 元.', amount_fen: 'The amount in 分, exact.',
      verified: '1 when an identity through the figure held.', doc_id: 'The document.', page: 'First page of the table it was printed in.',
    },
  },
  {
    name: 'disclosure_completeness', kind: 'view', docColumn: 'doc_id', primaryKey: ['doc_id'], foreignKeys: [toDocuments()],
    description: 'Per budget or final account: how many of the tables and explanations its family must publish it has (present, or empty with a note saying so), as a score with the missing ones listed.',
    columns: {
      doc_id: 'The document.', region_code: IDENTITY_COLUMNS.region_code, department_key: IDENTITY_COLUMNS.department_key, department: 'The department as printed.',
      fiscal_year: IDENTITY_COLUMNS.fiscal_year, family: 'budget or final_account.', required: 'How many items the family must publish (required_disclosures).',
      present: 'Items present with rows.', empty_with_note: 'Tables published empty with a note saying so (空表).', missing: 'Items absent, or tables empty without a note.',
      score: '(present + empty_with_note) / required.', missing_items: 'The missing items, by their usual titles, joined with 、.',
    },
  },
  {
    name: 'region_panel', kind: 'view', docColumn: null, primaryKey: ['region_code', 'fiscal_year', 'scope'],
    description: 'One row per region (GB/T 2260 code), year and scope (whole: with its subordinate levels; own_level: 本级): for each key of region_figures the most final figure the current documents state (final > execution > adjusted_budget > budget; then verified, then a table\'s over the prose\'s, then the latest document), in 元, with its verified flag, its basis and its document. --since does not narrow it: a panel row draws on documents of any run.',
    columns: {
      region_code: IDENTITY_COLUMNS.region_code, region_name: 'The region\'s name in GB/T 2260.', fiscal_year: 'The year the figures are for.',
      scope: 'whole (the region with its subordinate levels) or own_level (本级).',
      ...Object.fromEntries(Object.entries(REGION_FIGURE_KEYS).flatMap(([k, what]) => [[k, `${what} In 元.`], [`${k}_verified`, `1 when ${k} is verified.`], [`${k}_basis`, `The basis of ${k}: budget, adjusted_budget, execution or final.`], [`${k}_doc_id`, `The document ${k} was read from.`]])),
    },
  },
];

const TABLE_KEYS: Partial<Record<DatasetTable, Pick<Dataset, 'primaryKey' | 'foreignKeys'>>> = {
  region_figures: { foreignKeys: [toDocuments()] },
  documents: { primaryKey: ['id'] },
  facts: { foreignKeys: [toDocuments()] },
  line_items: { foreignKeys: [toDocuments()] },
  indicators: { foreignKeys: [toDocuments()] },
  project_results: { foreignKeys: [toDocuments()] },
  checks: { foreignKeys: [toDocuments()] },
};

function tableDataset(name: DatasetTable): Dataset {
  const schema = DATASET[name] as z.ZodObject;
  const columns = Object.fromEntries(Object.entries(schema.shape).map(([k, v]) => [k, (v as z.ZodType).description ?? '']));
  if (name === 'documents') Object.assign(columns, { department_key: IDENTITY_COLUMNS.department_key, stage: IDENTITY_COLUMNS.stage });
  return { name, kind: 'table', description: schema.description ?? '', docColumn: name === 'documents' ? 'id' : 'doc_id' in columns ? 'doc_id' : null, columns, ...TABLE_KEYS[name] };
}

/** Exported unless --tables says otherwise. */
export const DEFAULT_EXPORT = ['headlines', 'budget_execution', 'panel', 'disclosure_completeness', 'region_panel', 'documents', 'facts', 'line_items', 'region_figures', 'indicators', 'project_results', 'checks'];

/** A table or view by name; null when the dataset has none of that name. */
export function datasetNamed(name: string): Dataset | null {
  const view = VIEWS.find((v) => v.name === name);
  if (view) return view;
  return name in DATASET ? tableDataset(name as DatasetTable) : null;
}

export const EXPORTABLE = [...VIEWS.map((v) => v.name), ...Object.keys(DATASET)];
