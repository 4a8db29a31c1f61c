/**
 * One page: glyphs and rules in, reading-order items out (text lines and tables), plus
 * everything the debug view draws. Pages are laid out one at a time so memory stays flat.
 */
import type { Table } from '../../schemas/document.js';
import type { Glyph } from './glyphs.js';
import { assignGlyphs, cellText, tableOfGrid } from './cells.js';
import { findLattices, LATTICE_SETTINGS, type LatticeGrid, type LatticeSettings } from './lattice.js';
import { linesOf, type TextLine } from './lines.js';
import { columnBounds, STREAM_SETTINGS, streamGrid, tableRuns, type StreamSettings } from './stream.js';
import { splitTextRows, TEXT_ROW_SETTINGS } from './text-rows.js';
import type { PageRules } from './rules.js';
import type { Box } from './geometry.js';

/** Where a table sits on its page and its column rules: what joining page-broken tables compares. */
export interface TableFrame extends Box {
  xs: readonly number[];
}

export type PageItem =
  | { kind: 'line'; line: TextLine }
  | {
      kind: 'table';
      table: Table;
      box: TableFrame;
      /** Columns whose text in the last row runs to the cell's right edge: a row the page cut may go on. */
      openEnded: ReadonlySet<number>;
    };

export interface PageLayout {
  page: number;
  width: number;
  height: number;
  glyphCount: number;
  rules: PageRules;
  /** The tables' grids with their cells (for the debug view). */
  grids: LatticeGrid[];
  /** The text of each grid's cells, by grid and cell index (for the debug view). */
  cellTexts: string[][];
  /** Lines and tables top to bottom; page numbers and running furniture removed. */
  items: PageItem[];
  /** Lines dropped as page furniture (page numbers). */
  furniture: TextLine[];
  /** The page paints an image (the text pass notes images without decoding them): without text, a scan. */
  paintsImage?: boolean;
  /** For a page read by OCR: the lines it read (points) and, for the debug view, the page image. */
  ocr?: { lines: { x0: number; x1: number; top: number; bottom: number; text: string; confidence: number }[]; image?: string };
}

export interface PageSettings {
  lattice: LatticeSettings;
  stream: StreamSettings;
  /** Share of the page height at the top and bottom where page numbers live. */
  furnitureMargin: number;
}

// GB/T 9704 公文 print "— 3 —" some 12 % above the page foot.
export const PAGE_SETTINGS: PageSettings = { lattice: LATTICE_SETTINGS, stream: STREAM_SETTINGS, furnitureMargin: 0.16 };

const PAGE_NUMBER = /^(?:[-—–－]\s*\d{1,4}\s*[-—–－]|第\s*\d{1,4}\s*页(?:\s*[,，]?\s*共\s*\d{1,4}\s*页)?|\d{1,4}\s*\/\s*\d{1,4}|\d{1,4})$/;

export function isPageFurniture(line: TextLine, pageHeight: number, margin: number): boolean {
  const inMargin = line.bottom < pageHeight * margin || line.top > pageHeight * (1 - margin);
  return inMargin && PAGE_NUMBER.test(line.text.replace(/\s+/g, ''));
}

/** The columns of a grid's bottom row whose last line of text reaches the cell's right edge. */
export function openEndedColumns(grid: LatticeGrid, glyphsPerCell: readonly Glyph[][]): Set<number> {
  const out = new Set<number>();
  const bottom = grid.cellAt[grid.ys.length - 2] ?? [];
  for (const index of new Set(bottom)) {
    const cell = grid.cells[index];
    const glyphs = glyphsPerCell[index] ?? [];
    if (!cell) continue;
    const last = linesOf(glyphs).pop();
    if (last && last.x1 >= cell.x1 - Math.max(4, 1.5 * last.size)) out.add(cell.col);
  }
  return out;
}

const frameOf = (grid: LatticeGrid): TableFrame => ({ x0: grid.x0, x1: grid.x1, top: grid.top, bottom: grid.bottom, xs: grid.xs });

/**
 * The page with only what assembling the document reads (its lines' text and boxes, its tables
 * and their frames): the rules, grids, glyphs and furniture the debug view draws are dropped.
 * A long document keeps every page until its tables are joined and its paragraphs flowed, and
 * those were four fifths of what a page held.
 */
export function forAssembly(layout: PageLayout): PageLayout {
  const lineOnly = (line: TextLine): TextLine => ({ ...line, segments: line.segments.map((s) => ({ x0: s.x0, x1: s.x1, top: s.top, bottom: s.bottom, text: s.text, glyphs: [] })) });
  const { ocr: _drawnOnly, ...kept } = layout;
  return {
    ...kept,
    rules: { edges: [], shading: [] },
    grids: [],
    cellTexts: [],
    items: layout.items.map((i) => (i.kind === 'line' ? { kind: 'line', line: lineOnly(i.line) } : i)),
    furniture: [],
  };
}

export function layoutPage(page: number, width: number, height: number, glyphs: readonly Glyph[], rules: PageRules, settings: PageSettings = PAGE_SETTINGS): PageLayout {
  const grids = findLattices(rules.edges, settings.lattice).map((g) => splitTextRows(g, glyphs, TEXT_ROW_SETTINGS, settings.lattice));
  const { perCell, outside } = assignGlyphs(grids, glyphs);
  const items: PageItem[] = [];
  const cellTexts = perCell.map((cells) => cells.map(cellText));
  grids.forEach((grid, t) => {
    const table = tableOfGrid(grid, cellTexts[t]!, page);
    if (table) items.push({ kind: 'table', table, box: frameOf(grid), openEnded: openEndedColumns(grid, perCell[t]!) });
  });
  const furniture: TextLine[] = [];
  const lines: TextLine[] = [];
  for (const line of linesOf(outside)) {
    if (isPageFurniture(line, height, settings.furnitureMargin)) furniture.push(line);
    else lines.push(line);
  }
  let next = 0;
  for (const [start, end] of tableRuns(lines, settings.stream)) {
    for (; next < start; next++) items.push({ kind: 'line', line: lines[next]! });
    const run = lines.slice(start, end);
    const { grid, texts } = streamGrid(run, columnBounds(run));
    const table = tableOfGrid(grid, texts, page);
    if (table) {
      grids.push(grid);
      cellTexts.push(texts);
      items.push({ kind: 'table', table, box: frameOf(grid), openEnded: new Set() });
    } else for (const line of run) items.push({ kind: 'line', line });
    next = end;
  }
  for (; next < lines.length; next++) items.push({ kind: 'line', line: lines[next]! });
  const topOf = (i: PageItem) => (i.kind === 'line' ? i.line.top : i.box.top);
  items.sort((a, b) => topOf(a) - topOf(b));
  return { page, width, height, glyphCount: glyphs.filter((g) => g.text !== ' ').length, rules, grids, cellTexts, items, furniture };
}
