/**
 * Word documents (DOCX). mammoth reads the body — paragraphs, headings by style, tables with
 * gridSpan/vMerge as colspan/rowspan, text boxes, footnotes — into HTML, which the HTML walker
 * turns into the flow of lines and tables every format shares. What mammoth leaves out is read
 * from the package itself: Word's automatic numbering (numbering.ts), the page headers and
 * footers, and the core title.
 */
import { Buffer } from 'node:buffer';
import * as cheerio from 'cheerio';
import JSZip from 'jszip';
import mammoth from 'mammoth';
import type { DocumentModel } from '../../schemas/document.js';
import { liftCaptionRows } from '../common/caption-rows.js';
import { blocksFromFlow, type FlowItem } from '../common/layout.js';
import { normalizeText, squashSpaces } from '../common/normalize.js';
import { CORE_PART, coreTitle } from '../common/core-props.js';
import { checkZip } from '../common/zip.js';
import { walkFlow } from '../html/walk.js';
import { legacyMergeEdits } from './legacy-merges.js';
import { numberingEdits, readNumberingDefinitions } from './numbering.js';
import { drawingTextBoxEdits } from './text-boxes.js';
import { unreadFormattingEdits } from './unread-formatting.js';
import { applyEdits, type Edit } from './xml.js';

/** Chinese Word and WPS name their heading styles in Chinese; mammoth knows the English names. */
const STYLE_MAP = [
  "p[style-name='Title'] => h1:fresh",
  "p[style-name='标题'] => h1:fresh",
  ...[1, 2, 3, 4, 5, 6].map((n) => `p[style-name='标题 ${n}'] => h${n}:fresh`),
];

const FURNITURE_PART = /^word\/(?:header|footer)\d*\.xml$/;
const DOCUMENT_PART = 'word/document.xml';
const NUMBERING_PART = 'word/numbering.xml';
const STYLES_PART = 'word/styles.xml';
const NUMBERING_PARTS = new Set([DOCUMENT_PART, NUMBERING_PART, STYLES_PART]);

/** Images are not read: a placeholder without data keeps mammoth from base64-encoding them. */
const SKIP_IMAGES = mammoth.images.imgElement(() => Promise.resolve({ src: '' }));

/** Text of a header or footer part, one line per paragraph; page-number fields leave digits only. */
function partLines(xml: string): string[] {
  const $ = cheerio.load(xml, { xml: true });
  return $('w\\:p')
    .toArray()
    .map((p) => squashSpaces(normalizeText($(p).find('w\\:t').text())))
    .filter((line) => /[\p{L}]/u.test(line));
}

/**
 * The package as mammoth should read it: Word's automatic numbering written into the text
 * (numbering.ts) with an empty numbering part, so numbered paragraphs are not made lists, and
 * the table layouts mammoth misplaces rewritten (legacy-merges.ts), and text boxes drawn only in
 * DrawingML given the VML form mammoth reads (text-boxes.ts). Then the formatting mammoth does
 * not show is dropped (unread-formatting.ts), which is most of a large document's DOM.
 */
async function preparedForMammoth(buffer: Buffer, partText: (name: string) => string | null): Promise<Buffer> {
  const document = partText(DOCUMENT_PART);
  if (document === null) return buffer;
  const numbering = partText(NUMBERING_PART);
  const edits: Edit[] = [...legacyMergeEdits(document), ...drawingTextBoxEdits(document)];
  if (numbering !== null) edits.push(...numberingEdits(document, readNumberingDefinitions(numbering, partText(STYLES_PART))));
  const corrected = edits.length === 0 ? document : applyEdits(document, edits);
  const lean = applyEdits(corrected, unreadFormattingEdits(corrected));
  if (lean.length === document.length && edits.length === 0) return buffer;
  const zip = await JSZip.loadAsync(buffer);
  zip.file(DOCUMENT_PART, lean);
  if (numbering !== null && edits.length > 0) zip.file(NUMBERING_PART, '<w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"/>');
  return zip.generateAsync({ type: 'nodebuffer', compression: 'STORE' });
}

/**
 * mammoth lists footnotes and endnotes after the body, each ending in a "↑" link back to its
 * reference; the reference reads "[1]" in the text. Each note is made to start with the same
 * "[1]" instead, and the back links are dropped.
 */
function markNotes($: cheerio.CheerioAPI): void {
  $('a[href^="#footnote-ref-"], a[href^="#endnote-ref-"]').remove();
  $('li[id^="footnote-"], li[id^="endnote-"]').each((_, li) => {
    const ref = $(`a[href="#${li.attribs['id']}"]`).first().text().trim();
    const first = $(li).children('p').first();
    if (ref !== '') (first.length > 0 ? first : $(li)).prepend(`${ref} `);
    // Not a numbered list: the note's marker is its own reference.
    if (li.parent && 'tagName' in li.parent) li.parent.tagName = 'div';
    li.tagName = 'div';
  });
}

export async function extractDocx(bytes: Uint8Array): Promise<DocumentModel> {
  const { entries, parts } = await checkZip(bytes, (name) => FURNITURE_PART.test(name) || name === CORE_PART || NUMBERING_PARTS.has(name));
  const partText = (name: string) => parts.get(name)?.toString('utf8') ?? null;
  const buffer = await preparedForMammoth(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), partText);
  const result = await mammoth.convertToHtml({ buffer }, { styleMap: STYLE_MAP, convertImage: SKIP_IMAGES });
  const $ = cheerio.load(`<body>${result.value}</body>`);
  markNotes($);
  const body = $('body').get(0)!;
  const flow: FlowItem[] = walkFlow($, body, 'body');

  const warnings: string[] = [];
  const problems: string[] = [];
  const names = entries.map((e) => e.name);
  const furniture = names.filter((n) => FURNITURE_PART.test(n)).sort();
  const seen = new Set(flow.flatMap((i) => (i.kind === 'text' ? [i.text] : [])));
  const furnitureLines: FlowItem[] = [];
  for (const name of furniture) {
    const xml = partText(name);
    for (const line of xml ? partLines(xml) : []) {
      if (seen.has(line)) continue;
      seen.add(line);
      furnitureLines.push({ kind: 'text', text: line, prov: { path: name } });
    }
  }
  if (furnitureLines.length > 0) warnings.push(`page header and footer text kept at the end of the document (${furnitureLines.length} lines)`);
  if (flow.length === 0) problems.push('no text found in the document body');

  const title = coreTitle(partText(CORE_PART));
  return {
    format: 'docx',
    pages: null,
    title,
    notice: null,
    blocks: blocksFromFlow(liftCaptionRows([...flow, ...furnitureLines]), problems),
    warnings,
    problems,
  };
}
