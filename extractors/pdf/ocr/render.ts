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
}

/** Width (pixels) of the thumbnail that tells whether a page paints an image. */
const PROBE_WIDTH = 48;

type RenderParameters = Parameters<PDFPageProxy['render']>[0];

/** Paints the page at `scale` on a white canvas; says whether it drew an image on the way. */
async function paint(page: PDFPageProxy, scale: number, pad: number) {
  const viewport = page.getViewport({ scale });
  const width = Math.max(pad, Math.ceil(viewport.width / pad) * pad);
  const height = Math.max(pad, Math.ceil(viewport.height / pad) * pad);
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
  await page.render({ canvasContext: ctx, viewport, canvas } as unknown as RenderParameters).promise;
  return { canvas, ctx, width, height, paintedImage };
}

/**
 * Whether the page paints an image (a scan) rather than only vector paths: told from a thumbnail,
 * so that a blank page of a text PDF costs no full-size canvas (some 20 MB that native memory
 * holds until a collection). A scan's images stay decoded in the page for the rendering after.
 */
export async function paintsImage(page: PDFPageProxy): Promise<boolean> {
  const scale = PROBE_WIDTH / Math.max(1, page.getViewport({ scale: 1 }).width);
  return (await paint(page, scale, 1)).paintedImage;
}

/** The page painted at `scale`, its sides rounded up to the multiple of 32 the detector needs. */
export async function renderPage(page: PDFPageProxy, scale: number): Promise<Rendered> {
  const { canvas, ctx, width, height } = await paint(page, scale, 32);
  const data = ctx.getImageData(0, 0, width, height).data;
  return { width, height, data, jpeg: () => canvas.toBuffer('image/jpeg', 80) };
}
