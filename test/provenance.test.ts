/**
 * Every table figure leads to the cell it was printed in, and a PDF cell to its box on the page:
 * what the review pages draw. Sample 002's summary table is printed on page 4.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ingestFile } from '../src/pipeline/ingest.js';
import { openDatabase } from '../src/store/db.js';
import { SAMPLES, tempDir } from './helpers.js';

describe('provenance to the box', () => {
  it('points each table fact and line item at its cell, and the cell at its page box', async () => {
    const db = openDatabase(join(tempDir(), 'p.db'));
    try {
      const r = await ingestFile({ path: join(SAMPLES, '002-luquan-2024-budget.pdf') }, { db });
      const fact = db.prepare(`SELECT f.page, c.page AS cell_page, c.text, c.x0, c.y0, c.x1, c.y1 FROM facts f
        JOIN cells c ON c.table_id = f.table_id AND c.row = f.cell_row AND c.col = f.cell_col
        WHERE f.doc_id = ? AND f.key = 'income_total' AND f.source = 'table'`).get(r.id) as Record<string, number | string>;
      expect(fact).toMatchObject({ page: 4, cell_page: 4, text: '11897.36' });
      expect(Number(fact.x1) - Number(fact.x0)).toBeGreaterThan(20);
      expect(Number(fact.y1) - Number(fact.y0)).toBeGreaterThan(5);
      const items = db.prepare(`SELECT count(*) AS n, sum(c.x0 IS NOT NULL AND c.text = l.raw) AS boxed FROM line_items l
        JOIN cells c ON c.table_id = l.table_id AND c.row = l.row AND c.col = l.col WHERE l.doc_id = ?`).get(r.id) as { n: number; boxed: number };
      expect(items.n).toBeGreaterThan(300);
      expect(items.boxed).toBe(items.n);
      // A prose figure points at the paragraph that prints it, inside the page.
      const prose = db.prepare(`SELECT page, x0, y0, x1, y1, raw FROM facts WHERE doc_id = ? AND source = 'narrative' AND key = 'three_public_total'`).get(r.id) as { [k: string]: number };
      expect(prose.page).toBeGreaterThan(0);
      expect(prose.x1! - prose.x0!).toBeGreaterThan(50);
      expect(prose.y0).toBeGreaterThan(0);
      expect(prose.y1).toBeLessThan(842);
      const unplaced = db.prepare(`SELECT count(*) AS n FROM facts WHERE doc_id = ? AND source = 'narrative' AND x0 IS NULL`).get(r.id) as { n: number };
      const placed = db.prepare(`SELECT count(*) AS n FROM facts WHERE doc_id = ? AND source = 'narrative' AND x0 IS NOT NULL`).get(r.id) as { n: number };
      expect(placed.n).toBeGreaterThan(unplaced.n * 4);
    } finally {
      db.close();
    }
  });
});
