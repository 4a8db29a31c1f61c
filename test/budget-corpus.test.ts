/**
 * The budget path over ../shared/corpus (skipped without it): the identities hold where the
 * publications are sound, and the file altered on purpose (shpt01) is caught where its untouched
 * original (shpt04) is not.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractModel } from '../src/pipeline/extract.js';
import { parseDocument } from '../src/domain/index.js';
import type { ParsedDocument } from '../src/domain/parsed.js';
import { CORPUS, HAS_CORPUS } from './helpers.js';

async function parseCorpusPdf(id: string): Promise<ParsedDocument> {
  return parseDocument(await extractModel(new Uint8Array(readFileSync(join(CORPUS, `${id}.pdf`))), 'pdf'));
}

const PRESENCE = new Set(['budget.tables_recognised', 'budget.listed_table_present', 'table.declared_empty']);

describe.skipIf(!HAS_CORPUS)('budget and final-account documents of the corpus', () => {
  it('catches what was altered in shpt01 and passes its untouched original shpt04', async () => {
    const altered = await parseCorpusPdf('shpt01');
    const original = await parseCorpusPdf('shpt04');
    const failed = (p: ParsedDocument) => p.checks.filter((c) => c.ok === 0).map((c) => `${c.rule} ${c.subject ?? ''}`);
    // The 支出决算表 the contents list was removed, and 收入支出总计 was changed to 0 万元 in the text.
    expect(failed(altered)).toEqual(expect.arrayContaining(['budget.listed_table_present 支出决算表', 'narrative.vs_table income_total']));
    expect(failed(original)).not.toContain('budget.listed_table_present 支出决算表');
    expect(failed(original)).not.toContain('narrative.vs_table income_total');
    // The untouched original has an error of its own: 财政拨款收入支出总计0.3万元 in its text.
    expect(failed(original)).toContain('narrative.vs_table appropriation_total');
  });

  it('reads shpt05, a blank 部门决算 template whose tables open with a 合计 row and no figures, as empty tables', async () => {
    const template = await parseCorpusPdf('shpt05');
    expect(template.problems).toEqual([]);
    expect(template.lineItems).toEqual([]);
    expect(template.checks.filter((c) => c.rule === 'table.declared_empty').length).toBeGreaterThanOrEqual(5);
  });

  it('holds at least 97 % of the identities it evaluates over the PDFs with a text layer', async () => {
    const manifest = readFileSync(join(CORPUS, 'MANIFEST.tsv'), 'utf8').trim().split('\n').map((l) => l.split('\t'));
    const [head, ...rows] = manifest;
    const col = (name: string) => head!.indexOf(name);
    const ids = rows
      .filter((r) => ['budget', 'final_account'].includes(r[col('doc_family')]!) && r[col('ext')] === 'pdf' && /layer=text/.test(r[col('notes')] ?? ''))
      .map((r) => r[col('id')]!)
      .filter((id) => existsSync(join(CORPUS, `${id}.pdf`)));
    let held = 0;
    let evaluated = 0;
    for (const id of ids) {
      const identities = (await parseCorpusPdf(id)).checks.filter((c) => !PRESENCE.has(c.rule));
      held += identities.filter((c) => c.ok === 1).length;
      evaluated += identities.length;
    }
    expect(evaluated).toBeGreaterThan(2000);
    expect(held / evaluated).toBeGreaterThanOrEqual(0.97);
  }, 240_000);
});
