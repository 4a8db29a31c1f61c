/**
 * Tables broken over pages, joined where the page geometry says so: a table that ends one page
 * and a table that opens the next with the same column rules are one table, whatever lines of
 * repeated banner (title, department line, 预算年度, 单位：万元, 续表) stand between them —
 * unless the new chunk opens with a header of its own (the next form of a series, 项目名称 …).
 * The continuation's repeated header rows are dropped; a row the page cut (its text running to
 * the cell edge above, words only below) is folded back into one row.
 */
import type { Table } from '../../schemas/document.js';
import { appendContinuation } from '../common/layout.js';
import { isColumnIndexRow, isNumericCell, tableToGrid } from '../common/table-grid.js';
import { CONTINUATION_LINE } from '../common/vocabulary.js';
import type { PageItem, PageLayout } from './page.js';

const COLUMN_TOLERANCE = 3;
const MAX_CAPTION_LINES = 6;

const squash = (t: string) => t.replace(/\s+/g, '');

type TableItem = Extract<PageItem, { kind: 'table' }>;

/**
 * Where each column rule of a chunk sits among the table's rules, when every one of them is one
 * of the table's (a chunk whose cells merge columns, 支出合计 across three, draws fewer rules);
 * null when the chunk has a rule the table has not.
 */
export function ruleIndices(tableXs: readonly number[], chunkXs: readonly number[], tolerance = COLUMN_TOLERANCE): number[] | null {
  const out: number[] = [];
  for (const x of chunkXs) {
    const i = tableXs.findIndex((t) => Math.abs(t - x) <= tolerance);
    if (i < 0) return null;
    out.push(i);
  }
  return out[0] === 0 && out[out.length - 1] === tableXs.length - 1 ? out : null;
}

/** The chunk's cells placed in the table's columns. */
export function placeColumns(chunk: Table, rules: readonly number[], nCols: number): Table {
  const cells = chunk.cells.map((c) => {
    const col = rules[c.col]!;
    return { ...c, col, colSpan: Math.max(1, rules[c.col + c.colSpan]! - col) };
  });
  return { ...chunk, cells, nCols, parts: chunk.parts.map((p) => ({ ...p, nCols })) };
}

/** A header row that numbers or labels the columns (栏次 1 2 3, 公式 A=B+C | B | C): pages need not repeat it. */
const isIndexRow = (row: readonly string[]) => {
  const cells = row.map(squash).filter((c) => c !== '');
  return isColumnIndexRow(row) || (cells.length >= 2 && cells.slice(/^(?:公式|栏次)$/.test(cells[0]!) ? 1 : 0).every((c) => /^(?:[A-Z](?:=[A-Z](?:[+\-－][A-Z])+)?|\d{1,2})$/.test(c)));
};

/**
 * How many leading rows of `next` repeat the header rows of `prev`: all of them, or all but the
 * rows that only number or label the columns (a continuation page repeats 地区 | 2023年债务限额 …
 * but not the 公式 A=B+C row under it); else none.
 */
export function repeatedHeaderRows(prev: Table, next: Table): number {
  const header = tableToGrid(prev).slice(0, prev.headerRows);
  const a = header.map((r) => r.map(squash).join('|'));
  const b = tableToGrid(next).map((r) => r.map(squash).join('|'));
  let n = 0;
  while (n < a.length && n < b.length && a[n] === b[n]) n++;
  if (a.length === 0 || n === 0) return 0;
  return n === a.length || header.slice(n).every(isIndexRow) ? n : 0;
}

/**
 * Whether a chunk opening a page carries on the table before it. Straight at the top of the page
 * it does. Under repeated caption lines it does too — when it repeats the table's header, or has
 * no header of its own, or opens differently from the table — unless it opens the way the table
 * opened (项目名称 …) with other content: that is the next form of a series printed one per page
 * (绩效目标表).
 */
export function continuesTable(prev: Table, chunk: Table, underCaptions: boolean): boolean {
  if (!underCaptions || repeatedHeaderRows(prev, chunk) > 0 || chunk.headerRows === 0) return true;
  const opens = squash(tableToGrid(chunk)[0]?.[0] ?? '');
  return opens === '' || opens !== squash(tableToGrid(prev)[0]?.[0] ?? '');
}

/**
 * Whether the chunk's first body row is the rest of the last row of the page before: words only,
 * each under text of that row, in at least one column under text that ran to its cell's edge, and
 * blank somewhere that row is filled (a row of its own would fill what its neighbour fills).
 */
export function isCutRow(prevEnded: ReadonlySet<number>, prevLastRow: readonly string[], chunk: Table, firstBody: number): boolean {
  const row = tableToGrid(chunk)[firstBody];
  if (!row) return false;
  const filled = row.map((c, col) => [c.trim(), col] as const).filter(([c]) => c !== '');
  return (
    filled.length > 0 &&
    filled.every(([c, col]) => !isNumericCell(c) && (prevLastRow[col] ?? '').trim() !== '') &&
    filled.some(([, col]) => prevEnded.has(col)) &&
    row.some((c, col) => c.trim() === '' && (prevLastRow[col] ?? '').trim() !== '')
  );
}

function asHeader(next: Table, headerRows: number): Table {
  return { ...next, headerRows, cells: next.cells.map((c) => ({ ...c, isHeader: c.row < headerRows })) };
}

interface OpenTable {
  item: TableItem;
  /** Lines printed right above the table where it began: a continuation may repeat them. */
  captions: Set<string>;
}

/** Joins page-broken tables; returns the pages with the continuations taken into their tables. */
export function joinPageBrokenTables(pages: readonly PageLayout[]): PageLayout[] {
  let open: OpenTable | null = null;
  return pages.map((page) => {
    const items: PageItem[] = [];
    const pending: PageItem[] = [];
    let atTop = true;
    // Whether the last thing on this page so far belongs to the open table.
    let endsInOpen = false;
    for (const item of page.items) {
      if (item.kind === 'line') {
        if (atTop && open && (open.captions.has(squash(item.line.text)) || CONTINUATION_LINE.test(item.line.text))) pending.push(item);
        else {
          atTop = false;
          items.push(...pending.splice(0), item);
          endsInOpen = false;
        }
        continue;
      }
      const rules = atTop && open ? ruleIndices(open.item.box.xs, item.box.xs) : null;
      if (open && rules && continuesTable(open.item.table, item.table, pending.length > 0)) {
        const placed = placeColumns(item.table, rules, open.item.table.nCols);
        const repeated = repeatedHeaderRows(open.item.table, placed);
        const chunk = asHeader(placed, repeated);
        // The page says whether a row was cut: text above running to the cell edge.
        const prevGrid = tableToGrid(open.item.table);
        const cut = isCutRow(open.item.openEnded, prevGrid[prevGrid.length - 1] ?? [], chunk, repeated);
        open.item.table = appendContinuation(open.item.table, chunk, cut);
        open.item.openEnded = new Set([...item.openEnded].map((col) => rules[col]!));
        pending.length = 0;
        endsInOpen = true;
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
      const copy: TableItem = { ...item };
      open = { item: copy, captions: new Set(above) };
      items.push(copy);
      endsInOpen = true;
    }
    if (pending.length > 0) {
      items.push(...pending);
      endsInOpen = false;
    }
    // A table stays open for the next page only if nothing follows it on this one.
    if (!endsInOpen) open = null;
    return { ...page, items };
  });
}
