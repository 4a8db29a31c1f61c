/**
 * The type of each exported column, for Parquet, the workbook and datapackage.json: integers
 * (amounts in 分 are integers, and may pass 2^31), numbers, ISO dates (the *_on columns), strings.
 * Read from the values, since a view's columns have no declared type.
 */
export type ColumnType = 'integer' | 'number' | 'date' | 'string';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

export function columnTypes(names: readonly string[], rows: readonly Record<string, unknown>[]): ColumnType[] {
  return names.map((name) => {
    const values = rows.map((r) => r[name]).filter((v) => v !== null && v !== undefined);
    if (values.length > 0 && values.every((v) => typeof v === 'bigint' || (typeof v === 'number' && Number.isInteger(v)))) return 'integer';
    if (values.length > 0 && values.every((v) => typeof v === 'number' || typeof v === 'bigint')) return 'number';
    if (/_on$/.test(name) && values.every((v) => typeof v === 'string' && ISO_DATE.test(v))) return 'date';
    // An empty column of an amount or a count is still a number.
    if (values.length === 0 && /(_fen|_yuan|^fiscal_year|_total|_expenditure|_rate|^score)$/.test(name)) return 'number';
    return 'string';
  });
}
