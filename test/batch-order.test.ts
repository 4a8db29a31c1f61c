/**
 * The order a batch parses in: costliest first, so a big file found last in a folder does not
 * leave the other parser threads idle at the end of the batch.
 */
import { symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ingestFiles } from '../src/pipeline/ingest.js';
import { expandInputs } from '../src/pipeline/inputs.js';
import { CONVERSION_COST_BYTES, estimatedCost, planBatch } from '../src/pipeline/order.js';
import { openDatabase } from '../src/store/db.js';
import { seedBytes, tempDir } from './helpers.js';

describe('the order a batch parses in', () => {
  it('charges DOC and XLS for their conversion, whatever their size', () => {
    expect(estimatedCost('a/b.pdf', 5000)).toBe(5000);
    expect(estimatedCost('a/b.DOC', 5000)).toBe(5000 + CONVERSION_COST_BYTES);
    expect(estimatedCost('a/b.xls', 10)).toBeGreaterThan(estimatedCost('a/c.xlsx', 900_000));
  });

  it('takes the largest files first, ties in input order, and a missing file last', async () => {
    const dir = tempDir();
    // Seed sizes: 001 7 KB, 004 15 KB, 000 17 KB, 003 25 KB, 002 85 KB.
    for (const [name, seed] of [['a', '001'], ['b', '002'], ['c', '004'], ['d', '002'], ['e', '003']] as const) writeFileSync(join(dir, `${name}.txt`), seedBytes(seed));
    const files = [...(await expandInputs([dir])), { path: join(dir, 'gone.txt') }];
    const { order, costs } = await planBatch(files);
    expect(costs.at(-1)).toBe(0);
    expect(order.map((i) => files[i]!.path.slice(dir.length + 1))).toEqual(['b.txt', 'd.txt', 'e.txt', 'c.txt', 'a.txt', 'gone.txt']);
  });

  it('parses the biggest file of a folder first and still returns the results in input order', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'a-small.txt'), seedBytes('001'));
    writeFileSync(join(dir, 'b-medium.txt'), seedBytes('003'));
    writeFileSync(join(dir, 'c-large.txt'), seedBytes('002'));
    // The same bytes as c-large under a name before it: c-large is still the one parsed, run after run.
    symlinkSync(join(dir, 'c-large.txt'), join(dir, 'c-copy.txt'));
    const finished: string[] = [];
    const db = openDatabase(join(tempDir(), 'f.db'));
    const results = await ingestFiles(await expandInputs([dir]), { db, concurrency: 1, onResult: (r) => finished.push(r.source.slice(dir.length + 1)) });
    expect(finished).toEqual(['c-copy.txt', 'c-large.txt', 'b-medium.txt', 'a-small.txt']);
    expect(results.map((r) => [r.source.slice(dir.length + 1), r.outcome === 'skipped' ? 'skipped' : 'parsed'])).toEqual([
      ['a-small.txt', 'parsed'],
      ['b-medium.txt', 'parsed'],
      ['c-copy.txt', 'parsed'],
      ['c-large.txt', 'skipped'],
    ]);
    db.close();
  });
});
