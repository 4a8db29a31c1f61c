/**
 * docs/schema.md and docs/metadata.json (Datasette) from the zod schemas, so the documentation
 * cannot drift from what is validated and stored. `npm run docs` writes them; a test fails when
 * the committed files are stale.
 */
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { DocumentModel } from '../schemas/document.js';
import { DATASET, REGION_FIGURE_KEYS } from '../schemas/records.js';
import { SCHEMA_VERSION } from '../src/store/migrations.js';
import { VIEWS } from '../src/export/datasets.js';

interface Column {
  name: string;
  type: string;
  nullable: boolean;
  description: string;
}

/** SQLite type of a zod field, as the migrations declare it. */
function typeOf(schema: z.ZodType): { type: string; nullable: boolean; description: string } {
  let s: z.ZodType = schema;
  let nullable = false;
  let description = schema.description ?? '';
  for (;;) {
    if (s instanceof z.ZodNullable || s instanceof z.ZodOptional) {
      nullable = true;
      s = s.unwrap() as z.ZodType;
      description ||= s.description ?? '';
      continue;
    }
    break;
  }
  description ||= s.description ?? '';
  if (s instanceof z.ZodEnum) return { type: `TEXT (${(s.options as string[]).join(' \\| ')})`, nullable, description };
  if (s instanceof z.ZodString) return { type: 'TEXT', nullable, description };
  if (s instanceof z.ZodNumber) return { type: s.format === 'safeint' || s.isInt ? 'INTEGER' : 'REAL', nullable, description };
  if (s instanceof z.ZodBoolean) return { type: 'INTEGER (0/1)', nullable, description };
  return { type: 'TEXT', nullable, description };
}

export function datasetColumns(): Record<string, { description: string; columns: Column[] }> {
  const out: Record<string, { description: string; columns: Column[] }> = {};
  for (const [table, schema] of Object.entries(DATASET)) {
    const shape = (schema as z.ZodObject).shape as Record<string, z.ZodType>;
    const columns = Object.entries(shape).map(([name, field]) => ({ name, ...typeOf(field) }));
    for (const c of [...columns]) {
      if (c.name.endsWith('_fen')) columns.splice(columns.indexOf(c) + 1, 0, { name: c.name.replace(/_fen$/, '_yuan'), type: 'REAL (generated)', nullable: c.nullable, description: `${c.name} / 100, in 元.` });
    }
    out[table] = { description: schema.description ?? '', columns };
  }
  return out;
}

const esc = (t: string) => t.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function schemaMarkdown(): string {
  const lines = [
    '# Dataset schema',
    '',
    `Generated from \`schemas/records.ts\` by \`npm run docs\`; do not edit by hand. Schema version ${SCHEMA_VERSION} (\`PRAGMA user_version\`).`,
    '',
    'Amounts are stored as exact integers of 分 (`*_fen`) with a generated `*_yuan` twin in 元. Full-text search: `sections_fts` (FTS5, trigram tokenizer) over `sections.heading` and `sections.text`; `fiscal-extract search` falls back to a scan for one- or two-character queries.',
    '',
    'Views: `failed_documents` (what failed and why), `check_failures` (identities that did not hold), `document_overview` (per document: family, status and record counts), `crawled_documents` (each crawled document with its URL and its notice page\'s title and date), `documents_keyed` (current documents with `department_key` and `stage`), `disclosure_items` (each item a family must publish, per document, with its state), and the data-product views described at the end: ' + VIEWS.map((v) => `\`${v.name}\``).join(', ') + '.',
    '',
    '`department_key` is `region_code:department_norm` (`000000` when the region is not known, as for central departments), where `department_norm` is the printed name with its region prefix, a leading 中共 and a （本级）/（汇总） note removed (中国共产党X委员会 written 中共X委). A renamed department joins its old name through `department_aliases (region_code, alias, canonical, note)`: insert a row (region_code NULL for everywhere) and every view uses it at once. `required_disclosures (family, item, label)` lists what each family must publish; `disclosure_completeness` counts against it.',
    '',
  ];
  for (const [table, { description, columns }] of Object.entries(datasetColumns())) {
    lines.push(`## ${table}`, '', description, '', '| column | type | null | meaning |', '| --- | --- | --- | --- |');
    for (const c of columns) lines.push(`| ${c.name} | ${c.type} | ${c.nullable ? 'yes' : ''} | ${esc(c.description)} |`);
    lines.push('');
    if (table === 'region_figures') {
      lines.push('The keys of region_figures (amounts in 元):', '', '| key | what it is |', '| --- | --- |');
      for (const [key, what] of Object.entries(REGION_FIGURE_KEYS)) lines.push(`| ${key} | ${esc(what)} |`);
      lines.push('');
    }
  }
  for (const v of VIEWS) {
    lines.push(`## view: ${v.name}`, '', v.description, '', '| column | meaning |', '| --- | --- |');
    for (const [name, description] of Object.entries(v.columns)) lines.push(`| ${name} | ${esc(description)} |`);
    lines.push('');
  }
  lines.push('## The document model', '', 'What every extractor produces (`fiscal-extract inspect FILE --format json`), as JSON Schema:', '', '```json');
  lines.push(JSON.stringify(z.toJSONSchema(DocumentModel), null, 2), '```', '');
  return lines.join('\n');
}

export function datasetteMetadata(): object {
  const tables = Object.fromEntries(
    Object.entries(datasetColumns()).map(([table, { description, columns }]) => [
      table,
      { description, columns: Object.fromEntries(columns.map((c) => [c.name, c.description])) },
    ]),
  );
  return {
    title: 'fiscal-extract dataset',
    description: 'Chinese government fiscal disclosures (部门预算, 部门决算, 整体支出绩效自评报告) as typed, validated records.',
    databases: { fiscal: { tables } },
  };
}

const here = dirname(fileURLToPath(import.meta.url));
export const SCHEMA_DOC = join(here, '..', 'docs', 'schema.md');
export const METADATA_JSON = join(here, '..', 'docs', 'metadata.json');

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(SCHEMA_DOC, schemaMarkdown());
  writeFileSync(METADATA_JSON, `${JSON.stringify(datasetteMetadata(), null, 2)}\n`);
  process.stderr.write(`wrote ${SCHEMA_DOC} and ${METADATA_JSON}\n`);
}
