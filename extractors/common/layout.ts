/**
 * Turning an extractor's flow of text lines and tables into model blocks. Every format runs the
 * same stages, each a small function of its own:
 *
 *   recoverSequenceTables → classifyLines → markTitle → attachCaptions → mergeContinuations → assignLevels
 */
import type { Block, Heading, Provenance, Table } from '../../schemas/document.js';
import { levelsForStyles, numberedHeading, parseNumbering } from './numbering.js';
import { joinLetterSpacing, squashSpaces, tightenCjkSpacing } from './normalize.js';
import { isNumericCell, tableFromRows, tableToGrid } from './table-grid.js';
import { BANNER_LINE, UNIT_LINE, unitOf } from './vocabulary.js';

export type FlowItem =
  | { kind: 'text'; text: string; prov: Provenance; markupLevel?: number }
  | { kind: 'table'; table: Table };

export interface LayoutOptions {
  /**
   * How many columns a table chunk may have lost and still continue the table before it (text
   * converters drop empty columns). Extractors that know the geometry (PDF) say 0.
   */
  continuationColumnSlack: number;
  /**
   * Whether the short lines opening the document are its title. A workbook has none: its first
   * lines are the first sheet's caption.
   */
  documentTitle: boolean;
}

export const LAYOUT_OPTIONS: LayoutOptions = { continuationColumnSlack: 2, documentTitle: true };

/** `problems` collects what could not be laid out with certainty. */
export function blocksFromFlow(flow: FlowItem[], problems: string[] = [], opts: LayoutOptions = LAYOUT_OPTIONS): Block[] {
  const withTables = recoverSequenceTables(flow, problems);
  let blocks = demoteListItems(classifyLines(withTables));
  if (opts.documentTitle) blocks = markTitle(blocks);
  blocks = attachCaptions(blocks);
  blocks = mergeContinuations(blocks, opts);
  return assignLevels(blocks);
}

// ---------------------------------------------------------------------------------------------
// Tables flattened one cell per line

const SHORT_CELL = 24;
const MAX_SEQ_COLS = 15;

function isSeqHeaderStart(text: string): boolean {
  return text.replace(/\s+/g, '') === '序号';
}

function isRowNumber(text: string, n: number): boolean {
  return text.replace(/[\s.、．]/g, '') === String(n);
}

function cellLike(text: string, maxLen: number): boolean {
  return text.length <= maxLen && !/[。；;]$/.test(text) && !/[。；;].+/.test(text);
}

/**
 * A table printed one cell per line ("序号 / 单位名称 / … / 1 / 正定县… / 2 / …") is rebuilt from
 * its header row: the header runs from 序号 to the line "1", and each following run of that many
 * lines is a row as long as it starts with the next row number.
 */
export function recoverSequenceTables(flow: FlowItem[], problems: string[] = []): FlowItem[] {
  const out: FlowItem[] = [];
  let i = 0;
  while (i < flow.length) {
    const table = flow[i]?.kind === 'text' ? sequenceTableAt(flow, i, problems) : null;
    if (table) {
      out.push({ kind: 'table', table: table.table });
      i = table.end;
    } else {
      out.push(flow[i]!);
      i++;
    }
  }
  return out;
}

function textAt(flow: FlowItem[], i: number): string | null {
  const item = flow[i];
  return item?.kind === 'text' ? item.text.trim() : null;
}

function sequenceTableAt(flow: FlowItem[], start: number, problems: string[]): { table: Table; end: number } | null {
  if (!isSeqHeaderStart(textAt(flow, start) ?? '')) return null;
  const header: string[] = [];
  let i = start;
  for (; i < flow.length && header.length <= MAX_SEQ_COLS; i++) {
    const t = textAt(flow, i);
    if (t === null || !cellLike(t, SHORT_CELL)) return null;
    if (header.length > 0 && isRowNumber(t, 1)) break;
    header.push(t);
  }
  const width = header.length;
  if (width < 2 || width > MAX_SEQ_COLS) return null;
  const rows: string[][] = [header];
  const rowStarts: number[] = [];
  let n = 1;
  for (; ; n++) {
    const cells: string[] = [];
    for (let k = 0; k < width; k++) {
      const t = textAt(flow, i + k);
      if (t === null || !cellLike(t, 80)) break;
      cells.push(t);
    }
    if (cells.length < width || !isRowNumber(cells[0]!, n)) break;
    rows.push(cells);
    rowStarts.push(i);
    i += width;
  }
  // A blank cell is not printed at all, so a row that lost one swallows the next row's number:
  // the table stops before it and the rest stays text, reported rather than misaligned.
  const last = rows[rows.length - 1]!;
  if (rows.length > 1 && last.slice(1).some((c) => isRowNumber(c, n))) {
    rows.pop();
    i = rowStarts.pop()!;
    problems.push(`a table printed one cell per line (${header.join(' / ')}) has a row with a blank cell at row ${n - 1}; rows from ${n - 1} on are kept as text`);
  }
  if (rows.length < 2) return null;
  const first = flow[start] as { prov: Provenance };
  return { table: tableFromRows(rows, { headerRows: 1, prov: first.prov, page: first.prov.page ?? null }), end: i };
}

// ---------------------------------------------------------------------------------------------
// Headings and paragraphs

export function classifyLines(flow: FlowItem[]): Block[] {
  const blocks: Block[] = [];
  for (const item of flow) {
    if (item.kind === 'table') {
      blocks.push(item.table);
      continue;
    }
    // Tabs (a PDF line's column gaps) survive the spacing clean-up as one space.
    const text = squashSpaces(tightenCjkSpacing(joinLetterSpacing(item.text)));
    if (text === '') continue;
    const numbered = numberedHeading(text);
    if (numbered) {
      blocks.push({ type: 'heading', level: 2, numbering: numbered.numbering, style: numbered.style, text: numbered.rest, prov: item.prov });
    } else if (item.markupLevel !== undefined) {
      blocks.push({ type: 'heading', level: item.markupLevel, numbering: null, style: null, text, prov: item.prov });
    } else {
      blocks.push({ type: 'paragraph', text, prov: item.prov });
    }
  }
  return blocks;
}

function styleOfParagraph(b: Block | undefined) {
  return b?.type === 'paragraph' ? (parseNumbering(b.text)?.style ?? null) : null;
}

/**
 * A short item in a numbered list of sentences ("（二十九）负责…管理。" between two long items of
 * the same numbering) is a list paragraph like its neighbours, not a heading.
 */
export function demoteListItems(blocks: Block[]): Block[] {
  return blocks.map((b, i) => {
    if (b.type !== 'heading' || !b.style || !/[。；]$/.test(b.text)) return b;
    const neighbours = [styleOfParagraph(blocks[i - 1]), styleOfParagraph(blocks[i + 1])];
    if (!neighbours.includes(b.style)) return b;
    return { type: 'paragraph', text: `${b.numbering ?? ''}${b.text}`, prov: b.prov };
  });
}

// ---------------------------------------------------------------------------------------------
// The title at the top

const MAX_TITLE_LINE = 50;
const MAX_TITLE_LINES = 3;

function titleCandidate(text: string): boolean {
  if (text.length > MAX_TITLE_LINE || !/[\u3400-\u9fff]/.test(text)) return false;
  if (TABLE_LABEL_LINE.test(text.replace(/\s+/g, ''))) return false;
  if (/[。，；,;、]$/.test(text) || /[:：]/.test(text)) return false;
  if (/^附件\s*\d*$/.test(text)) return false;
  if (/^\d{4}\s*年\s*\d{1,2}\s*月(\s*\d{1,2}\s*日)?$/.test(text)) return false;
  return true;
}

function skippableBeforeTitle(text: string): boolean {
  return /^附件\s*\d*\s*[:：]?$/.test(text) || /^[-—\d\s]+$/.test(text);
}

/** Joins two pieces of one line of text: no space between CJK characters, one otherwise. */
export function joinText(a: string, b: string): string {
  if (a === '') return b;
  if (b === '') return a;
  const cjkJoin = /[\u3400-\u9fff\uff00-\uffef“”（）]$/.test(a) || /^[\u3400-\u9fff\uff00-\uffef“”（）]/.test(b);
  return cjkJoin ? a + b : `${a} ${b}`;
}

/**
 * The short lines at the top of a document, before its first numbered heading or running
 * text, are its title: "科学技术局" + "2024年度整体支出绩效自评报告" is one level-1 heading.
 */
export function markTitle(blocks: Block[]): Block[] {
  let start = 0;
  while (start < blocks.length) {
    const b = blocks[start]!;
    if (b.type === 'paragraph' && skippableBeforeTitle(b.text)) start++;
    else break;
  }
  const marked = blocks.findIndex((b) => b.type === 'heading' && b.level === 1 && b.numbering === null);
  if (marked >= 0) return joinLinesAboveTitle(blocks, start, marked);
  let end = start;
  while (end < blocks.length && end - start < MAX_TITLE_LINES) {
    const b = blocks[end]!;
    if (b.type !== 'paragraph' || !titleCandidate(b.text)) break;
    end++;
  }
  if (end === start) return blocks;
  const next = blocks[end];
  const followedByBody = next === undefined || next.type !== 'paragraph' || !titleCandidate(next.text);
  if (!followedByBody) return blocks;
  const parts = blocks.slice(start, end) as Extract<Block, { type: 'paragraph' }>[];
  const title: Heading = {
    type: 'heading',
    level: 1,
    numbering: null,
    style: null,
    text: parts.map((p) => p.text).reduce(joinText, ''),
    prov: parts[0]!.prov,
  };
  return [...blocks.slice(0, start), title, ...blocks.slice(end)];
}

/**
 * A title styled as a heading may have its first line printed as a plain paragraph above it
 * (Word: "科学技术局" centred, then "2024年度…报告" in the Title style); the lines are one title.
 */
function joinLinesAboveTitle(blocks: Block[], start: number, title: number): Block[] {
  const heading = blocks[title]!;
  if (heading.type !== 'heading' || title <= start || title - start >= MAX_TITLE_LINES) return blocks;
  const above = blocks.slice(start, title);
  if (!above.every((b) => b.type === 'paragraph' && titleCandidate(b.text))) return blocks;
  const text = [...above.map((b) => (b as Extract<Block, { type: 'paragraph' }>).text), heading.text].reduce(joinText, '');
  return [...blocks.slice(0, start), { ...heading, text, prov: above[0]!.prov }, ...blocks.slice(title + 1)];
}

function longestCommonRun(a: string, b: string): number {
  let best = 0;
  const prev = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = 0;
    for (let j = 1; j <= b.length; j++) {
      const above = prev[j]!;
      prev[j] = a[i - 1] === b[j - 1] ? diagonal + 1 : 0;
      best = Math.max(best, prev[j]!);
      diagonal = above;
    }
  }
  return best;
}

/** Two titles name the same document when they share a long run of characters. */
export function sameTitle(a: string, b: string): boolean {
  const x = a.replace(/\s+/g, '');
  const y = b.replace(/\s+/g, '');
  return longestCommonRun(x, y) >= Math.min(8, Math.ceil(Math.min(x.length, y.length) * 0.6));
}

/**
 * A page's declared headline (portal metadata, the line above 发布时间) is the document title
 * unless the body opens with a title of its own that names the same document.
 */
export function reconcileTitle(blocks: Block[], headline: string | undefined, prov: Provenance): Block[] {
  if (!headline) return blocks;
  const i = blocks.findIndex((b) => b.type === 'heading' && b.level === 1 && b.numbering === null);
  const found = blocks[i];
  if (found?.type === 'heading' && sameTitle(found.text, headline)) return blocks;
  const title: Heading = { type: 'heading', level: 1, numbering: null, style: null, text: headline, prov };
  const rest = found?.type === 'heading' ? blocks.map((b, k): Block => (k === i ? { type: 'paragraph', text: found.text, prov: found.prov } : b)) : blocks;
  return [title, ...rest];
}

// ---------------------------------------------------------------------------------------------
// Captions: title, unit and banner lines above a table, notes below it

export const TABLE_LABEL_LINE = /^(?:(?:公开表|附表|表)\s*[一二三四五六七八九十\d]+|[（(]\s*\d{4}\s*年度?\s*[）)])$/;
const MAX_TITLE_TAIL = 4;
export const NOTE_LINE = /^(?:注|备注|说明)\s*\d*\s*[:：]/;
const MAX_CAPTION_LOOKBACK = 5;

function captionTitleCandidate(text: string): boolean {
  return text.length <= 60 && !/[。，；,;:：]$/.test(text) && !/[。；]/.test(text.slice(0, -1));
}

export function attachCaptions(blocks: Block[]): Block[] {
  const consumed = new Set<number>();
  const tables = new Map<number, Table>();
  blocks.forEach((b, i) => {
    if (b.type !== 'table') return;
    const table: Table = { ...b, notes: [...b.notes] };
    const banner: string[] = [];
    for (let j = i - 1; j >= 0 && i - j <= MAX_CAPTION_LOOKBACK; j--) {
      const prev = blocks[j]!;
      if (consumed.has(j) || prev.type === 'table') break;
      if (prev.type === 'heading') {
        table.title ??= prev.text;
        break;
      }
      const text = prev.text;
      if (UNIT_LINE.test(text)) {
        table.unit ??= unitOf(text);
        consumed.add(j);
      } else if (BANNER_LINE.test(text) || (unitOf(text) && text.length <= 80)) {
        table.unit ??= unitOf(text);
        banner.unshift(text);
        consumed.add(j);
      } else if (TABLE_LABEL_LINE.test(text.replace(/\s+/g, ''))) {
        banner.unshift(text);
        consumed.add(j);
      } else if (table.title === null && captionTitleCandidate(text)) {
        table.title = text;
        consumed.add(j);
        // A table number printed above its title (附表3, 表1-7) goes with the banner.
        const label = blocks[j - 1];
        if (label?.type === 'paragraph' && !consumed.has(j - 1) && TABLE_LABEL_LINE.test(label.text.replace(/\s+/g, ''))) {
          banner.unshift(label.text);
          consumed.add(j - 1);
          break;
        }
        // A title wrapped onto a second line leaves a short tail (…支出|表): take the line above too.
        const above = blocks[j - 1];
        const wrapped = text.length <= MAX_TITLE_TAIL && /表$/.test(text) && above?.type === 'paragraph' && !/如下|下表|所示|见表/.test(above.text);
        if (wrapped && !consumed.has(j - 1) && captionTitleCandidate(above.text)) {
          table.title = joinText(above.text, text);
          consumed.add(j - 1);
        }
        break;
      } else break;
    }
    table.notes = [...banner, ...table.notes];
    for (let j = i + 1; j < blocks.length; j++) {
      const next = blocks[j]!;
      if (next.type !== 'paragraph' || !NOTE_LINE.test(next.text)) break;
      table.notes.push(next.text);
      consumed.add(j);
    }
    tables.set(i, table);
  });
  return blocks.flatMap((b, i) => (consumed.has(i) ? [] : [tables.get(i) ?? b]));
}

// ---------------------------------------------------------------------------------------------
// Tables continued over pages or printed in chunks

function headerTexts(t: Table): string[][] {
  return tableToGrid(t).slice(0, t.headerRows).map((r) => r.map((c) => c.replace(/\s+/g, '')));
}

function rowIsBlank(row: readonly string[]): boolean {
  return row.every((c) => c.trim() === '');
}

/** The first row of `next` carries on the 序号 of `prev` (…, 2 then 3), however many columns it lost. */
function continuesNumbering(prev: Table, next: Table): boolean {
  const last = tableToGrid(prev)
    .map((r) => r[0]!.trim())
    .filter((c) => /^\d{1,4}$/.test(c))
    .pop();
  const first = tableToGrid(next)[0]?.[0]?.trim();
  return last !== undefined && first === String(Number(last) + 1);
}

/**
 * Whether `next` continues `prev`: nothing between them, no caption of its own, and either no
 * header, a blank header or the same header again, with (nearly) as many columns.
 */
export function continues(prev: Table, next: Table, opts: LayoutOptions = LAYOUT_OPTIONS): boolean {
  if (next.title !== null || next.nCols > prev.nCols) return false;
  if (next.nCols < prev.nCols - opts.continuationColumnSlack) return next.headerRows === 0 && continuesNumbering(prev, next);
  if (next.headerRows === 0) return true;
  const nextHeader = headerTexts(next);
  if (nextHeader.every(rowIsBlank)) return true;
  const prevHeader = headerTexts(prev);
  return JSON.stringify(nextHeader) === JSON.stringify(prevHeader.slice(0, nextHeader.length));
}

/**
 * A row that broke over the page leaves its tail as the first row of the next chunk: words
 * only, each under a cell of the row above that it continues, and blank in a column that every
 * row of the table fills (序号, 二级指标) — which a row of its own would fill too.
 */
export function isSpilledRow(row: readonly string[], body: readonly (readonly string[])[]): boolean {
  const above = body[body.length - 1];
  if (!above || row.length < 3) return false;
  const filled = row.map((c, i) => [c.trim(), i] as const).filter(([c]) => c !== '');
  if (filled.length === 0 || !filled.every(([c, i]) => !isNumericCell(c) && (above[i] ?? '').trim() !== '')) return false;
  const alwaysFilled = (col: number) => body.filter((r) => (r[col] ?? '').trim() !== '').length >= Math.max(1, Math.ceil(body.length * 0.8));
  return row.some((c, col) => c.trim() === '' && (above[col] ?? '').trim() !== '' && alwaysFilled(col));
}

/** Joins the tail of a row that broke over the page to the row's last printed line. */
function foldSpilledRow(prev: Table, next: Table, spilled?: boolean): { prev: Table; next: Table } {
  if (next.nRows <= next.headerRows || prev.nRows <= prev.headerRows) return { prev, next };
  const first = next.headerRows;
  const grid = tableToGrid(next);
  if (!(spilled ?? isSpilledRow(grid[first]!, tableToGrid(prev).slice(prev.headerRows)))) return { prev, next };
  const lastRow = prev.nRows - 1;
  const tails = next.cells.filter((c) => c.row === first && c.text.trim() !== '');
  const cells = prev.cells.map((c) => {
    const tail = tails.find((s) => s.col >= c.col && s.col < c.col + c.colSpan);
    const covers = c.row <= lastRow && c.row + c.rowSpan > lastRow;
    return tail && covers ? { ...c, text: joinText(c.text, tail.text.trim()) } : c;
  });
  const rest = next.cells.filter((c) => c.row !== first).map((c) => (c.row > first ? { ...c, row: c.row - 1 } : c));
  const parts = next.parts.map((p) => ({ ...p, firstRow: Math.max(0, p.firstRow - (p.firstRow > first ? 1 : 0)), lastRow: Math.max(0, p.lastRow - 1) }));
  return { prev: { ...prev, cells }, next: { ...next, cells: rest, nRows: next.nRows - 1, parts } };
}

/**
 * Appends `next`'s body rows to `prev`, dropping its repeated or blank header rows. `spilled`
 * says whether its first body row is the tail of `prev`'s last row, when the caller knows from
 * the page (PDF); otherwise the rows' contents decide.
 */
export function appendContinuation(whole: Table, chunk: Table, spilled?: boolean): Table {
  const { prev, next } = foldSpilledRow(whole, chunk, spilled);
  const offset = prev.nRows - next.headerRows;
  const cells = next.cells
    .filter((c) => c.row >= next.headerRows)
    .map((c) => ({ ...c, row: c.row + offset, isHeader: false }));
  const added = next.nRows - next.headerRows;
  const parts = next.parts.map((p) => ({
    ...p,
    firstRow: Math.max(prev.nRows, p.firstRow + offset),
    lastRow: p.lastRow + offset,
  }));
  const pages = [prev.pageFirst, prev.pageLast, next.pageFirst, next.pageLast].filter((p): p is number => p !== null);
  return {
    ...prev,
    unit: prev.unit ?? next.unit,
    notes: [...prev.notes, ...next.notes.filter((n) => !prev.notes.includes(n))],
    nRows: prev.nRows + added,
    cells: [...prev.cells, ...cells],
    parts: added > 0 ? [...prev.parts, ...parts] : prev.parts,
    pageFirst: pages.length ? Math.min(...pages) : null,
    pageLast: pages.length ? Math.max(...pages) : null,
  };
}

export function mergeContinuations(blocks: Block[], opts: LayoutOptions = LAYOUT_OPTIONS): Block[] {
  const out: Block[] = [];
  for (const b of blocks) {
    const prev = out[out.length - 1];
    if (b.type === 'table' && prev?.type === 'table' && continues(prev, b, opts)) {
      out[out.length - 1] = appendContinuation(prev, b);
    } else out.push(b);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Heading levels

export function assignLevels(blocks: Block[]): Block[] {
  const used = blocks.flatMap((b) => (b.type === 'heading' && b.style ? [b.style] : []));
  const levelOf = levelsForStyles(used);
  return blocks.map((b) => (b.type === 'heading' && b.style ? { ...b, level: levelOf(b.style) } : b));
}
