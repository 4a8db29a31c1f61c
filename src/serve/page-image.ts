/** A PDF page as a JPEG, drawn by pdf.js (scanned pages too), and the page's size in points. */
import { openPdf } from '../../extractors/pdf/open.js';
import { renderPage } from '../../extractors/pdf/ocr/render.js';

/** Pixels per point the review pages are drawn at. */
export const SCALE = 1.5;

export async function pageSize(bytes: Uint8Array, n: number): Promise<{ width: number; height: number; pages: number } | null> {
  const { doc, close } = await openPdf(bytes);
  try {
    if (n < 1 || n > doc.numPages) return null;
    const v = (await doc.getPage(n)).getViewport({ scale: 1 });
    return { width: v.width, height: v.height, pages: doc.numPages };
  } finally {
    await close();
  }
}

export async function pageJpeg(bytes: Uint8Array, n: number): Promise<Buffer | null> {
  const { doc, close } = await openPdf(bytes, { imagePixels: 120e6, forDrawing: true });
  try {
    if (n < 1 || n > doc.numPages) return null;
    const page = await doc.getPage(n);
    const image = (await renderPage(page, SCALE)).jpeg();
    page.cleanup();
    return image;
  } finally {
    await close();
  }
}
