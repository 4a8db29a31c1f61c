/**
 * The dataset against the hand gold of test/fixtures/gold (figures read off the documents by
 * people, never produced by this code): every document field, headline fact and line item the
 * gold lists, as a user would read it back from SQLite. Prints the rate, held-out documents
 * apart; fails below 98 % exact, or on any wrong value stored as verified in an `ok` document.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ingestFile } from '../src/pipeline/ingest.js';
import { openDatabase } from '../src/store/db.js';
// @ts-expect-error: a plain ES module shared with scripts/eval.mjs
import { loadGold, scoreDocument } from '../scripts/gold.mjs';
import { CORPUS, HAS_CORPUS, ROOT, tempDir } from './helpers.js';

interface Score {
  id: string;
  set: string;
  status: string;
  exact: number;
  total: number;
  wrongVerified: number;
  checks: { what: string; expected: string; got: string | null; outcome: string; wrongVerified: boolean }[];
}

const EXTENSIONS = ['pdf', 'docx', 'html', 'xlsx', 'txt', 'doc', 'xls', 'jsp'];

describe.skipIf(!HAS_CORPUS)('the dataset against hand gold', () => {
  it('gets at least 98 % of the hand-checked figures exact and stores no wrong one as verified in an ok document', async () => {
    const golds = loadGold(join(ROOT, 'test', 'fixtures', 'gold')) as { id: string }[];
    expect(golds.length).toBeGreaterThanOrEqual(25);
    const db = openDatabase(join(tempDir(), 'gold.db'));
    const scores: Score[] = [];
    for (const gold of golds) {
      const path = EXTENSIONS.map((e) => join(CORPUS, `${gold.id}.${e}`)).find(existsSync);
      expect(path, gold.id).toBeDefined();
      const result = await ingestFile({ path: path! }, { db });
      scores.push(scoreDocument(db, result.id, gold) as Score);
    }
    db.close();
    const sum = (list: Score[], f: (s: Score) => number) => list.reduce((n, s) => n + f(s), 0);
    const report = (name: string, list: Score[]) =>
      `${name}: ${sum(list, (s) => s.exact)}/${sum(list, (s) => s.total)} exact over ${list.length} documents, ${sum(list, (s) => s.wrongVerified)} wrong value(s) stored verified`;
    console.log(['hand gold', report('held out', scores.filter((s) => s.set === 'held_out')), report('dev', scores.filter((s) => s.set !== 'held_out')), report('all', scores)].join('\n  '));
    const misses = scores.flatMap((s) => s.checks.filter((c) => c.outcome !== 'exact').map((c) => `${s.id} ${c.outcome} ${c.what}: gold ${c.expected}, got ${c.got ?? '—'}`));
    if (misses.length > 0) console.log(`not exact:\n  ${misses.join('\n  ')}`);

    const wrongInOk = scores.flatMap((s) => (s.status === 'ok' ? s.checks.filter((c) => c.wrongVerified).map((c) => `${s.id} ${c.what}`) : []));
    expect(wrongInOk).toEqual([]);
    expect(sum(scores, (s) => s.exact) / sum(scores, (s) => s.total)).toBeGreaterThanOrEqual(0.98);
  }, 300_000);
});
