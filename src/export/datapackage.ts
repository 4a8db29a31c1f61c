/**
 * datapackage.json (Frictionless Data Package): one resource per exported file with its fields,
 * types, descriptions, primary and foreign keys, and for the line items the Fiscal Data Package
 * mapping of the amounts (phase, direction, classification).
 */
import type { ColumnType } from './columns.js';
import type { Dataset } from './datasets.js';
import type { ExportFormat } from './writers.js';

const FRICTIONLESS_TYPE: Record<ColumnType, string> = { integer: 'integer', number: 'number', date: 'date', string: 'string' };

export interface Resource {
  dataset: Dataset;
  path: string;
  columns: string[];
  types: ColumnType[];
  rows: number;
}

const MEDIA: Record<ExportFormat, { format: string; mediatype: string }> = {
  csv: { format: 'csv', mediatype: 'text/csv' },
  jsonl: { format: 'jsonl', mediatype: 'application/x-ndjson' },
  parquet: { format: 'parquet', mediatype: 'application/vnd.apache.parquet' },
  xlsx: { format: 'xlsx', mediatype: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' },
};

/** How the panel's amounts map onto the Fiscal Data Package model. */
const FISCAL_MODEL = {
  measures: { amount: { source: 'amount_yuan', currency: 'CNY', factor: 1, title: 'Amount (元)' } },
  dimensions: {
    phase: { dimensionType: 'phase', primaryKey: ['stage'], attributes: { stage: { source: 'stage', title: 'budget → approved, final → executed' } } },
    direction: { dimensionType: 'direction', primaryKey: ['table_kind'], attributes: { table_kind: { source: 'table_kind', title: 'income tables → income; the others → expenditure' } } },
    classification: {
      dimensionType: 'classification', primaryKey: ['code'],
      attributes: { code: { source: 'code' }, name: { source: 'name' }, scheme: { source: 'classification', title: 'function → functional, economic / gov_economic → economic' } },
    },
    administrative: { dimensionType: 'administrative-classification', primaryKey: ['department_key'], attributes: { department_key: { source: 'department_key' }, region_code: { source: 'region_code' } } },
    date: { dimensionType: 'datetime', primaryKey: ['fiscal_year'], attributes: { fiscal_year: { source: 'fiscal_year' } } },
  },
};

export function dataPackage(resources: readonly Resource[], format: ExportFormat, meta: { version: string; created: string; since: number | string | null }): object {
  return {
    profile: 'tabular-data-package',
    name: 'fiscal-extract',
    title: 'Chinese government fiscal disclosures, extracted by fiscal-extract',
    version: meta.version,
    created: meta.created,
    ...(meta.since !== null ? { description: `Documents stored since ${typeof meta.since === 'number' ? `run ${meta.since}` : meta.since}.` } : {}),
    resources: resources.map((r) => ({
      name: r.dataset.name,
      path: r.path,
      profile: 'tabular-data-resource',
      ...MEDIA[format],
      encoding: 'utf-8',
      ...(format === 'xlsx' ? { dialect: { sheet: r.dataset.name.slice(0, 31) } } : {}),
      description: r.dataset.description,
      rows: r.rows,
      schema: {
        fields: r.columns.map((name, i) => ({ name, type: FRICTIONLESS_TYPE[r.types[i]!], description: r.dataset.columns[name] ?? '' })),
        ...(r.dataset.primaryKey ? { primaryKey: r.dataset.primaryKey } : {}),
        ...(r.dataset.foreignKeys ? { foreignKeys: r.dataset.foreignKeys } : {}),
      },
      ...(r.dataset.name === 'panel' ? { model: FISCAL_MODEL } : {}),
    })),
  };
}
