/**
 * The cores a document's OCR may borrow. A host that runs parsers in parallel (the parse pool)
 * shares two counts with its threads: the cores of its budget (--concurrency) that no file needs
 * now (it says none while files are still waiting for a parser), and how many of them OCR helpers
 * have borrowed. A scan may read pages on more threads while a core is free, as at the end of a
 * batch or when one long scan is all there is; a helper stops taking pages once the host needs
 * its core back. Without shared counts OCR stays on its own thread.
 */
let shared: Int32Array | null = null;
const FREE = 0;
const BORROWED = 1;

/** A new pair of counts (Int32Array over a SharedArrayBuffer) for a host to share. */
export function coreCounts(): Int32Array {
  return new Int32Array(new SharedArrayBuffer(8));
}

/** The host: how many of its cores no file needs now. */
export function setFreeCores(counts: Int32Array, free: number): void {
  Atomics.store(counts, FREE, free);
}

/** Installs the host's counts in this thread (null: none). */
export function shareCoreCounts(counts: Int32Array | null): void {
  shared = counts;
}

/** The counts in this thread, to hand to a helper thread. */
export function sharedCoreCounts(): Int32Array | null {
  return shared;
}

/** Takes one free core if there is one. */
export function borrowCore(): boolean {
  if (!shared) return false;
  for (;;) {
    const borrowed = Atomics.load(shared, BORROWED);
    if (borrowed >= Atomics.load(shared, FREE)) return false;
    if (Atomics.compareExchange(shared, BORROWED, borrowed, borrowed + 1) === borrowed) return true;
  }
}

export function returnCore(): void {
  if (shared) Atomics.sub(shared, BORROWED, 1);
}

/** Helpers hold more cores than are free: a helper should stop taking pages. */
export function coresOvercommitted(): boolean {
  return shared !== null && Atomics.load(shared, BORROWED) > Atomics.load(shared, FREE);
}
