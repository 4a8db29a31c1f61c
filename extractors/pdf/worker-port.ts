/**
 * pdf.js in Node runs its "worker" on the main thread behind a port that structured-clones every
 * message, so each page's operator list — every glyph object of every text run — is deep-copied
 * once more on its way to us. Cloning buys nothing when both sides share one thread, so this port
 * hands messages over by reference.
 *
 * One exception, and the reason this port knows pdf.js's message shapes at all: the worker empties
 * an operator-list chunk's fnArray/argsArray right after posting it (OperatorList.flush), so those
 * two arrays are copied (shallowly) before delivery. pdfjs-dist is pinned (~5.6) for that reason;
 * the sample and corpus tests would show an upgrade that changes it as missing text.
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

function detachFromSender(data: unknown): unknown {
  if (!isOperatorListMessage(data)) return data;
  const { chunk } = data;
  return { ...data, chunk: { ...chunk, fnArray: chunk.fnArray.slice(), argsArray: chunk.argsArray.slice() } };
}

/** Both ends of pdf.js's message channel; each MessageHandler filters by its own name. */
export class SameThreadPort {
  #listeners = new Set<Listener>();

  postMessage(data: unknown): void {
    const event = { data: detachFromSender(data) };
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
export function sameThreadWorker(verbosity: number): pdfjs.PDFWorker {
  const port = new SameThreadPort();
  WorkerMessageHandler.initializeFromPort(port);
  type WorkerPort = NonNullable<ConstructorParameters<typeof pdfjs.PDFWorker>[0]>['port'];
  return new pdfjs.PDFWorker({ port: port as unknown as WorkerPort, verbosity });
}
