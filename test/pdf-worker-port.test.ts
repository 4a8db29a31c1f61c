import { describe, expect, it } from 'vitest';
import { restoreNativeBuiltins, toBase64IsNative } from '../extractors/pdf/natives.js';
import { SameThreadPort } from '../extractors/pdf/worker-port.js';

describe('the same-thread port to pdf.js’s worker', () => {
  it('delivers an operator-list chunk whole although the sender empties it right after posting', async () => {
    const port = new SameThreadPort({ textOnlyFonts: true });
    const received: unknown[] = [];
    port.addEventListener('message', (event) => received.push(event.data));
    const chunk = { fnArray: [1, 2], argsArray: [['a'], ['b']], lastChunk: true, length: 2 };
    port.postMessage({ streamId: 1, chunk });
    chunk.fnArray.length = 0;
    chunk.argsArray.length = 0;
    await Promise.resolve();
    expect(received).toEqual([{ streamId: 1, chunk: { fnArray: [1, 2], argsArray: [['a'], ['b']], lastChunk: true, length: 2 } }]);
  });

  it('delivers after the current task, to every listener, in order', async () => {
    const port = new SameThreadPort({ textOnlyFonts: true });
    const seen: string[] = [];
    port.addEventListener('message', (e) => seen.push(`a:${e.data}`));
    port.postMessage('one');
    port.addEventListener('message', (e) => seen.push(`b:${e.data}`));
    port.postMessage('two');
    expect(seen).toEqual([]);
    await Promise.resolve();
    expect(seen).toEqual(['a:one', 'b:one', 'a:two', 'b:two']);
  });
});

describe('builtins after pdf.js has loaded', () => {
  it('encodes bytes as base64 with a native encoder, and leaves the options form to the polyfill', () => {
    restoreNativeBuiltins();
    expect(toBase64IsNative()).toBe(true);
    const bytes = new Uint8Array([0, 1, 2, 250, 251, 252, 253, 254, 255]).subarray(1);
    const toBase64 = (bytes as unknown as { toBase64(o?: object): string }).toBase64.bind(bytes);
    expect(toBase64()).toBe(Buffer.from(bytes).toString('base64'));
    expect(toBase64({ alphabet: 'base64url', omitPadding: true })).toBe(Buffer.from(bytes).toString('base64url'));
  });
});
