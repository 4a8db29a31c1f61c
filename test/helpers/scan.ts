/**
 * Makes a scanned copy of a text-layer PDF, as a photocopier would: each page painted to pixels
 * and stored as a JPEG image alone on a page of the same size, with no text layer.
 */
import { createCanvas } from '@napi-rs/canvas';
import * as pdfjs from 'pdfjs-dist/legacy/build/pdf.mjs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { PDFDocument } from 'pdf-lib';

const pdfjsDir = dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));

/** The given 1-based pages (all when absent) of a PDF, each kept as a text page. */
export async function pagesOf(bytes: Uint8Array, pages?: readonly number[]): Promise<Uint8Array> {
  const src = await PDFDocument.load(bytes, { ignoreEncryption: true });
  const out = await PDFDocument.create();
  const indices = (pages ?? src.getPageIndices().map((i) => i + 1)).map((p) => p - 1);
  for (const page of await out.copyPages(src, indices)) out.addPage(page);
  return out.save();
}

/** The pages as images only, rendered at `dpi` and JPEG-compressed at `quality`. */
export async function scannedCopy(bytes: Uint8Array, { dpi = 150, quality = 85 } = {}): Promise<Uint8Array> {
  const doc = await pdfjs.getDocument({
    data: new Uint8Array(bytes),
    cMapUrl: `${join(pdfjsDir, 'cmaps')}/`,
    cMapPacked: true,
    standardFontDataUrl: `${join(pdfjsDir, 'standard_fonts')}/`,
    wasmUrl: `${join(pdfjsDir, 'wasm')}/`,
    verbosity: 0,
  }).promise;
  const out = await PDFDocument.create();
  try {
    for (let n = 1; n <= doc.numPages; n++) {
      const page = await doc.getPage(n);
      const size = page.getViewport({ scale: 1 });
      const viewport = page.getViewport({ scale: dpi / 72 });
      const canvas = createCanvas(Math.ceil(viewport.width), Math.ceil(viewport.height));
      const ctx = canvas.getContext('2d');
      ctx.fillStyle = '#ffffff';
      ctx.fillRect(0, 0, canvas.width, canvas.height);
      await page.render({ canvasContext: ctx, viewport, canvas } as unknown as Parameters<typeof page.render>[0]).promise;
      const image = await out.embedJpg(canvas.toBuffer('image/jpeg', quality));
      out.addPage([size.width, size.height]).drawImage(image, { x: 0, y: 0, width: size.width, height: size.height });
      page.cleanup();
    }
  } finally {
    await doc.destroy();
  }
  return out.save();
}
