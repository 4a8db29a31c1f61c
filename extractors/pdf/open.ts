/**
 * Opening a PDF with pdf.js (legacy build, for Node) configured from the installed package: its
 * CMaps (without them Chinese text in UniGB/GBK-EUC/Adobe-GB1 fonts silently vanishes) and its
 * standard font data, read from disk — never the network.
 */
import { restoreNativeBuiltins } from './natives.js';
import { installBufferedInflate } from './inflate.js';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as pdfjs from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { PDFDocumentProxy } from 'pdfjs-dist/types/src/display/api.js';
import { sameThreadWorker } from './worker-port.js';

export type { PDFDocumentProxy };

restoreNativeBuiltins();
installBufferedInflate();
export type PDFPageProxy = Awaited<ReturnType<PDFDocumentProxy['getPage']>>;

const packageDir = dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));
// pdf.js in Node reads these as plain directory paths; the trailing slash is required.
const CMAP_DIR = `${join(packageDir, 'cmaps')}/`;
const STANDARD_FONT_DIR = `${join(packageDir, 'standard_fonts')}/`;
const WASM_DIR = `${join(packageDir, 'wasm')}/`;

/**
 * Where pdf.js puts the @font-face rules of embedded fonts. With font faces disabled (the usual
 * Node setting) its worker instead compiles every glyph's outline into a path and sends it over,
 * for canvas drawing nobody does here: a third of the time and most of the memory on CJK
 * documents. With them enabled it only needs a document to add rules to; this one drops them.
 * (Node counts as a platform that loads fonts synchronously, so nothing waits for them.)
 */
const FONT_RULE_SINK = {
  createElement: () => ({ sheet: { insertRule() {}, cssRules: [] }, remove() {} }),
  documentElement: { getElementsByTagName: () => [{ append() {} }] },
} as unknown as NonNullable<Parameters<typeof pdfjs.getDocument>[0] & { ownerDocument?: unknown }>['ownerDocument'];

/** An open document, and how to release it and the worker that parsed it. */
export interface OpenedPdf {
  doc: PDFDocumentProxy;
  close(): Promise<void>;
}

/**
 * pdf.js asks for CMaps and standard font programs anew for every document and reads them from
 * disk each time; in a batch that waiting is most of its idle time. They are read once per
 * process (the package's own files, a few hundred KB in use) and handed out as copies, since
 * pdf.js may repair a font program in place.
 */
const packageFiles = new Map<string, Promise<Uint8Array>>();

class CachedBinaryDataFactory {
  readonly #dirs: Record<string, string | null>;
  constructor({ cMapUrl = null, standardFontDataUrl = null, wasmUrl = null }: Record<string, string | null>) {
    this.#dirs = { cMapUrl, standardFontDataUrl, wasmUrl };
  }
  async fetch({ kind, filename }: { kind: string; filename: string }): Promise<Uint8Array> {
    const dir = this.#dirs[kind];
    if (!dir) throw new Error(`pdf.js asked for ${kind} data, which is not configured`);
    const path = `${dir}${filename}`;
    let bytes = packageFiles.get(path);
    if (!bytes) {
      bytes = readFile(path).then((b) => new Uint8Array(b.buffer, b.byteOffset, b.byteLength));
      bytes.catch(() => packageFiles.delete(path));
      packageFiles.set(path, bytes);
    }
    return (await bytes).slice();
  }
}

/** A PDF that cannot be opened; the message is the reason stored for the document. */
export class PdfOpenError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PdfOpenError';
  }
}

/**
 * Opens a PDF. Images are not decoded unless asked (`maxImageSize: 0` drops them from operator lists):
 * nothing here needs their pixels, and decoded scans are what makes pdf.js memory balloon.
 */
export interface OpenOptions {
  /**
   * Leave embedded composite fonts that carry a ToUnicode map unconverted (see worker-port.ts).
   * On by default; off only to check that it changes nothing.
   */
  textOnlyFonts?: boolean;
  /**
   * Decode images, for pages read by OCR. Images larger than this many pixels are still dropped
   * (pdf.js skips them), so one absurd image cannot exhaust memory.
   */
  imagePixels?: number;
  /**
   * Open for drawing pages (the review app): fonts are converted and their glyphs drawn as paths,
   * as a canvas without the document's fonts installed needs.
   */
  forDrawing?: boolean;
}

export async function openPdf(bytes: Uint8Array, { textOnlyFonts = true, imagePixels = 0, forDrawing = false }: OpenOptions = {}): Promise<OpenedPdf> {
  // pdf.js takes ownership of (and detaches) the buffer it is given, and rejects Node Buffers.
  const data = new Uint8Array(bytes);
  const worker = sameThreadWorker(pdfjs.VerbosityLevel.ERRORS, { textOnlyFonts: textOnlyFonts && !forDrawing, markDroppedImages: imagePixels === 0 && !forDrawing });
  const task = pdfjs.getDocument({
    data,
    worker,
    cMapUrl: CMAP_DIR,
    cMapPacked: true,
    standardFontDataUrl: STANDARD_FONT_DIR,
    wasmUrl: WASM_DIR,
    BinaryDataFactory: CachedBinaryDataFactory,
    useSystemFonts: false,
    disableFontFace: forDrawing,
    ...(forDrawing ? {} : { ownerDocument: FONT_RULE_SINK }),
    isEvalSupported: false,
    isOffscreenCanvasSupported: false,
    maxImageSize: imagePixels,
    stopAtErrors: false,
    verbosity: pdfjs.VerbosityLevel.ERRORS,
  });
  try {
    const doc = await task.promise;
    restoreNativeBuiltins();
    return {
      doc,
      close: async () => {
        await doc.destroy();
        worker.destroy();
      },
    };
  } catch (e) {
    restoreNativeBuiltins();
    await task.destroy().catch(() => undefined);
    worker.destroy();
    throw new PdfOpenError(openFailureReason(e as Error));
  }
}

function openFailureReason(e: Error): string {
  switch (e.name) {
    case 'PasswordException':
      return 'encrypted PDF that needs a password to open';
    case 'InvalidPDFException':
      return `not a readable PDF (corrupt or truncated): ${e.message}`;
    default:
      return `not a readable PDF: ${e.message}`;
  }
}
