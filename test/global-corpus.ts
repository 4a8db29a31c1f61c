/**
 * vitest's global setup: says once, at the start, when ../shared/corpus is not beside the
 * repository. The tests that read it then skip (vitest lists them as skipped), and those that
 * run on the samples as well leave out what only the corpus can show.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export function setup(): void {
  const corpus = join(import.meta.dirname, '..', '..', 'shared', 'corpus');
  if (!existsSync(join(corpus, 'MANIFEST.tsv'))) {
    process.stderr.write(`\nfiscal-extract tests: no corpus at ${corpus}; the tests that read it are skipped (the samples are still tested)\n\n`);
  }
}
