/** A page image as OCR reads it: RGBA bytes, row by row, top to bottom. */
export interface Raster {
  width: number;
  height: number;
  /** RGBA, 4 bytes a pixel. */
  data: Uint8Array | Uint8ClampedArray;
}

/** Luminance (0 black … 255 white) of every pixel. */
export function greyOf(r: Raster): Uint8Array {
  const out = new Uint8Array(r.width * r.height);
  const d = r.data;
  for (let i = 0, p = 0; i < out.length; i++, p += 4) out[i] = (d[p]! * 299 + d[p + 1]! * 587 + d[p + 2]! * 114) / 1000;
  return out;
}
