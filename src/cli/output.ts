/** Rows of query results as an aligned table, CSV, JSON or JSON lines. */
import stringWidth from 'string-width';

export const OUTPUT_FORMATS = ['table', 'csv', 'json', 'jsonl'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

type Row = Record<string, unknown>;

function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Uint8Array) return `<${v.length} bytes>`;
  return String(v);
}

function csvField(v: unknown): string {
  const t = cellText(v);
  return /[",\n\r]/.test(t) ? `"${t.replace(/"/g, '""')}"` : t;
}

const MAX_TABLE_CELL = 60;

function clip(text: string): string {
  const oneLine = text.replace(/\s*\n\s*/g, ' ⏎ ');
  if (stringWidth(oneLine) <= MAX_TABLE_CELL) return oneLine;
  let out = '';
  for (const ch of oneLine) {
    if (stringWidth(out + ch) > MAX_TABLE_CELL - 1) break;
    out += ch;
  }
  return `${out}…`;
}

function pad(text: string, width: number, right: boolean): string {
  const fill = ' '.repeat(Math.max(0, width - stringWidth(text)));
  return right ? fill + text : text + fill;
}

export function formatRows(rows: Row[], columns: string[], format: OutputFormat): string {
  switch (format) {
    case 'json':
      return JSON.stringify(rows, null, 2);
    case 'jsonl':
      return rows.map((r) => JSON.stringify(r)).join('\n');
    case 'csv':
      return [columns.map(csvField).join(','), ...rows.map((r) => columns.map((c) => csvField(r[c])).join(','))].join('\n');
    case 'table': {
      const cells = rows.map((r) => columns.map((c) => clip(cellText(r[c]))));
      const numeric = columns.map((c) => rows.length > 0 && rows.every((r) => r[c] === null || typeof r[c] === 'number'));
      const widths = columns.map((c, i) => Math.max(stringWidth(c), ...cells.map((row) => stringWidth(row[i]!))));
      const line = (values: string[]) => values.map((v, i) => pad(v, widths[i]!, numeric[i]!)).join('  ').trimEnd();
      return [line(columns), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.map(line)].join('\n');
    }
  }
}
