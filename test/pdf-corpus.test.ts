/**
 * The PDFs of ../shared/corpus: every file with a text layer ingests without failing, scanned ones
 * are read by OCR, corrupt ones fail with their reason. Skipped when the corpus is absent.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ingestFiles } from '../src/pipeline/ingest.js';
import { openDatabase } from '../src/store/db.js';
import { CORPUS, HAS_CORPUS, tempDir } from './helpers.js';

interface ManifestPdf {
  id: string;
  layer: string;
  pages: number;
}

function manifestPdfs(): ManifestPdf[] {
  if (!HAS_CORPUS) return [];
  const [head, ...rows] = readFileSync(join(CORPUS, 'MANIFEST.tsv'), 'utf8').trim().split('\n');
  const cols = head!.split('\t');
  return rows
    .map((r) => Object.fromEntries(r.split('\t').map((v, i) => [cols[i], v])) as Record<string, string>)
    .filter((r) => r.ext === 'pdf')
    .map((r) => ({ id: r.id!, layer: /layer=(\w+)/.exec(r.notes ?? '')?.[1] ?? '?', pages: Number(/pages=(\d+)/.exec(r.notes ?? '')?.[1] ?? 0) }));
}

describe.skipIf(!HAS_CORPUS)('corpus PDFs', () => {
  const pdfs = manifestPdfs();

  it('ingests every PDF with a text layer, reads the scanned ones by OCR, and fails corrupt ones with the reason', { timeout: 900_000 }, async () => {
    const db = openDatabase(join(tempDir(), 'corpus.db'));
    try {
      const results = await ingestFiles(pdfs.map((p) => ({ path: join(CORPUS, `${p.id}.pdf`) })), { db });
      const byId = new Map(results.map((r) => [r.source.split('/').pop()!.replace(/\.pdf$/, ''), r]));
      for (const p of pdfs.filter((x) => x.layer === 'text')) {
        expect({ id: p.id, status: byId.get(p.id)?.status, error: byId.get(p.id)?.status === 'failed' ? byId.get(p.id)?.error : null }).toEqual({ id: p.id, status: expect.stringMatching(/^(ok|partial)$/), error: null });
        const stored = db.prepare('SELECT pages FROM documents WHERE id = ?').get(byId.get(p.id)!.id) as { pages: number };
        expect({ id: p.id, pages: stored.pages }).toEqual({ id: p.id, pages: p.pages });
      }
      const scans = pdfs.filter((x) => x.layer === 'scan' && x.pages > 0);
      expect(scans.length).toBeGreaterThanOrEqual(3);
      for (const p of scans) {
        expect({ id: p.id, status: byId.get(p.id)?.status }).toEqual({ id: p.id, status: expect.stringMatching(/^(ok|partial)$/) });
        const read = db.prepare('SELECT count(*) AS n FROM ocr_pages WHERE doc_id = ?').get(byId.get(p.id)!.id) as { n: number };
        expect({ id: p.id, ocrPages: read.n }).toEqual({ id: p.id, ocrPages: p.pages });
      }
      for (const p of pdfs.filter((x) => x.layer === 'scan' && x.pages === 0)) {
        expect(byId.get(p.id)).toMatchObject({ status: 'failed', error: expect.stringContaining('corrupt or truncated') });
      }
    } finally {
      db.close();
    }
  });
});
