/**
 * PDF → document model, page by page: text items become glyphs, the operator list becomes
 * ruling edges, the two make each page's lines and tables (page.ts), and the shared layout stages
 * make the blocks. Each page is released after use, so memory does not grow with page count.
 */
import type { DocumentModel, OcrPage } from '../../schemas/document.js';
import { blocksFromFlow, LAYOUT_OPTIONS } from '../common/layout.js';
import { liftCaptionRows } from '../common/caption-rows.js';
import { joinPageBrokenTables } from './continuation.js';
import type { Matrix } from './geometry.js';
import { glyphsOfOperatorList, type FontLike } from './op-text.js';
import { openPdf, PdfOpenError, type OpenOptions, type PDFDocumentProxy, type PDFPageProxy } from './open.js';
import { forAssembly, layoutPage, PAGE_SETTINGS, type PageLayout, type PageSettings } from './page.js';
import { paragraphFlow } from './paragraphs.js';
import { rulesOfOperatorList, type OperatorList } from './rules.js';
import { OCR_SETTINGS, ocrPages, type OcrSettings } from './ocr/pages.js';
import { checkDeadline, DeadlineError } from '../common/deadline.js';
import { OPS } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { IMAGE_MARK } from './worker-port.js';

export { PdfOpenError };

/** How often (pages), and after how much heap growth, pdf.js's document-wide caches are dropped. */
const CLEANUP_CHECK_EVERY = 5;
const CLEANUP_HEAP_GROWTH = 96 * 1024 * 1024;

export interface PdfOptions extends OpenOptions {
  /** 1-based pages to read (the inspector's --pages); all when absent. */
  pages?: ReadonlySet<number>;
  settings?: PageSettings;
  /** Read pages without a text layer by OCR (on by default); false keeps them unread. */
  ocr?: boolean;
  ocrSettings?: OcrSettings;
  /** Told as each page read by OCR is done (`done` of `total` such pages). */
  onOcrPage?: (done: number, total: number) => void;
  /** Keep what the debug view draws (rules, grids, glyphs, furniture, OCR boxes) on each page. */
  keepDrawing?: boolean;
}


async function readPage(page: PDFPageProxy, settings: PageSettings): Promise<PageLayout> {
  const viewport = page.getViewport({ scale: 1 });
  const transform = viewport.transform as unknown as Matrix;
  // One parse of the content stream gives both the rules and the text (see op-text.ts).
  const ops = (await page.getOperatorList()) as unknown as OperatorList;
  const glyphs = glyphsOfOperatorList(ops, transform, (name) => fontOf(page, name));
  const rules = rulesOfOperatorList(ops, transform);
  const layout = layoutPage(page.pageNumber, viewport.width, viewport.height, glyphs, rules, settings);
  if (paintsImage(ops)) layout.paintsImage = true;
  return layout;
}

/** Whether the operator list paints an image (dropped undecoded, where our patch marks it). */
function paintsImage(ops: OperatorList): boolean {
  for (let i = 0; i < ops.fnArray.length; i++) {
    if (ops.fnArray[i] === OPS.markPoint && (ops.argsArray[i] as unknown[] | null)?.[0] === IMAGE_MARK) return true;
  }
  return false;
}

function fontOf(page: PDFPageProxy, name: string): FontLike | null {
  try {
    return (page.commonObjs.get(name) as FontLike | null) ?? null;
  } catch {
    return null; // a font pdf.js could not load: its text cannot be placed
  }
}

export interface PageFailure {
  page: number;
  reason: string;
}

export interface ReadPages {
  pages: PageLayout[];
  /** Pages that could not be read; the others still are. */
  failures: PageFailure[];
}

/** Reads the pages of an open document one at a time, releasing each after use. */
export async function readPages(doc: PDFDocumentProxy, opts: PdfOptions = {}): Promise<ReadPages> {
  const settings = opts.settings ?? PAGE_SETTINGS;
  const pages: PageLayout[] = [];
  const failures: PageFailure[] = [];
  let heapBaseline: number | null = null;
  for (let n = 1; n <= doc.numPages; n++) {
    if (opts.pages && !opts.pages.has(n)) continue;
    checkDeadline();
    let page: PDFPageProxy | null = null;
    try {
      page = await doc.getPage(n);
      const layout = await readPage(page, settings);
      pages.push(opts.keepDrawing ? layout : forAssembly(layout));
    } catch (e) {
      if (e instanceof DeadlineError) throw e;
      // One damaged page (a broken content stream, a font pdf.js rejects) costs that page only.
      failures.push({ page: n, reason: (e as Error).message.slice(0, 200) });
    } finally {
      page?.cleanup();
    }
    // Fonts stay cached document-wide (on both sides of pdf.js's worker); producers that embed a
    // subset per page (iText) make that cache grow with page count, so it is dropped when the heap
    // has grown. Not every few pages regardless: re-parsing a large embedded CJK font costs a second.
    if (n % CLEANUP_CHECK_EVERY === 0) {
      const heap = process.memoryUsage().heapUsed;
      if (heapBaseline === null) heapBaseline = heap;
      else if (heap - heapBaseline > CLEANUP_HEAP_GROWTH) {
        await doc.cleanup();
        heapBaseline = null;
      }
    }
  }
  return { pages, failures };
}

/** A PDF's page layouts, with what OCR did on the pages without a text layer. */
export interface PdfLayouts extends ReadPages {
  numPages: number;
  /** The pages read by OCR (absent when none was). */
  ocr?: OcrPage[];
}

/**
 * Reads a PDF's page layouts; the document is always destroyed afterwards. Pages without a text
 * layer that paint an image are then read by OCR (unless `ocr: false`), from a second opening
 * that decodes images.
 */
export async function pdfLayouts(bytes: Uint8Array, opts: PdfOptions = {}): Promise<PdfLayouts> {
  const { doc, close } = await openPdf(bytes, opts);
  let read: PdfLayouts;
  try {
    if (opts.pages && ![...opts.pages].some((p) => p <= doc.numPages)) {
      throw new PdfOpenError(`no such page: the PDF has ${doc.numPages} page(s)`);
    }
    read = { numPages: doc.numPages, ...(await readPages(doc, opts)) };
  } finally {
    await close();
  }
  // A page without text that paints no image is blank: there is nothing for OCR to read.
  const scanned = read.pages.filter((p) => p.glyphCount === 0 && p.paintsImage).map((p) => p.page);
  if (scanned.length === 0 || opts.ocr === false) return read;
  const byOcr = await ocrPages(bytes, scanned, opts.ocrSettings ?? OCR_SETTINGS, opts.settings, opts.onOcrPage);
  const replaced = new Map(byOcr.layouts.map((l) => [l.page, opts.keepDrawing ? l : forAssembly(l)]));
  return {
    numPages: read.numPages,
    pages: read.pages.map((p) => replaced.get(p.page) ?? p),
    failures: [...read.failures, ...byOcr.failures],
    ...(byOcr.info.length > 0 ? { ocr: byOcr.info } : {}),
  };
}

function pageList(pages: readonly number[]): string {
  return pages.length > 8 ? `${pages.slice(0, 8).join(', ')} …` : pages.join(', ');
}

export async function extractPdf(bytes: Uint8Array, opts: PdfOptions = {}): Promise<DocumentModel> {
  const { numPages, pages, failures, ocr } = await pdfLayouts(bytes, opts);
  if (numPages === 0) throw new PdfOpenError('PDF has no pages');
  if (pages.length === 0) throw new PdfOpenError(`no page could be read: ${failures.map((f) => `page ${f.page}: ${f.reason}`).slice(0, 3).join('; ')}`);
  const problems: string[] = [];
  const warnings: string[] = [];
  if (ocr) {
    const confidences = ocr.flatMap((p) => (p.confidence === null ? [] : [p.confidence]));
    const mean = confidences.length ? (confidences.reduce((a, b) => a + b, 0) / confidences.length).toFixed(2) : '—';
    warnings.push(`${ocr.length} page(s) read by OCR (${ocr[0]!.engine}), mean confidence ${mean}: ${pageList(ocr.map((p) => p.page))}`);
    const doubtful = ocr.flatMap((p) => p.doubtful.map((d) => `page ${p.page}: ${d}`));
    const threshold = (opts.ocrSettings ?? OCR_SETTINGS).minConfidence;
    if (doubtful.length > 0) problems.push(`${doubtful.length} amount(s) read by OCR with low confidence (below ${threshold}): ${doubtful.slice(0, 5).join('; ')}${doubtful.length > 5 ? ' …' : ''}`);
  }
  problems.unshift(...failures.map((f) => `page ${f.page} could not be read: ${f.reason}`));
  const textless = pages.filter((p) => p.glyphCount === 0).map((p) => p.page);
  if (textless.length === pages.length) {
    throw new PdfOpenError(opts.ocr === false ? 'no text layer (scanned): no page has extractable text, and OCR is off (--no-ocr)' : `no text layer (scanned), and OCR read no text on any page${failures.length ? ` (${failures[0]!.reason})` : ''}`);
  }
  if (textless.length > 0) {
    // A blank page looks like a scan without its image, so only many of them make the document partial.
    const note = `${textless.length} of ${pages.length} pages have no text (blank, or scanned and not read): ${pageList(textless)}`;
    if (textless.length * 2 >= pages.length) problems.push(`no text layer (scanned): ${note}`);
    else warnings.push(note);
  }
  // Page-broken tables were joined by their geometry; chunks that lost columns are not guessed at.
  // A ruled table may draw its title and banner (预算单位：…  单位：万元) inside its border.
  const flow = liftCaptionRows(paragraphFlow(joinPageBrokenTables(pages)), { titlesNameTables: true });
  const blocks = blocksFromFlow(flow, problems, { ...LAYOUT_OPTIONS, continuationColumnSlack: 0 });
  return { format: 'pdf', pages: numPages, title: null, notice: null, blocks, problems, warnings, ...(ocr ? { ocr } : {}) };
}
