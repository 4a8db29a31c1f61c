/**
 * Text-line detection, DB style (PaddleOCR's DBPostProcess): the model gives each pixel the
 * probability that it lies in text; pixels above `binaryThreshold` are grouped into connected
 * regions, a region is kept when its mean probability reaches `boxThreshold`, and its box is
 * grown back by the margin the model was trained to shrink text by (`unclipRatio`). Scans of
 * disclosures are upright, so boxes are axis-aligned.
 */
import type { Raster } from './raster.js';

export interface PixelBox {
  x0: number;
  x1: number;
  top: number;
  bottom: number;
}

export interface DetectionSettings {
  binaryThreshold: number;
  boxThreshold: number;
  unclipRatio: number;
  /** Regions thinner than this (pixels of the probability map) are specks. */
  minSide: number;
  /** A pixel darker than this (0–255 luminance) is ink when the page's margins are cropped off. */
  inkLevel: number;
  /** Rows or columns with fewer ink pixels than this are blank (dust on a scan is not text). */
  minInkPixels: number;
  /** White kept around the inked area, so text at its edge is seen in context (pixels). */
  cropMargin: number;
  /**
   * Most pixels the detector is shown at once. Its working memory grows with its input, in
   * steps (ONNX Runtime's arena doubles), and is kept for the next page: about 90 MB up to half a
   * megapixel, 155 MB up to one, 280 MB at 1.26 MP. A larger region is read in bands of this many
   * pixels; with 128 rows of overlap they cost no time measurably (a smaller arena is faster).
   */
  maxInputPixels: number;
  /** Rows each band shares with the next; each keeps the half nearer its own middle, so a line near a seam is seen with 64 rows of context. */
  bandOverlap: number;
}

export const DETECTION_SETTINGS: DetectionSettings = { binaryThreshold: 0.3, boxThreshold: 0.6, unclipRatio: 1.5, minSide: 3, inkLevel: 200, minInkPixels: 2, cropMargin: 32, maxInputPixels: 0.46e6, bandOverlap: 128 };

// ImageNet normalisation, channels in the B, G, R order PaddleOCR's models were trained on.
const MEAN = [0.406, 0.456, 0.485];
const STD = [0.225, 0.224, 0.229];

/** The part of the raster the detector is shown; its sides are multiples of 32. */
export interface DetectionRegion {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * The inked part of a page, with `cropMargin` of white around it, sides rounded up to multiples
 * of 32 (the detector's stride). Detection costs in proportion to the pixels it is shown, and a
 * printed page's margins are a third to a half of them. Null when nothing on the page is ink.
 */
export function inkedRegion(r: Raster, s: DetectionSettings = DETECTION_SETTINGS): DetectionRegion | null {
  const rows = new Int32Array(r.height), cols = new Int32Array(r.width);
  const d = r.data, level = s.inkLevel * 3;
  for (let y = 0, p = 0; y < r.height; y++) {
    for (let x = 0; x < r.width; x++, p += 4) {
      if (d[p]! + d[p + 1]! + d[p + 2]! < level) {
        rows[y]!++;
        cols[x]!++;
      }
    }
  }
  const first = (a: Int32Array) => a.findIndex((v) => v >= s.minInkPixels);
  const last = (a: Int32Array) => a.findLastIndex((v) => v >= s.minInkPixels);
  const y0 = first(rows), x0 = first(cols);
  if (y0 < 0 || x0 < 0) return null;
  const span = (lo: number, hi: number, size: number) => {
    const start = Math.max(0, lo - s.cropMargin);
    const length = Math.ceil((Math.min(size, hi + 1 + s.cropMargin) - start) / 32) * 32;
    // Rounding up may run past the raster's end: start earlier instead, where there is room.
    return { start: Math.max(0, Math.min(start, size - length)), length };
  };
  const h = span(x0, last(cols), r.width), v = span(y0, last(rows), r.height);
  return { x: h.start, y: v.start, width: h.length, height: v.length };
}

/** A band of the region the detector reads, and the rows of its map that are kept. */
export interface DetectionBand extends DetectionRegion {
  /** Kept rows [keepFrom, keepTo), relative to the band's top. */
  keepFrom: number;
  keepTo: number;
}

/**
 * The region cut into full-width bands of at most `maxInputPixels` (sides multiples of 32), each
 * overlapping the next by `bandOverlap` rows so that a line across a seam is seen whole by both;
 * the seam is at the middle of the overlap. One band when the region fits.
 */
export function detectionBands(region: DetectionRegion, s: DetectionSettings = DETECTION_SETTINGS): DetectionBand[] {
  const overlap = Math.ceil(s.bandOverlap / 32) * 32;
  const height = Math.max(2 * overlap + 32, Math.floor(s.maxInputPixels / region.width / 32) * 32);
  if (region.height <= height) return [{ ...region, keepFrom: 0, keepTo: region.height }];
  const bands: DetectionBand[] = [];
  const end = region.y + region.height;
  for (let y = region.y; ; y += height - overlap) {
    const bottom = Math.min(end, y + height);
    const last = bottom === end;
    bands.push({ x: region.x, y, width: region.width, height: bottom - y, keepFrom: y === region.y ? 0 : overlap / 2, keepTo: last ? bottom - y : bottom - y - overlap / 2 });
    if (last) return bands;
  }
}

/**
 * The detector's input tensor (1 × 3 × height × width, planar BGR, normalised) for a region of
 * the raster; whatever of the region lies past the raster's edge is white paper.
 */
export function detectionInput(r: Raster, region: DetectionRegion): Float32Array {
  const { width, height } = region;
  const n = width * height;
  const out = new Float32Array(3 * n);
  const white = [(1 - MEAN[0]!) / STD[0]!, (1 - MEAN[1]!) / STD[1]!, (1 - MEAN[2]!) / STD[2]!] as const;
  out.fill(white[0], 0, n).fill(white[1], n, 2 * n).fill(white[2], 2 * n);
  const d = r.data;
  const rowsIn = Math.min(height, r.height - region.y), colsIn = Math.min(width, r.width - region.x);
  for (let y = 0; y < rowsIn; y++) {
    for (let x = 0, i = y * width, p = ((region.y + y) * r.width + region.x) * 4; x < colsIn; x++, i++, p += 4) {
      out[i] = (d[p + 2]! / 255 - MEAN[0]!) / STD[0]!;
      out[n + i] = (d[p + 1]! / 255 - MEAN[1]!) / STD[1]!;
      out[2 * n + i] = (d[p]! / 255 - MEAN[2]!) / STD[2]!;
    }
  }
  return out;
}

/** The text boxes of a probability map, top to bottom, left to right. */
export function textBoxes(prob: Float32Array, width: number, height: number, s: DetectionSettings = DETECTION_SETTINGS): PixelBox[] {
  const label = new Int32Array(width * height).fill(-1);
  const stack: number[] = [];
  const boxes: PixelBox[] = [];
  for (let start = 0; start < prob.length; start++) {
    if (label[start] !== -1 || prob[start]! <= s.binaryThreshold) continue;
    let x0 = width, x1 = -1, y0 = height, y1 = -1, sum = 0, count = 0;
    label[start] = boxes.length;
    stack.push(start);
    while (stack.length > 0) {
      const i = stack.pop()!;
      const x = i % width, y = (i - x) / width;
      sum += prob[i]!;
      count++;
      if (x < x0) x0 = x;
      if (x > x1) x1 = x;
      if (y < y0) y0 = y;
      if (y > y1) y1 = y;
      // 4-connected, so a box does not leak diagonally into the next line.
      if (x > 0) visit(i - 1);
      if (x < width - 1) visit(i + 1);
      if (y > 0) visit(i - width);
      if (y < height - 1) visit(i + width);
    }
    const w = x1 - x0 + 1, h = y1 - y0 + 1;
    if (Math.min(w, h) < s.minSide || sum / count < s.boxThreshold) {
      boxes.push({ x0: 0, x1: -1, top: 0, bottom: -1 }); // keeps label numbering; dropped below
      continue;
    }
    // Grow by area × ratio / perimeter, as the model shrank its training boxes.
    const grow = (w * h * s.unclipRatio) / (2 * (w + h));
    boxes.push({ x0: Math.max(0, x0 - grow), x1: Math.min(width, x1 + 1 + grow), top: Math.max(0, y0 - grow), bottom: Math.min(height, y1 + 1 + grow) });
  }
  return boxes.filter((b) => b.x1 > b.x0).sort((a, b) => a.top - b.top || a.x0 - b.x0);

  function visit(j: number) {
    if (label[j] === -1 && prob[j]! > s.binaryThreshold) {
      label[j] = boxes.length;
      stack.push(j);
    }
  }
}
