/**
 * Tables broken over pages, joined where the page geometry says so: a table that ends one page
 * and a table that opens the next with the same column rules are one table, whatever lines of
 * repeated banner (title, department line, 预算年度, 单位：万元, 续表) stand between them.
 * The continuation's repeated header rows are dropped; a row that broke over the page is folded
 * into the row it belongs to (appendContinuation).
 */
import type { Table } from '../../schemas/document.js';
import { appendContinuation } from '../common/layout.js';
import { tableToGrid } from '../common/table-grid.js';
import type { LatticeGrid } from './lattice.js';
import type { PageItem, PageLayout } from './page.js';

const COLUMN_TOLERANCE = 3;
const MAX_CAPTION_LINES = 6;
const BANNER = /(?:单位\s*[:：]|^(?:主管部门|编制单位|填报单位|单位名称|部门名称|部门|预算年度|年度)\s*[:：]|^\d{3,}\s*\S+|^[（(]?续(?:表|上表|前表)?[）)]?$|接上页)/;

const squash = (t: string) => t.replace(/\s+/g, '');

/** Same column rules, give or take a hairline. */
export function sameColumns(a: readonly number[], b: readonly number[], tolerance = COLUMN_TOLERANCE): boolean {
  return a.length === b.length && a.every((x, i) => Math.abs(x - b[i]!) <= tolerance);
}

/** How many leading rows of `next` repeat the header rows of `prev`. */
export function repeatedHeaderRows(prev: Table, next: Table): number {
  const a = tableToGrid(prev).slice(0, prev.headerRows).map((r) => r.map(squash).join('|'));
  const b = tableToGrid(next).map((r) => r.map(squash).join('|'));
  let n = 0;
  while (n < a.length && n < b.length && a[n] === b[n]) n++;
  return n === a.length ? n : 0;
}

interface OpenTable {
  item: Extract<PageItem, { kind: 'table' }>;
  grid: LatticeGrid;
  /** Lines printed right above the table where it began: a continuation may repeat them. */
  captions: Set<string>;
}

function asHeader(next: Table, headerRows: number): Table {
  return { ...next, headerRows, cells: next.cells.map((c) => ({ ...c, isHeader: c.row < headerRows })) };
}

/** Joins page-broken tables in place; returns the pages with the continuations removed. */
export function joinPageBrokenTables(pages: readonly PageLayout[]): PageLayout[] {
  let open: OpenTable | null = null;
  return pages.map((page) => {
    const items: PageItem[] = [];
    const pending: PageItem[] = [];
    let atTop = true;
    for (const item of page.items) {
      if (item.kind === 'line') {
        if (atTop && open && (open.captions.has(squash(item.line.text)) || BANNER.test(item.line.text))) pending.push(item);
        else {
          atTop = false;
          items.push(...pending.splice(0), item);
        }
        continue;
      }
      const grid = item.box;
      if (atTop && open && sameColumns(open.grid.xs, grid.xs)) {
        open.item.table = appendContinuation(open.item.table, asHeader(item.table, repeatedHeaderRows(open.item.table, item.table)));
        pending.length = 0;
        continue;
      }
      atTop = false;
      items.push(...pending.splice(0));
      const above: string[] = [];
      for (let k = items.length - 1; k >= 0 && above.length < MAX_CAPTION_LINES; k--) {
        const prev = items[k]!;
        if (prev.kind !== 'line') break;
        above.push(squash(prev.line.text));
      }
      open = { item, grid, captions: new Set(above) };
      items.push(item);
    }
    items.push(...pending);
    // A table stays open for the next page only if nothing follows it on this one.
    if (items[items.length - 1]?.kind !== 'table') open = null;
    return { ...page, items };
  });
}
