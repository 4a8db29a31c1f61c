/**
 * Page items → the document flow: lines wrapped inside one paragraph are joined again, across
 * page breaks too; tables pass through with their page.
 *
 * A line continues the one above when the one above runs to the right margin, the two sit at
 * the normal line pitch (no paragraph spacing), the new line is not indented and does not open a
 * numbered item, and both are set in the same size.
 */
import type { FlowItem } from '../common/layout.js';
import { joinText } from '../common/layout.js';
import { parseNumbering } from '../common/numbering.js';
import { median } from './geometry.js';
import type { TextLine } from './lines.js';
import type { PageLayout } from './page.js';

interface Margins {
  left: number;
  right: number;
  /** Usual distance between the baselines of consecutive lines of a paragraph. */
  pitch: number;
}

function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;
}

function linesOfPage(p: PageLayout): TextLine[] {
  return p.items.flatMap((i) => (i.kind === 'line' ? [i.line] : []));
}

const MIN_PROSE_CHARS = 8;

/**
 * Where full lines end: the median end of the lines that reach near the rightmost one. Ragged
 * text ends its full lines a character or two apart, and one overhanging line must not move it.
 */
function fullLineEnd(lines: readonly TextLine[]): number {
  const max = Math.max(...lines.map((l) => l.x1));
  const minX = Math.min(...lines.map((l) => l.x0));
  const near = lines.filter((l) => l.x1 >= max - (max - minX) * 0.1).map((l) => l.x1);
  return median(near);
}
const MIN_LINES_FOR_PAGE_MARGINS = 8;

/** Margins and pitch measured over a set of lines, or null when there are too few to tell. */
export function measureMargins(lines: readonly TextLine[], minLines: number): Margins | null {
  const prose = lines.filter((l) => l.text.length >= MIN_PROSE_CHARS);
  if (prose.length < minLines) return null;
  const pitches: number[] = [];
  for (let i = 1; i < lines.length; i++) {
    const d = lines[i]!.baseline - lines[i - 1]!.baseline;
    if (d > 0 && d < 3 * lines[i]!.size) pitches.push(d);
  }
  return {
    left: percentile(prose.map((l) => l.x0), 0.1),
    right: fullLineEnd(prose),
    pitch: pitches.length ? median(pitches) : prose[0]!.size * 1.5,
  };
}

/**
 * The text column of each page: its own when it carries enough prose, else the one measured over
 * all pages of its size (a page with a table and three caption lines says nothing about margins).
 */
export function marginsOfPages(pages: readonly PageLayout[]): Map<number, Margins | null> {
  const sizeKey = (p: PageLayout) => `${Math.round(p.width)}x${Math.round(p.height)}`;
  const bySize = new Map<string, TextLine[]>();
  for (const p of pages) bySize.set(sizeKey(p), [...(bySize.get(sizeKey(p)) ?? []), ...linesOfPage(p)]);
  const shared = new Map([...bySize].map(([k, lines]) => [k, measureMargins(lines, 2)]));
  return new Map(pages.map((p) => [p.page, measureMargins(linesOfPage(p), MIN_LINES_FOR_PAGE_MARGINS) ?? shared.get(sizeKey(p)) ?? null]));
}

export interface Placed {
  line: TextLine;
  margins: Margins | null;
  /** Whether this line is the first of its page's text (after any table it follows). */
  pageStart: boolean;
}

/** Whether `next` carries on the paragraph `prev` ends. */
export function continuesParagraph(prev: Placed, next: Placed): boolean {
  const m = prev.margins;
  if (!m || !next.margins) return false;
  const size = prev.line.size;
  if (Math.abs(next.line.size - size) > size * 0.12) return false;
  // Room left at the end of the line above: a wrap leaves less than the next line's first word.
  if (m.right - prev.line.x1 > Math.max(1.5 * size, next.line.leadWidth + 0.5 * size)) return false;
  if (next.line.x0 > next.margins.left + 0.6 * size) return false;
  if (next.pageStart) {
    // Across a page break there is no spacing to measure; a finished sentence ends the paragraph.
    if (/[。！？：:]$/.test(prev.line.text)) return false;
  } else {
    const gap = next.line.baseline - prev.line.baseline;
    if (gap <= 0 || gap > m.pitch * 1.2) return false;
  }
  // Justified prose stretches its gaps; three or more runs on a line are columns, not prose.
  if (prev.line.segments.length > 2 || next.line.segments.length > 2) return false;
  return parseNumbering(next.line.text) === null;
}

export function paragraphFlow(pages: readonly PageLayout[]): FlowItem[] {
  const marginsOf = marginsOfPages(pages);
  const flow: FlowItem[] = [];
  let open: Placed | null = null;
  for (const page of pages) {
    const margins = marginsOf.get(page.page) ?? null;
    let first = true;
    for (const item of page.items) {
      if (item.kind === 'table') {
        flow.push({ kind: 'table', table: item.table });
        open = null;
        continue;
      }
      const placed: Placed = { line: item.line, margins, pageStart: first };
      first = false;
      const last = flow[flow.length - 1];
      const l = item.line;
      if (open && last?.kind === 'text' && continuesParagraph(open, placed)) {
        last.text = joinText(last.text, l.text);
        const box = last.prov.box;
        if (box && last.prov.page === page.page) last.prov.box = { x0: Math.min(box.x0, l.x0), y0: Math.min(box.y0, l.top), x1: Math.max(box.x1, l.x1), y1: Math.max(box.y1, l.bottom) };
      } else {
        flow.push({ kind: 'text', text: l.text, prov: { page: page.page, box: { x0: l.x0, y0: l.top, x1: l.x1, y1: l.bottom } } });
      }
      open = placed;
    }
  }
  return flow;
}
