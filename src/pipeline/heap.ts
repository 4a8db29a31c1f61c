/**
 * How far V8 lets a heap grow between full collections. By default it may grow to several times
 * what survived the last one. A parser keeps little alive (one page, one document's records) but
 * allocates fast, so with that default most of a batch's peak memory was garbage waiting to be
 * collected. Growing by at most 60 % lowered the PDF benchmark's peak from about 380 MB to about
 * 275 MB with no measurable loss of speed (README, "Speed and memory").
 *
 * It is a growth factor, not a ceiling: a file that needs more memory still gets it (up to
 * --max-memory). V8 flags are process-wide, so the parser threads get it too.
 */
import { setFlagsFromString } from 'node:v8';

export const HEAP_GROWING_PERCENT = 60;

export function limitHeapGrowth(): void {
  setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
}
