/**
 * Plain text (.txt, .md): what people save from a viewer or get from a converter. Lines become
 * paragraphs (lines broken at a page end are joined again); tables come as markdown pipe rows,
 * tab-separated rows, or one cell per line (recovered from their header row).
 */
import type { DocumentModel, NoticeMeta } from '../../schemas/document.js';
import { decodeBytes } from '../common/decode.js';
import { blocksFromFlow, reconcileTitle, type FlowItem } from '../common/layout.js';
import { normalizeText } from '../common/normalize.js';
import { isChromeLine, parseNoticeLine } from '../common/notice.js';
import { numberedHeading, parseNumbering } from '../common/numbering.js';
import { parseMarkdownTable, isMarkdownRow } from './markdown-table.js';
import { tabCellRunAt, tsvRunAt } from './tab-tables.js';

export interface Line {
  text: string;
  /** 1-based line number in the file. */
  no: number;
}

/**
 * Markup converters leave in prose: TeX from PDF-to-markdown tools ("得分 \geq 85", "$<$ 85") and
 * Word bookmarks from DOCX-to-text tools ("[bookmark: _GoBack]").
 */
function stripConverterMarkup(text: string): string {
  return text
    .replace(/\$\s*(\\?[<>]|\\geq?|\\leq?|\\ge|\\le)\s*\$/g, (_m, op: string) => op)
    .replace(/\\geq?\b/g, '≥')
    .replace(/\\leq?\b/g, '≤')
    .replace(/\\([<>])/g, '$1')
    .replace(/\[bookmark:[^\]]*\]/g, '');
}

/** Text as lines, after character clean-up. */
export function textLines(text: string): Line[] {
  return stripConverterMarkup(normalizeText(text))
    .split('\n')
    .map((t, i) => ({ text: t, no: i + 1 }));
}

/**
 * The lines and tables of a text as printed, before the layout stages merge continued tables
 * and attach captions; the sample builder renders this to print the seeds as their originals.
 */
export function textFlow(lines: Line[]): FlowItem[] {
  return joinBrokenParagraphs(segment(lines.filter((l) => !isChromeLine(l.text))));
}

export function extractText(bytes: Uint8Array): DocumentModel {
  const decoded = decodeBytes(bytes);
  const { notice, body } = takeNoticeHeader(textLines(decoded.text));
  const flow = textFlow(body);
  const problems: string[] = [];
  return {
    format: 'txt',
    pages: null,
    title: null,
    notice,
    blocks: reconcileTitle(blocksFromFlow(flow, problems), notice?.title, { line: 1 }),
    problems,
    warnings: decoded.warnings,
  };
}

const NOTICE_SCAN_LINES = 25;

/**
 * Text saved from a portal page starts with its chrome and metadata: the breadcrumb, the
 * notice title, 发布时间/来源 lines. The metadata is kept, the rest dropped.
 */
export function takeNoticeHeader(lines: Line[]): { notice: NoticeMeta | null; body: Line[] } {
  const nonEmpty = lines.filter((l) => l.text.trim() !== '').slice(0, NOTICE_SCAN_LINES);
  const metaLines = nonEmpty.filter((l) => parseNoticeLine(l.text) !== null);
  if (metaLines.length === 0) return { notice: null, body: lines };
  const notice: NoticeMeta = {};
  const drop = new Set<number>();
  for (const l of metaLines) {
    Object.assign(notice, parseNoticeLine(l.text));
    drop.add(l.no);
  }
  const firstMeta = nonEmpty.indexOf(metaLines[0]!);
  const titleLine = nonEmpty
    .slice(0, firstMeta)
    .reverse()
    .find((l) => !isChromeLine(l.text));
  if (titleLine && titleLine.text.trim().length <= 80) {
    notice.title = titleLine.text.trim();
    drop.add(titleLine.no);
  }
  return { notice, body: lines.filter((l) => !drop.has(l.no)) };
}

function segment(lines: Line[]): FlowItem[] {
  const flow: FlowItem[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i]!;
    if (isMarkdownRow(line.text)) {
      let end = i;
      while (end < lines.length && isMarkdownRow(lines[end]!.text)) end++;
      const table = parseMarkdownTable(lines.slice(i, end));
      if (table) flow.push({ kind: 'table', table });
      i = end;
      continue;
    }
    const cellRun = tabCellRunAt(lines, i);
    if (cellRun) {
      flow.push({ kind: 'table', table: cellRun.table });
      i = cellRun.end;
      continue;
    }
    const tsv = tsvRunAt(lines, i);
    if (tsv) {
      flow.push({ kind: 'table', table: tsv.table });
      i = tsv.end;
      continue;
    }
    const heading = /^(#{1,6})\s+(.*)$/.exec(line.text.trim());
    if (heading) {
      flow.push({ kind: 'text', text: heading[2]!, prov: { line: line.no }, markupLevel: heading[1]!.length });
    } else if (line.text.trim() !== '') {
      flow.push({ kind: 'text', text: line.text.replace(/\t/g, ' ').trim(), prov: { line: line.no } });
    }
    i++;
  }
  return flow;
}

const MIN_BROKEN_LINE = 20;
/** "见。深化…": a line that opens with the tail of a sentence. */
const CONTINUES_SENTENCE = /^[^\s，。；、]{1,3}[。；]/;

/**
 * A paragraph cut at a page end ("…提出优化配置科技资源的措" / "施建议，…") is joined again: the
 * first part is long and stops mid-sentence, the second is not a numbered item of its own.
 */
export function joinBrokenParagraphs(flow: FlowItem[]): FlowItem[] {
  const out: FlowItem[] = [];
  // Title lines at the top also lack a full stop; joining starts once running text has begun.
  let inBody = false;
  for (const item of flow) {
    const prev = out[out.length - 1];
    if (
      inBody &&
      item.kind === 'text' &&
      prev?.kind === 'text' &&
      prev.markupLevel === undefined &&
      item.markupLevel === undefined &&
      prev.text.length >= MIN_BROKEN_LINE &&
      !/[。！？：；:;!?”"）)]$/.test(prev.text) &&
      parseNumbering(item.text) === null &&
      (numberedHeading(prev.text) === null || CONTINUES_SENTENCE.test(item.text))
    ) {
      out[out.length - 1] = { ...prev, text: prev.text + item.text };
    } else out.push(item);
    if (item.kind === 'text' && /[。！？；]$/.test(item.text)) inBody = true;
  }
  return out;
}
