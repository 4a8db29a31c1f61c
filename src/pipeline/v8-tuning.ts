/**
 * V8 settings for parsing, set by the CLI when it starts (flags are process-wide, so the parser
 * threads get them too) and by the benchmarks. Both were measured on the corpus (README, "Speed
 * and memory" and "Batches").
 *
 * Heap growth. By default V8 lets a heap grow to several times what survived the last full
 * collection. A parser keeps little alive (one page, one document's records) but allocates fast,
 * so with that default most of a batch's peak memory was garbage waiting to be collected. Growing
 * by at most 60 % lowered the PDF benchmark's peak from about 380 MB to about 275 MB with no
 * measurable loss of speed. It is a growth factor, not a ceiling: a file that needs more memory
 * still gets it (up to --max-memory).
 *
 * Interrupt budget. V8 hands a function to its optimising compiler (TurboFan) once it has run
 * about this much bytecode. With the default, a batch spent over a quarter of its CPU time
 * compiling, much of it on functions that are warm for one document and then deoptimised by the
 * next (pdf.js's evaluator loop, our glyph and ruling walks), and each parser thread, being its
 * own isolate, pays again. A budget about 4.4 times the default leaves the lukewarm functions to
 * the baseline tiers; the hot loops are still optimised, a little later.
 */
import { setFlagsFromString } from 'node:v8';

export const HEAP_GROWING_PERCENT = 60;
/** V8's default is 67,584 (Node 20). */
export const INTERRUPT_BUDGET = 300_000;

export function tuneV8ForParsing(): void {
  setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
  setFlagsFromString(`--interrupt-budget=${INTERRUPT_BUDGET}`);
}
