/**
 * The order a batch parses its files in: the costliest first (longest-processing-time-first
 * scheduling). Taken in input order, a batch whose big file comes late ends with that one file
 * parsing while the other threads sit idle; taken largest first, it ends with a run of small files
 * spread over all the threads.
 *
 * The cost is guessed before a file is read, from what `stat` and the name tell: its size, plus a
 * fixed charge for DOC and XLS, whose LibreOffice conversion costs about as much as parsing a
 * megabyte of PDF however small the file is. A wrong guess only costs a little of that balance.
 */
import { stat } from 'node:fs/promises';
import { extname } from 'node:path';
import pLimit from 'p-limit';
import type { InputFile } from './inputs.js';

/** What a DOC or XLS conversion costs before the file's own size, in bytes of PDF. */
export const CONVERSION_COST_BYTES = 1024 * 1024;

const CONVERTED_EXTENSIONS = new Set(['.doc', '.xls']);

/** The guessed cost of parsing a file of this name and size, in bytes of PDF. */
export function estimatedCost(path: string, size: number): number {
  return size + (CONVERTED_EXTENSIONS.has(extname(path).toLowerCase()) ? CONVERSION_COST_BYTES : 0);
}

/** A batch's files in the order they are parsed, with the cost guessed for each. */
export interface BatchPlan {
  /** Indices into the batch's files, costliest first; equal costs keep their input order. */
  order: number[];
  /** By input index; a file that cannot be stat'ed costs nothing (it fails at once). */
  costs: number[];
}

export async function planBatch(files: readonly InputFile[]): Promise<BatchPlan> {
  const statSlots = pLimit(64);
  const costs = await Promise.all(
    files.map((file) =>
      file.missing ? 0 : statSlots(() => stat(file.path).then((info) => (info.isFile() ? estimatedCost(file.path, info.size) : 0), () => 0)),
    ),
  );
  return { order: files.map((_, i) => i).sort((a, b) => costs[b]! - costs[a]! || a - b), costs };
}
