/**
 * The cores a document's OCR may borrow. A host that runs parsers in parallel (the parse pool)
 * shares one counter among its threads: the cores of its budget (--concurrency) that no parser is
 * using. A scan may read pages on more threads while that count is above zero, as at the end of a
 * batch or when one long scan is all there is; a helper stops taking pages once a parser needs
 * its core back (the count below zero). Without a shared counter OCR stays on its own thread.
 */
let spare: Int32Array | null = null;

/** Installs the shared counter (Int32Array over a SharedArrayBuffer, one element). */
export function shareSpareCores(counter: Int32Array | null): void {
  spare = counter;
}

/** A parser starts (`-1`) or finishes (`+1`) a file. */
export function parserBusy(delta: -1 | 1): void {
  if (spare) Atomics.add(spare, 0, delta);
}

/** Takes one spare core if there is one. */
export function borrowCore(): boolean {
  if (!spare) return false;
  for (;;) {
    const free = Atomics.load(spare, 0);
    if (free <= 0) return false;
    if (Atomics.compareExchange(spare, 0, free, free - 1) === free) return true;
  }
}

export function returnCore(): void {
  if (spare) Atomics.add(spare, 0, 1);
}

/** More threads are working than the budget has cores: a helper should stop taking pages. */
export function coresOvercommitted(): boolean {
  return spare !== null && Atomics.load(spare, 0) < 0;
}

/** The counter, to hand to a helper thread. */
export function spareCores(): Int32Array | null {
  return spare;
}
