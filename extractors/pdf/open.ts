/**
 * Opening a PDF with pdf.js (legacy build, for Node) configured from the installed package: its
 * CMaps (without them Chinese text in UniGB/GBK-EUC/Adobe-GB1 fonts silently vanishes) and its
 * standard font data, read from disk — never the network.
 */
import { restoreNativeBuiltins } from './natives.js';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as pdfjs from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { PDFDocumentProxy } from 'pdfjs-dist/types/src/display/api.js';

export type { PDFDocumentProxy };

restoreNativeBuiltins();
export type PDFPageProxy = Awaited<ReturnType<PDFDocumentProxy['getPage']>>;

const packageDir = dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));
// pdf.js in Node reads these as plain directory paths; the trailing slash is required.
const CMAP_DIR = `${join(packageDir, 'cmaps')}/`;
const STANDARD_FONT_DIR = `${join(packageDir, 'standard_fonts')}/`;
const WASM_DIR = `${join(packageDir, 'wasm')}/`;

/** A PDF that cannot be opened; the message is the reason stored for the document. */
export class PdfOpenError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PdfOpenError';
  }
}

/**
 * Opens a PDF. Images are never decoded (`maxImageSize: 0` drops them from operator lists):
 * nothing here needs their pixels, and decoded scans are what makes pdf.js memory balloon.
 */
export async function openPdf(bytes: Uint8Array): Promise<PDFDocumentProxy> {
  // pdf.js takes ownership of (and detaches) the buffer it is given, and rejects Node Buffers.
  const data = new Uint8Array(bytes);
  const task = pdfjs.getDocument({
    data,
    cMapUrl: CMAP_DIR,
    cMapPacked: true,
    standardFontDataUrl: STANDARD_FONT_DIR,
    wasmUrl: WASM_DIR,
    useSystemFonts: false,
    disableFontFace: true,
    isEvalSupported: false,
    isOffscreenCanvasSupported: false,
    maxImageSize: 0,
    stopAtErrors: false,
    verbosity: pdfjs.VerbosityLevel.ERRORS,
  });
  try {
    const doc = await task.promise;
    restoreNativeBuiltins();
    return doc;
  } catch (e) {
    restoreNativeBuiltins();
    await task.destroy().catch(() => undefined);
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
