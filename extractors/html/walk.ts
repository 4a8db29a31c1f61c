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
  if (!isElement(node) || isChromeElement(node)) return;
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
export function walkFlow($: CheerioAPI, root: Element, rootPath: string): FlowItem[] {
  const w: Walker = { $, flow: [], line: '', linePath: null, lineLevel: undefined };
  walkChildren(w, root, rootPath);
  flush(w);
  return w.flow.map((item) => (item.kind === 'text' ? { ...item, text: normalizeText(item.text) } : item));
}

/** A cell's text with its own line breaks (<br>, <p>) kept as \n. */
function cellText($: CheerioAPI, cell: Element): string {
  const lines = walkFlow($, cell, '').flatMap((i) => (i.kind === 'text' ? [i.text] : []));
  return lines.join('\n');
}

function spanOf(el: Element, attr: 'rowspan' | 'colspan'): number {
  const n = Number.parseInt(el.attribs[attr] ?? '1', 10);
  return Number.isFinite(n) && n > 0 ? Math.min(n, 1000) : 1;
}

export function readTable($: CheerioAPI, table: Element, path: string): Table {
  const rows = $(table).find('tr').toArray() as Element[];
  const taken = new Set<string>();
  const cells: SpannedCell[] = [];
  let nCols = 0;
  let headRows = 0;
  rows.forEach((tr, r) => {
    let col = 0;
    const rowCells = $(tr).children('td, th').toArray() as Element[];
    if (tr.parent && isElement(tr.parent) && tr.parent.tagName === 'thead') headRows = r + 1;
    for (const td of rowCells) {
      while (taken.has(`${r},${col}`)) col++;
      const rowSpan = Math.min(spanOf(td, 'rowspan'), rows.length - r);
      const colSpan = spanOf(td, 'colspan');
      cells.push({ row: r, col, rowSpan, colSpan, text: normalizeText(cellText($, td)).trim() });
      for (let i = 0; i < rowSpan; i++) for (let j = 0; j < colSpan; j++) taken.add(`${r + i},${col + j}`);
      col += colSpan;
      nCols = Math.max(nCols, col);
    }
  });
  const grid = rows.map((_, r) => {
    const row = Array<string>(nCols).fill('');
    for (const c of cells) if (c.row === r) row[c.col] = c.text;
    return row;
  });
  const headerRows = headRows > 0 ? headRows : detectHeaderRows(grid);
  return tableFromSpannedCells(cells, rows.length, nCols, headerRows, { prov: { path } });
}
