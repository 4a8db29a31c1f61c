/**
 * Property tests of the pure stages (fast-check): whatever text a cell holds, no exception
 * escapes, and what comes back keeps its invariants.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { tableFromRows, tableToGrid } from '../../extractors/common/table-grid.js';
import { parseAmount, parseNumber } from '../../src/domain/amounts.js';
import { headerPaths, bodyRows } from '../../src/domain/header-paths.js';
import { continuesTable } from '../../src/domain/budget/index.js';
import { normaliseFigure } from '../../extractors/pdf/ocr/glyphs.js';

const RUNS = Number(process.env['FUZZ_RUNS'] ?? 300);
const cellText = fc.oneof(fc.string(), fc.constantFrom('合计', '1,234.56', '-', '—', '１２３', '1.2.3', '(12.00)', '12万', ''), fc.double({ noNaN: true }).map(String));

describe('amounts', () => {
  it('parses any text without throwing; an amount is an exact whole number of 分 that round-trips printed 元', () => {
    fc.assert(fc.property(cellText, fc.constantFrom('元' as const, '万元' as const), (raw, unit) => {
      const p = parseAmount(raw, unit);
      expect(['empty', 'text', 'amount', 'out_of_range']).toContain(p.kind);
      // An amount is stored exactly or not at all: digits past 2^53 分 are out of range, never rounded.
      if (p.kind === 'amount') expect(Number.isSafeInteger(p.fen)).toBe(true);
      parseNumber(raw);
    }), { numRuns: RUNS });
    fc.assert(fc.property(fc.integer({ min: -1e12, max: 1e12 }), (fen) => {
      const printed = `${fen < 0 ? '-' : ''}${Math.floor(Math.abs(fen) / 100).toLocaleString('en-US')}.${String(Math.abs(fen) % 100).padStart(2, '0')}`;
      expect(parseAmount(printed, '元')).toMatchObject({ kind: 'amount', fen, exact: true });
    }), { numRuns: RUNS });
  });

  it('normalises OCR figures only into figures', () => {
    fc.assert(fc.property(fc.string(), (t) => {
      const f = normaliseFigure(t);
      if (f !== null) expect(f).toMatch(/^[-0-9,.%]+$/);
    }), { numRuns: RUNS });
  });
});

describe('tables', () => {
  const rows = fc.array(fc.array(cellText, { maxLength: 8 }), { maxLength: 12 });
  it('builds a grid from any rows whose cells stay inside it, and reads header paths and body rows of it', () => {
    fc.assert(fc.property(rows, (r) => {
      const t = tableFromRows(r, { prov: {} });
      for (const c of t.cells) {
        expect(c.row + c.rowSpan).toBeLessThanOrEqual(t.nRows);
        expect(c.col + c.colSpan).toBeLessThanOrEqual(t.nCols);
      }
      const grid = tableToGrid(t);
      expect(grid.length).toBe(t.nRows);
      expect(headerPaths(t).length).toBeLessThanOrEqual(t.nCols);
      for (const b of bodyRows(t)) expect(b.row).toBeGreaterThanOrEqual(t.headerRows);
    }), { numRuns: RUNS });
  });

  it('decides continuation between any two tables without throwing', () => {
    fc.assert(fc.property(rows, rows, (a, b) => {
      const result = continuesTable(tableFromRows(a, { prov: {} }), tableFromRows(b, { prov: {} }), null);
      expect(typeof result).toBe('boolean');
    }), { numRuns: RUNS });
  });
});
