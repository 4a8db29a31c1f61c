/**
 * Walking an HTML subtree into the flow of text lines and tables the layout stages read.
 * Block elements and <br> end a line; inline elements join; data tables keep their spans.
 */
import type { CheerioAPI } from 'cheerio';
import type { AnyNode, Element } from 'domhandler';
import type { Table } from '../../schemas/document.js';
import type { FlowItem } from '../common/layout.js';
import { normalizeText } from '../common/normalize.js';
import { detectHeaderRows, tableFromSpannedCells, type SpannedCell } from '../common/table-grid.js';
import { isChromeElement, isDataTable, isElement } from './content.js';

const BLOCK_TAGS = new Set([
  'p', 'div', 'section', 'article', 'main', 'blockquote', 'pre', 'ul', 'ol', 'li', 'dl', 'dt', 'dd',
  'center', 'figure', 'figcaption', 'address', 'hr', 'form', 'fieldset', 'tr', 'td', 'th', 'tbody', 'thead', 'tfoot', 'caption', 'body', 'html',
]);
const HEADING_TAG = /^h([1-6])$/;

interface Walker {
  $: CheerioAPI;
  /** A subtree to leave out (the article, when reading what surrounds it). */
  skip: Element | undefined;
  flow: FlowItem[];
  line: string;
  linePath: string | null;
  lineLevel: number | undefined;
}

function flush(w: Walker): void {
  const text = w.line.replace(/\s+/g, ' ').trim();
  if (text !== '' && w.linePath !== null) {
    w.flow.push(w.lineLevel === undefined ? { kind: 'text', text, prov: { path: w.linePath } } : { kind: 'text', text, prov: { path: w.linePath }, markupLevel: w.lineLevel });
  }
  w.line = '';
  w.linePath = null;
  w.lineLevel = undefined;
}

function childPath(parentPath: string, el: Element, index: number): string {
  const cls = (el.attribs['class'] ?? '').trim().split(/\s+/)[0];
  return `${parentPath}>${el.tagName}${cls ? `.${cls}` : ''}[${index}]`;
}

function walkChildren(w: Walker, parent: Element, path: string): void {
  const counts = new Map<string, number>();
  for (const node of parent.children) {
    if (isElement(node)) {
      const n = counts.get(node.tagName) ?? 0;
      counts.set(node.tagName, n + 1);
      walkNode(w, node, childPath(path, node, n));
    } else walkNode(w, node, path);
  }
}

function walkNode(w: Walker, node: AnyNode, path: string): void {
  if (node.type === 'text') {
    const data = (node as { data: string }).data;
    if (data.trim() !== '' && w.linePath === null) w.linePath = path;
    w.line += data;
    return;
  }
  if (!isElement(node) || node === w.skip || isLinkChrome(w.$, node)) return;
  const tag = node.tagName;
  if (tag === 'br') {
    flush(w);
    return;
  }
  if (tag === 'table' && isDataTable(w.$, node)) {
    flush(w);
    w.flow.push({ kind: 'table', table: readTable(w.$, node, path) });
    return;
  }
  const heading = HEADING_TAG.exec(tag);
  if (heading) {
    flush(w);
    w.lineLevel = Number(heading[1]);
    w.linePath = path;
    walkChildren(w, node, path);
    flush(w);
    return;
  }
  const block = BLOCK_TAGS.has(tag) || tag === 'table';
  if (block) flush(w);
  if (tag === 'li') w.line += listMarker(node);
  walkChildren(w, node, path);
  if (block) flush(w);
}

/** The marker a browser draws before a list item ("• ", "3. "), which is part of the text as read. */
function listMarker(li: Element): string {
  const list = li.parent && isElement(li.parent) ? li.parent : null;
  if (list?.tagName !== 'ol') return '• ';
  const start = Number.parseInt(list.attribs['start'] ?? '1', 10);
  const index = list.children.filter((c) => isElement(c) && c.tagName === 'li').indexOf(li);
  return `${(Number.isFinite(start) ? start : 1) + index}. `;
}

/** The lines and tables under `root`, in document order. */
export function walkFlow($: CheerioAPI, root: Element, rootPath: string, skip?: Element): FlowItem[] {
  const w: Walker = { $, skip, flow: [], line: '', linePath: null, lineLevel: undefined };
  walkChildren(w, root, rootPath);
  flush(w);
  return w.flow.map((item) => (item.kind === 'text' ? { ...item, text: normalizeText(item.text) } : item));
}

/**
 * Furniture inside the article — a share bar, a breadcrumb — is named like it and made of
 * links. A <span class="font14"> or <p class="bottom"> of report text is kept.
 */
function isLinkChrome($: CheerioAPI, el: Element): boolean {
  if (!isChromeElement(el)) return false;
  const text = $(el).text().replace(/\s+/g, '').length;
  const links = $(el).find('a').text().replace(/\s+/g, '').length;
  return text === 0 || links / text >= 0.5;
}

/** A cell's text with its own line breaks (<br>, <p>) kept as \n. */
function cellText($: CheerioAPI, cell: Element): string {
  if (cell.children.every((c) => c.type === 'text')) return cell.children.map((c) => (c as { data: string }).data).join('').replace(/\s+/g, ' ').trim();
  const lines = walkFlow($, cell, '').flatMap((i) => (i.kind === 'text' ? [i.text] : []));
  return lines.join('\n');
}

function spanOf(el: Element, attr: 'rowspan' | 'colspan'): number {
  const n = Number.parseInt(el.attribs[attr] ?? '1', 10);
  return Number.isFinite(n) && n > 0 ? Math.min(n, 1000) : 1;
}

/**
 * Cells placed on the grid as browsers do: a cell goes to the first column not covered by a
 * rowspan from above. Coverage is kept per column (the row it is covered until), so placing is
 * linear in the cells however large the spans.
 */
export function readTable($: CheerioAPI, table: Element, path: string): Table {
  const rows = $(table).find('tr').toArray() as Element[];
  const coveredUntil: number[] = [];
  const cells: SpannedCell[] = [];
  let nCols = 0;
  let headRows = 0;
  rows.forEach((tr, r) => {
    let col = 0;
    if (tr.parent && isElement(tr.parent) && tr.parent.tagName === 'thead') headRows = r + 1;
    for (const td of $(tr).children('td, th').toArray() as Element[]) {
      while ((coveredUntil[col] ?? 0) > r) col++;
      const rowSpan = Math.min(spanOf(td, 'rowspan'), rows.length - r);
      const colSpan = spanOf(td, 'colspan');
      cells.push({ row: r, col, rowSpan, colSpan, text: normalizeText(cellText($, td)).trim() });
      for (let j = 0; j < colSpan; j++) coveredUntil[col + j] = r + rowSpan;
      col += colSpan;
      nCols = Math.max(nCols, col);
    }
  });
  const grid = rows.map(() => Array<string>(nCols).fill(''));
  for (const c of cells) grid[c.row]![c.col] = c.text;
  const headerRows = headRows > 0 ? headRows : detectHeaderRows(grid);
  return tableFromSpannedCells(cells, rows.length, nCols, headerRows, { prov: { path } });
}
