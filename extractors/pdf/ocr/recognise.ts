/**
 * Line recognition input and output: a line's crop scaled to the recogniser's 48-pixel height,
 * and the greedy CTC reading of its per-step class probabilities.
 */
import type { PixelBox } from './detect.js';
import type { Raster } from './raster.js';

const HEIGHT = 48;
/** Widest crop fed whole (pixels after scaling); wider lines are squeezed to it. */
const MAX_WIDTH = 2400;

export interface Crop {
  /** 1 × 3 × 48 × width, planar B, G, R, normalised to [-1, 1]. */
  data: Float32Array;
  width: number;
  height: number;
  /** Crop pixels per raster pixel, horizontally. */
  scale: number;
}

/** A line's box scaled (bilinear) to height 48, right-padded with 0 to a multiple of 8. */
export function recognitionCrop(r: Raster, b: PixelBox): Crop {
  const w = Math.max(1, Math.min(MAX_WIDTH, Math.ceil((HEIGHT * (b.x1 - b.x0)) / Math.max(1, b.bottom - b.top))));
  const width = Math.max(8, Math.ceil(w / 8) * 8);
  const plane = HEIGHT * width;
  const data = new Float32Array(3 * plane);
  const sx = (b.x1 - b.x0) / w, sy = (b.bottom - b.top) / HEIGHT;
  // Each output column's two source columns (byte offsets) and the weight of the second.
  const left = new Int32Array(w), right = new Int32Array(w), wxs = new Float32Array(w);
  for (let x = 0; x < w; x++) {
    const fx = Math.min(r.width - 1, Math.max(0, b.x0 + (x + 0.5) * sx - 0.5));
    const x0 = Math.floor(fx);
    left[x] = x0 * 4;
    right[x] = Math.min(r.width - 1, x0 + 1) * 4;
    wxs[x] = fx - x0;
  }
  const d = r.data, rowBytes = r.width * 4;
  for (let y = 0; y < HEIGHT; y++) {
    const fy = Math.min(r.height - 1, Math.max(0, b.top + (y + 0.5) * sy - 0.5));
    const y0 = Math.floor(fy), wy = fy - y0;
    const top = y0 * rowBytes, bottom = Math.min(r.height - 1, y0 + 1) * rowBytes;
    for (let x = 0, o = y * width; x < w; x++, o++) {
      const wx = wxs[x]!, a = top + left[x]!, bb = top + right[x]!, c = bottom + left[x]!, dd = bottom + right[x]!;
      const w00 = (1 - wx) * (1 - wy), w01 = wx * (1 - wy), w10 = (1 - wx) * wy, w11 = wx * wy;
      // Planar B, G, R, as the model was trained.
      for (let ch = 0; ch < 3; ch++) {
        const k = 2 - ch;
        data[ch * plane + o] = (d[a + k]! * w00 + d[bb + k]! * w01 + d[c + k]! * w10 + d[dd + k]! * w11) / 127.5 - 1;
      }
    }
  }
  return { data, width, height: HEIGHT, scale: w / (b.x1 - b.x0) };
}

export interface RecognisedText {
  text: string;
  confidence: number;
  /** Each kept character with the step it was read at. */
  chars: { text: string; step: number; confidence: number }[];
}

/** Greedy CTC: the likeliest class per step, repeats collapsed, blanks (class 0) dropped. */
export function greedyCtc(probs: Float32Array, item: number, steps: number, classes: number, dictionary: readonly string[]): RecognisedText {
  const chars: RecognisedText['chars'] = [];
  let previous = -1;
  for (let t = 0, at = item * steps * classes; t < steps; t++, at += classes) {
    let best = 0, bestP = probs[at]!;
    for (let k = 1; k < classes; k++) {
      const p = probs[at + k]!;
      if (p > bestP) {
        bestP = p;
        best = k;
      }
    }
    if (best !== 0 && best !== previous) chars.push({ text: dictionary[best] ?? '', step: t, confidence: bestP });
    previous = best;
  }
  const text = chars.map((c) => c.text).join('');
  return { text, confidence: chars.length ? chars.reduce((s, c) => s + c.confidence, 0) / chars.length : 0, chars };
}
