import { gzipSync, deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { installBufferedInflate } from '../extractors/pdf/inflate.js';
import '../extractors/pdf/open.js';

async function decompress(format: 'deflate' | 'gzip', bytes: Uint8Array): Promise<string> {
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream(format));
  return new Response(stream).text();
}

describe('the DecompressionStream pdf.js inflates with', () => {
  it('is installed once the PDF extractor is loaded, and once only', () => {
    const installed = globalThis.DecompressionStream;
    installBufferedInflate();
    expect(globalThis.DecompressionStream).toBe(installed);
  });

  it('still behaves as a DecompressionStream for anyone else in the process', async () => {
    const text = '部门预算 一般公共预算财政拨款支出表 '.repeat(2000);
    expect(await decompress('deflate', deflateSync(text))).toBe(text);
    expect(await decompress('gzip', gzipSync(text))).toBe(text);
  });

  it('errors on corrupt data, as the native stream does, so pdf.js falls back to its own inflater', async () => {
    const broken = deflateSync('单位：万元'.repeat(100)).subarray(0, 20);
    await expect(decompress('deflate', broken)).rejects.toThrow();
  });
});
