/**
 * Line recognition input and output: crops scaled to the recogniser's 48-pixel height and
 * batched, and the greedy CTC reading of its per-step class probabilities.
 */
import type { PixelBox } from './detect.js';
import type { Raster } from './raster.js';

const HEIGHT = 48;
/** Widest crop fed whole (pixels after scaling); wider lines are squeezed to it. */
const MAX_WIDTH = 2400;

export interface Batch {
  data: Float32Array;
  width: number;
  height: number;
  /** Each crop's scale from raster pixels to batch pixels. */
  scales: number[];
}

/** Crops, scaled to height 48 (bilinear), normalised to [-1, 1], right-padded with 0. */
export function recognitionBatch(r: Raster, boxes: readonly PixelBox[]): Batch {
  const widths = boxes.map((b) => Math.max(1, Math.min(MAX_WIDTH, Math.ceil((HEIGHT * (b.x1 - b.x0)) / Math.max(1, b.bottom - b.top)))));
  const width = Math.max(8, Math.ceil(Math.max(...widths) / 8) * 8);
  const plane = HEIGHT * width;
  const data = new Float32Array(boxes.length * 3 * plane);
  const scales: number[] = [];
  boxes.forEach((b, n) => {
    const w = widths[n]!;
    const sx = (b.x1 - b.x0) / w, sy = (b.bottom - b.top) / HEIGHT;
    scales.push(w / (b.x1 - b.x0));
    const base = n * 3 * plane;
    for (let y = 0; y < HEIGHT; y++) {
      const fy = Math.min(r.height - 1, Math.max(0, b.top + (y + 0.5) * sy - 0.5));
      const y0 = Math.floor(fy), y1 = Math.min(r.height - 1, y0 + 1), wy = fy - y0;
      for (let x = 0; x < w; x++) {
        const fx = Math.min(r.width - 1, Math.max(0, b.x0 + (x + 0.5) * sx - 0.5));
        const x0 = Math.floor(fx), x1 = Math.min(r.width - 1, x0 + 1), wx = fx - x0;
        const p00 = (y0 * r.width + x0) * 4, p01 = (y0 * r.width + x1) * 4, p10 = (y1 * r.width + x0) * 4, p11 = (y1 * r.width + x1) * 4;
        for (let c = 0; c < 3; c++) {
          // Planar B, G, R, as the model was trained.
          const ch = 2 - c;
          const v = (r.data[p00 + ch]! * (1 - wx) + r.data[p01 + ch]! * wx) * (1 - wy) + (r.data[p10 + ch]! * (1 - wx) + r.data[p11 + ch]! * wx) * wy;
          data[base + c * plane + y * width + x] = v / 127.5 - 1;
        }
      }
    }
  });
  return { data, width, height: HEIGHT, scales };
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
  for (let t = 0; t < steps; t++) {
    const at = (item * steps + t) * classes;
    let best = 0, bestP = -Infinity;
    for (let k = 0; k < classes; k++) {
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
