/**
 * A clone of the repository alone, without ../shared beside it, must see `npm test` pass: every
 * test file that reads the corpus decides, by HAS_CORPUS, what it skips (saying so) or leaves
 * out without it. A new test that reads the corpus unguarded fails here rather than in a user's
 * fresh clone. (The whole suite was last run that way on 2026-12-08: it passes.)
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers.js';

function testFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? testFiles(join(dir, e.name)) : e.name.endsWith('.test.ts') ? [join(dir, e.name)] : []));
}

describe('without ../shared', () => {
  it('every test file that reads the corpus guards it with HAS_CORPUS', () => {
    const unguarded = testFiles(join(ROOT, 'test'))
      .filter((f) => {
        const source = readFileSync(f, 'utf8');
        return /\bCORPUS\b|corpusBytes\(|loadPanel\(/.test(source) && !/\bHAS_CORPUS\b/.test(source);
      })
      .map((f) => relative(ROOT, f));
    expect(unguarded).toEqual([]);
  });
});
