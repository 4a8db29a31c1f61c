/**
 * Pages without a text layer, read by OCR: each page that paints an image is rendered, its text
 * lines detected and read, its ruling lines found in the pixels, and the result laid out by the
 * same page stages as a text page. Pages are read one at a time; each page's pixels are released
 * before the next.
 */
import { openPdf, type PDFDocumentProxy, type PDFPageProxy } from '../open.js';
import { startHelpers } from './helpers.js';
import { layoutPage, PAGE_SETTINGS, type PageLayout, type PageSettings } from '../page.js';
import type { PageFailure } from '../index.js';
import { DETECTION_SETTINGS, type DetectionSettings } from './detect.js';
import { OCR_ENGINE, readRaster, ocrModel, type OcrLine } from './engine.js';
import { glyphsOfLines } from './glyphs.js';
import { rasterRules, RASTER_RULE_SETTINGS, type RasterRuleSettings } from './raster-rules.js';
import { greyOf } from './raster.js';
import { renderPage, type Rendered } from './render.js';
import { DeadlineError } from '../../common/deadline.js';

export interface OcrSettings {
  /** First rendering scale (pixels per point; 2 ≈ 144 dpi). */
  scale: number;
  /** Line height (pixels) the recogniser reads best; smaller text is rendered again larger. */
  targetLineHeight: number;
  maxScale: number;
  /** Largest page raster (pixels); bigger pages are rendered smaller, down to `minScale`. */
  maxPixels: number;
  /** Below this a page is too large to read: it fails with that reason. */
  minScale: number;
  /** Figures read with a mean character confidence below this make the document partial. */
  minConfidence: number;
  /** Images larger than this (pixels) are not decoded. */
  maxImagePixels: number;
  detection: DetectionSettings;
  rules: RasterRuleSettings;
  /** Keep each page's image in its layout (the debug view draws it). */
  keepImage?: boolean;
}

export const OCR_SETTINGS: OcrSettings = {
  scale: 2,
  targetLineHeight: 30,
  maxScale: 4,
  maxPixels: 24e6,
  minScale: 0.75,
  minConfidence: 0.9,
  maxImagePixels: 120e6,
  detection: DETECTION_SETTINGS,
  rules: RASTER_RULE_SETTINGS,
};

/** What OCR did on one page, stored with the document. */
export interface OcrPageInfo {
  page: number;
  engine: string;
  model: string;
  /** Pixels per point the page was read at. */
  scale: number;
  lines: number;
  /** Mean character confidence over the page (0–1); null when nothing was read. */
  confidence: number | null;
  /** Figures read with a character below the confidence threshold. */
  doubtful: string[];
  /** Each line read, with its box in points. */
  boxes: { text: string; confidence: number; x0: number; y0: number; x1: number; y1: number }[];
}

const median = (xs: number[]) => (xs.length ? [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]! : 0);

/** The scale a page is rendered at: `wanted`, within the pixel budget. */
function scaleFor(page: PDFPageProxy, wanted: number, s: OcrSettings): number {
  const { width, height } = page.getViewport({ scale: 1 });
  return Math.min(wanted, s.maxScale, Math.sqrt(s.maxPixels / Math.max(1, width * height)));
}

/** The page rendered and read at `scale`; null when it paints no image (a blank page). */
async function readAt(page: PDFPageProxy, scale: number, s: OcrSettings, onScan: () => void = () => {}) {
  const raster = await renderPage(page, scale);
  // The decoded images (a 300 dpi scan is 35 MB of pixels) are not needed once drawn.
  page.cleanup();
  if (!raster.paintedImage) return null;
  onScan();
  const lines = await readRaster(raster, s.detection);
  return { raster, lines };
}

export interface OcrPages {
  layouts: PageLayout[];
  info: OcrPageInfo[];
  failures: PageFailure[];
  /** Threads that read the pages: this one and its helpers. */
  threads: number;
}

/** What reading one page gave: its layout, why it failed, or nothing (it paints no image). */
export type PageRead = { page: number; layout: PageLayout; info: OcrPageInfo } | { page: number; failure: PageFailure } | { page: number; blank: true };

/**
 * The pages still to read, shared by the threads reading them: each takes the next one in turn,
 * so a thread that finishes early takes more.
 */
export interface PageQueue {
  pages: readonly number[];
  /** One Int32 over a SharedArrayBuffer: the index of the next page to hand out. */
  next: Int32Array;
}

export const pageQueue = (pages: readonly number[]): PageQueue => ({ pages, next: new Int32Array(new SharedArrayBuffer(4)) });

function takePage(q: PageQueue): number | null {
  const i = Atomics.add(q.next, 0, 1);
  return i < q.pages.length ? q.pages[i]! : null;
}

/**
 * Reads pages from the queue until it is empty or `stop()` says so, telling `onRead` of each
 * (and `onTake` of each page before reading it, `onScan` of each page found to paint an image).
 * Runs in ocrPages's thread and in its helpers.
 */
export async function readQueuedPages(bytes: Uint8Array, queue: PageQueue, settings: OcrSettings, pageSettings: PageSettings, onRead: (read: PageRead) => void, { stop = (): boolean => false, onTake = (_page: number): void => {}, onScan = (): void => {} } = {}): Promise<void> {
  const { doc, close } = await openPdf(bytes, { imagePixels: settings.maxImagePixels });
  try {
    const model = ocrModel();
    for (let n = stop() ? null : takePage(queue); n !== null; n = stop() ? null : takePage(queue)) {
      onTake(n);
      onRead(await readOnePage(doc, n, model, settings, pageSettings, onScan));
    }
  } finally {
    await close();
  }
}

async function readOnePage(doc: PDFDocumentProxy, n: number, model: string, settings: OcrSettings, pageSettings: PageSettings, onScan: () => void): Promise<PageRead> {
  let page: PDFPageProxy | null = null;
  try {
    page = await doc.getPage(n);
    let scale = scaleFor(page, settings.scale, settings);
    if (scale < settings.minScale) throw new Error(`page too large to read by OCR (${Math.round(page.getViewport({ scale: 1 }).width)}×${Math.round(page.getViewport({ scale: 1 }).height)} pt)`);
    let read = await readAt(page, scale, settings, onScan);
    if (!read) return { page: n, blank: true };
    // Small print: read again at the scale that brings its lines to the recogniser's height.
    const lineHeight = median(read.lines.map((l) => l.bottom - l.top));
    if (lineHeight > 0 && lineHeight < settings.targetLineHeight * 0.7) {
      const larger = scaleFor(page, (scale * settings.targetLineHeight) / lineHeight, settings);
      if (larger > scale * 1.2) {
        scale = larger;
        read = (await readAt(page, scale, settings)) ?? read;
      }
    }
    const { layout, doubtful } = layoutOf(n, page, read.raster, read.lines, scale, settings, pageSettings);
    const r1 = (v: number) => Math.round(v * 10) / 10;
    const boxes = (layout.ocr?.lines ?? []).map((l) => ({ text: l.text, confidence: Math.round(l.confidence * 1000) / 1000, x0: r1(l.x0), y0: r1(l.top), x1: r1(l.x1), y1: r1(l.bottom) }));
    const chars = read.lines.flatMap((l) => l.chars);
    const confidence = chars.length ? Math.round((chars.reduce((s, c) => s + c.confidence, 0) / chars.length) * 1000) / 1000 : null;
    return { page: n, layout, info: { page: n, engine: OCR_ENGINE, model, scale: Math.round(scale * 100) / 100, lines: read.lines.length, confidence, doubtful, boxes } };
  } catch (e) {
    if (e instanceof DeadlineError) throw e;
    return { page: n, failure: { page: n, reason: `OCR: ${(e as Error).message.slice(0, 200)}` } };
  } finally {
    page?.cleanup();
  }
}

/**
 * Reads the given 1-based pages by OCR. Pages that paint no image (blank pages) are skipped.
 * When the host has spare cores (cores.ts), helper threads read pages alongside this one.
 */
export async function ocrPages(bytes: Uint8Array, pages: readonly number[], settings: OcrSettings = OCR_SETTINGS, pageSettings: PageSettings = PAGE_SETTINGS, onPage?: (done: number, total: number) => void): Promise<OcrPages> {
  const out: OcrPages = { layouts: [], info: [], failures: [], threads: 1 };
  if (pages.length === 0) return out;
  const queue = pageQueue(pages);
  let done = 0;
  const collect = (read: PageRead) => {
    if ('layout' in read) {
      out.layouts.push(read.layout);
      out.info.push(read.info);
    } else if ('failure' in read) out.failures.push(read.failure);
    onPage?.(++done, pages.length);
  };
  // Helpers start once a page turns out to be a scan: the textless pages of a text PDF are mostly
  // blank, and a helper opening the PDF again for them would cost more than it saves.
  let helpers: Promise<void>[] | null = null;
  const onScan = () => {
    helpers ??= startHelpers(bytes, queue, settings, pageSettings, collect);
  };
  const own = await Promise.allSettled([readQueuedPages(bytes, queue, settings, pageSettings, collect, { onScan })]);
  const started: Promise<void>[] = helpers ?? [];
  out.threads += started.length;
  const settled = [...own, ...(await Promise.allSettled(started))];
  for (const s of settled) if (s.status === 'rejected') throw s.reason;
  const byPage = <T extends { page: number }>(a: T, b: T) => a.page - b.page;
  out.layouts.sort(byPage);
  out.info.sort(byPage);
  out.failures.sort(byPage);
  return out;
}

/** The page laid out from what OCR read, and the amounts it read with low confidence. */
function layoutOf(n: number, page: PDFPageProxy, raster: Rendered, lines: readonly OcrLine[], scale: number, s: OcrSettings, pageSettings: PageSettings): { layout: PageLayout; doubtful: string[] } {
  const { width, height } = page.getViewport({ scale: 1 });
  const { glyphs, doubtful } = glyphsOfLines(lines, scale, s.minConfidence);
  // A rule is longer than any character stroke: twice the usual line height at least.
  const lineHeight = median(lines.map((l) => l.bottom - l.top)) || s.targetLineHeight;
  const edges = rasterRules(greyOf(raster), raster.width, raster.height, scale, Math.max(2 * lineHeight, 40), s.rules);
  const layout = layoutPage(n, width, height, glyphs, { edges, shading: [] }, pageSettings);
  const read = lines.map((l) => ({ x0: l.x0 / scale, x1: l.x1 / scale, top: l.top / scale, bottom: l.bottom / scale, text: l.text, confidence: l.confidence }));
  const image = s.keepImage ? { image: `data:image/jpeg;base64,${raster.jpeg().toString('base64')}` } : {};
  return { layout: { ...layout, ocr: { lines: read, ...image } }, doubtful };
}
