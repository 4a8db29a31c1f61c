/**
 * pdf.js in Node runs its "worker" on the main thread behind a port that structured-clones every
 * message, so each page's operator list — every glyph object of every text run — is deep-copied
 * once more on its way to us. Cloning buys nothing when both sides share one thread, so this port
 * hands messages over by reference.
 *
 * One exception, and the reason this port knows pdf.js's message shapes at all: the worker empties
 * an operator-list chunk's fnArray/argsArray right after posting it (OperatorList.flush), so those
 * two arrays are copied (shallowly) before delivery. pdfjs-dist is pinned for that reason; the
 * sample and corpus tests would show an upgrade that changes it as missing text.
 *
 * The port also adds `textOnlyFonts` and `markDroppedImages` to the options the document is opened
 * with, which pdf.js itself would not forward. Our patch to pdf.js (patches/pdfjs-dist+*.patch,
 * applied by patch-package on install) reads them. With the second, an image dropped undecoded
 * leaves a mark (IMAGE_MARK). With the first, a composite font with its own ToUnicode map is not converted
 * into a font file for drawing. Codes map to Unicode through that map and advances come from the
 * font dictionary's widths either way, so the text and its positions are the same; converting the
 * embedded CJK subsets was a quarter of the PDF path's time and most of its memory peaks.
 */
import { restoreNativeBuiltins } from './natives.js';
import * as pdfjs from 'pdfjs-dist/legacy/build/pdf.mjs';
import { WorkerMessageHandler } from 'pdfjs-dist/legacy/build/pdf.worker.mjs';

restoreNativeBuiltins();

type Listener = (this: unknown, event: { data: unknown }) => void;

interface OperatorListChunk {
  fnArray: unknown[];
  argsArray: unknown[];
}

function isOperatorListMessage(data: unknown): data is { chunk: OperatorListChunk } {
  const chunk = (data as { chunk?: Partial<OperatorListChunk> } | null)?.chunk;
  return Array.isArray(chunk?.fnArray) && Array.isArray(chunk?.argsArray);
}

interface GetDocRequest {
  action: 'GetDocRequest';
  data: { evaluatorOptions?: Record<string, unknown> };
}

function isGetDocRequest(data: unknown): data is GetDocRequest {
  return (data as { action?: unknown } | null)?.action === 'GetDocRequest';
}

export interface SameThreadOptions {
  /** Skip converting the font programs text extraction does not need (see above). */
  textOnlyFonts: boolean;
  /** Where an image is dropped undecoded, leave a mark in the operator list (see IMAGE_MARK). */
  markDroppedImages?: boolean;
}

/**
 * The `markPoint` tag our patch puts in an operator list where pdf.js dropped an image without
 * decoding it: the text pass learns which pages paint an image (a scan) without decoding any.
 */
export const IMAGE_MARK = 'fiscal-extract:image';

function detachFromSender(data: unknown, options: SameThreadOptions): unknown {
  if (isGetDocRequest(data)) {
    const evaluatorOptions = { ...data.data.evaluatorOptions, textOnlyFonts: options.textOnlyFonts, markDroppedImages: options.markDroppedImages ?? false };
    return { ...data, data: { ...data.data, evaluatorOptions } };
  }
  if (!isOperatorListMessage(data)) return data;
  const { chunk } = data;
  return { ...data, chunk: { ...chunk, fnArray: chunk.fnArray.slice(), argsArray: chunk.argsArray.slice() } };
}

/** Both ends of pdf.js's message channel; each MessageHandler filters by its own name. */
export class SameThreadPort {
  #listeners = new Set<Listener>();
  readonly #options: SameThreadOptions;

  constructor(options: SameThreadOptions) {
    this.#options = options;
  }

  postMessage(data: unknown): void {
    const event = { data: detachFromSender(data, this.#options) };
    // Asynchronous like a real port: a handler may post while another is still being set up.
    queueMicrotask(() => {
      for (const listener of this.#listeners) listener.call(this, event);
    });
  }

  addEventListener(_type: string, listener: Listener): void {
    this.#listeners.add(listener);
  }

  removeEventListener(_type: string, listener: Listener): void {
    this.#listeners.delete(listener);
  }

  terminate(): void {
    this.#listeners.clear();
  }
}

/**
 * A pdf.js worker for one document, on this thread, without cloning. The caller destroys it
 * after the document (pdf.js leaves a worker it was given alone).
 */
export function sameThreadWorker(verbosity: number, options: SameThreadOptions): pdfjs.PDFWorker {
  const port = new SameThreadPort(options);
  WorkerMessageHandler.initializeFromPort(port);
  type WorkerPort = NonNullable<ConstructorParameters<typeof pdfjs.PDFWorker>[0]>['port'];
  return new pdfjs.PDFWorker({ port: port as unknown as WorkerPort, verbosity });
}
