import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { datasetteMetadata, METADATA_JSON, SCHEMA_DOC, schemaMarkdown } from '../scripts/gen-schema-docs.js';

describe('generated documentation', () => {
  it('docs/schema.md matches the zod schemas (run `npm run docs` after changing them)', () => {
    expect(readFileSync(SCHEMA_DOC, 'utf8')).toBe(schemaMarkdown());
  });
  it('docs/metadata.json matches the zod schemas', () => {
    expect(JSON.parse(readFileSync(METADATA_JSON, 'utf8'))).toEqual(datasetteMetadata());
  });
});
