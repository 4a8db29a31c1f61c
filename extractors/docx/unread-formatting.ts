/**
 * Formatting mammoth does not turn into HTML, removed from document.xml before mammoth reads it.
 *
 * mammoth parses the whole part into a DOM (xmldom) before it reads anything, at several hundred
 * bytes per element. A DOC converted by LibreOffice spells out every run's fonts, sizes and
 * languages and every cell's width and borders: atl02's 14.5 MB document.xml is mostly that, and
 * its DOM took some 500 MB. Only the property elements below survive; every other child of a
 * run's, paragraph's, cell's, row's or table's properties goes, with its subtree. The text, the
 * structure and what mammoth's HTML shows (styles, bold, italic, underline, strike,
 * super/subscript, caps, highlight, list numbering, spans, header rows) stay as they were.
 */
import { walkXml } from '../common/xml-walk.js';
import type { Edit } from './xml.js';

/** Per properties element, the children mammoth's HTML (or our own readers after it) can show. */
const KEPT_CHILDREN: ReadonlyMap<string, ReadonlySet<string>> = new Map([
  ['w:rPr', new Set(['w:rStyle', 'w:b', 'w:i', 'w:u', 'w:strike', 'w:dstrike', 'w:vertAlign', 'w:smallCaps', 'w:caps', 'w:highlight', 'w:vanish'])],
  ['w:pPr', new Set(['w:pStyle', 'w:numPr', 'w:ind', 'w:jc', 'w:rPr', 'w:sectPr', 'w:outlineLvl'])],
  ['w:tcPr', new Set(['w:gridSpan', 'w:vMerge', 'w:hMerge'])],
  ['w:trPr', new Set(['w:tblHeader', 'w:gridBefore', 'w:gridAfter'])],
  ['w:tblPr', new Set(['w:tblStyle'])],
]);

/** Deletions of the property elements mammoth does not show, as edits on `xml`. */
export function unreadFormattingEdits(xml: string): Edit[] {
  const edits: Edit[] = [];
  const open: string[] = [];
  // While inside a removed element: how deep it starts and where.
  let removing: { depth: number; from: number } | null = null;
  walkXml(xml, {
    open(name, _attrs, start, end, selfClosing) {
      if (removing === null) {
        const kept = KEPT_CHILDREN.get(open[open.length - 1] ?? '');
        if (kept && !kept.has(name)) {
          if (selfClosing) edits.push({ from: start, to: end + 1, text: '' });
          else removing = { depth: open.length, from: start };
        }
      }
      open.push(name);
    },
    // Also called for a self-closing tag, right after its open.
    close(_name, _start, end) {
      open.pop();
      if (removing !== null && removing.depth === open.length) {
        edits.push({ from: removing.from, to: end + 1, text: '' });
        removing = null;
      }
    },
  });
  return edits;
}
