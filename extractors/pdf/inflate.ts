/**
 * pdf.js inflates every FlateDecode stream (content streams, fonts, images) through the global
 * DecompressionStream when there is one. On Node that stream hands each chunk to zlib on the
 * thread pool and back through three layers of web streams: a round trip per stream that left the
 * parsing thread idle for about a tenth of a corpus run.
 *
 * This DecompressionStream is still a real pair of web streams, so anyone else in the process who
 * uses the global gets the behaviour they expect, but for 'deflate' it gathers the written chunks
 * and inflates them at once on close with zlib's synchronous call. Corrupt data errors the readable
 * side as the native stream does, and pdf.js then falls back to its own tolerant inflater. Other
 * formats go to the runtime's stream unchanged.
 */
import { Buffer } from 'node:buffer';
import { ReadableStream, WritableStream, type ReadableStreamDefaultController, type ReadableWritablePair } from 'node:stream/web';
import { inflateSync } from 'node:zlib';

type BufferSource = ArrayBuffer | ArrayBufferView;

type DecompressionFormat = ConstructorParameters<typeof DecompressionStream>[0];

const INSTALLED = Symbol.for('fiscal-extract buffered inflate');

function bufferedDeflateStream(): ReadableWritablePair<Uint8Array, BufferSource> {
  const written: Uint8Array[] = [];
  let output!: ReadableStreamDefaultController<Uint8Array>;
  const readable = new ReadableStream<Uint8Array>({
    start(controller) {
      output = controller;
    },
  });
  const writable = new WritableStream<BufferSource>({
    write(chunk) {
      if (ArrayBuffer.isView(chunk)) written.push(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
      else if (chunk instanceof ArrayBuffer) written.push(new Uint8Array(chunk));
      else throw new TypeError('DecompressionStream: chunks must be ArrayBuffer or a view of one');
    },
    close() {
      try {
        const input = written.length === 1 ? written[0]! : Buffer.concat(written);
        const inflated = inflateSync(input);
        output.enqueue(new Uint8Array(inflated.buffer, inflated.byteOffset, inflated.byteLength));
        output.close();
      } catch (error) {
        output.error(error);
      }
    },
    abort(reason) {
      output.error(reason);
    },
  });
  return { readable, writable };
}

/** Puts the buffered 'deflate' stream in place of the global DecompressionStream, once. */
export function installBufferedInflate(): void {
  const Native = globalThis.DecompressionStream as (typeof DecompressionStream & { [INSTALLED]?: true }) | undefined;
  if (!Native || Native[INSTALLED]) return;
  // A constructor returning an object makes `new` yield that object, native or buffered.
  const Buffered = function DecompressionStream(format: DecompressionFormat) {
    return format === 'deflate' ? bufferedDeflateStream() : new Native(format);
  } as unknown as typeof DecompressionStream & { [INSTALLED]?: true };
  Buffered.prototype = Native.prototype;
  Buffered[INSTALLED] = true;
  Object.defineProperty(globalThis, 'DecompressionStream', { value: Buffered, writable: true, configurable: true, enumerable: false });
}
