/**
 * A page painted to pixels with pdf.js's own renderer on @napi-rs/canvas (the canvas pdf.js loads
 * in Node), on white, its sides rounded up to the multiple of 32 the detector needs.
 */
import { createCanvas } from '@napi-rs/canvas';
import type { PDFPageProxy } from '../open.js';
import type { Raster } from './raster.js';

export interface Rendered extends Raster {
  /** The page as a JPEG, for the debug view. */
  jpeg(): Buffer;
  /** Whether the page drew an image (a scan) rather than only vector paths. */
  paintedImage: boolean;
}

export async function renderPage(page: PDFPageProxy, scale: number): Promise<Rendered> {
  const viewport = page.getViewport({ scale });
  const width = Math.max(32, Math.ceil(viewport.width / 32) * 32);
  const height = Math.max(32, Math.ceil(viewport.height / 32) * 32);
  const canvas = createCanvas(width, height);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, width, height);
  // pdf.js puts every image (and image mask) on the page canvas with drawImage. Asking its
  // operator list instead would decode each image twice: the list and the rendering are cached
  // apart, and decoding a 300 dpi JPEG costs more than reading its text.
  let paintedImage = false;
  const drawImage = ctx.drawImage.bind(ctx) as (...a: unknown[]) => void;
  (ctx as { drawImage: (...a: unknown[]) => void }).drawImage = (...a: unknown[]) => {
    paintedImage = true;
    drawImage(...a);
  };
  type RenderParameters = Parameters<PDFPageProxy['render']>[0];
  await page.render({ canvasContext: ctx, viewport, canvas } as unknown as RenderParameters).promise;
  const data = ctx.getImageData(0, 0, width, height).data;
  return { width, height, data, jpeg: () => canvas.toBuffer('image/jpeg', 80), paintedImage };
}
