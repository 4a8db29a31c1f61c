/**
 * The government-level documents of ../shared/corpus against two sources independent of us: the
 * regional panel a data team published from rg001–rg042 (regional-panel.tsv, 亿元 at 2 decimals),
 * and the figures of seven budget execution reports' prose typed by hand
 * (test/fixtures/regional-prose-gold). Skipped when the corpus is absent.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestFiles } from '../src/pipeline/ingest.js';
import { openDatabase, type Db } from '../src/store/db.js';
// @ts-expect-error: a plain ES module shared with scripts/eval.mjs
import { loadPanel, loadProseGold, scorePanel, scoreProse } from '../scripts/regional-score.mjs';
import { CORPUS, HAS_CORPUS, ROOT, tempDir } from './helpers.js';

const pct = (a: number, b: number) => `${((100 * a) / b).toFixed(1)} %`;

describe.skipIf(!HAS_CORPUS)('government-level documents of the corpus', () => {
  const panel = loadPanel(CORPUS) as { id: string }[];
  const golds = loadProseGold(join(ROOT, 'test', 'fixtures', 'regional-prose-gold')) as { file: string }[];
  const files = [...new Set([...panel.map((f) => `${f.id}.pdf`), ...golds.map((g) => g.file)])];
  let db: Db;
  const ids = new Map<string, string>();
  const docOf = (id: string) => ids.get(id);

  beforeAll(async () => {
    db = openDatabase(join(tempDir(), 'regional.db'));
    const results = await ingestFiles(files.map((f) => ({ path: join(CORPUS, f) })), { db });
    for (const r of results) ids.set(r.source.split('/').pop()!.replace(/\.[^.]+$/, ''), r.id);
  }, 600_000);
  afterAll(() => db?.close());

  it('finds at least 98 % of the regional panel’s figures, and stores none of them wrong as verified', () => {
    const score = scorePanel(db, docOf, panel);
    console.log(`regional panel: ${score.found}/${score.total} (${pct(score.found, score.total)}); not found:\n  ${score.missed.join('\n  ')}`);
    expect(score.wrongVerified).toEqual([]);
    expect(score.found / score.total).toBeGreaterThanOrEqual(0.98);
  });

  it('fails no government-level document, nor stores one with an internal error', () => {
    const failed = db.prepare("SELECT source, error FROM documents WHERE status = 'failed' OR error LIKE '%internal error%'").all();
    expect(failed).toEqual([]);
  });

  it('reads the prose of budget execution reports as typed by hand, and stores no figure the gold contradicts as verified', () => {
    const score = scoreProse(db, docOf, golds);
    console.log(`prose gold: ${score.found}/${score.total} (${pct(score.found, score.total)}): ${[...score.byDoc].map(([id, d]: [string, { found: number; total: number }]) => `${id} ${d.found}/${d.total}`).join(', ')}`);
    expect(score.contradicted).toEqual([]);
    // rg036's text layer is unreadable (its characters map to no text), so its 47 figures cannot be found.
    expect(score.found / score.total).toBeGreaterThanOrEqual(0.6);
  });
});
