/**
 * The cores a document's OCR may borrow. A host that runs parsers in parallel (the parse pool)
 * shares two counts with its threads: the cores of its budget (--concurrency) that no file needs
 * now (it says none while files are still waiting for a parser), and how many of them OCR helpers
 * have borrowed. A scan may read pages on more threads while a core is free, as at the end of a
 * batch or when one long scan is all there is; a helper stops taking pages once the host needs
 * its core back. Without shared counts OCR stays on its own thread.
 */
let shared: Int32Array | null = null;
/** The cores the file being parsed has borrowed, shared with the host (see lentCounter). */
let lent: Int32Array | null = null;
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

/**
 * A new count of the cores one file's helpers hold, for the host to hand to the file's parse. A
 * thread stopped mid-file (its time limit's hard stop, its memory ceiling) takes its helpers with
 * it before they can give their cores back; the host then gives back what the count says.
 */
export const lentCounter = (): Int32Array => new Int32Array(new SharedArrayBuffer(4));

/** Installs the count of the file being parsed in this thread (null: none). */
export function countLentCores(counter: Int32Array | null): void {
  lent = counter;
}

/** The host, once a file's parse has ended however it ended: its helpers' cores are free again. */
export function reclaimLentCores(counts: Int32Array, counter: Int32Array): void {
  const held = Atomics.exchange(counter, 0, 0);
  if (held > 0) Atomics.sub(counts, BORROWED, held);
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
    if (Atomics.compareExchange(shared, BORROWED, borrowed, borrowed + 1) === borrowed) {
      if (lent) Atomics.add(lent, 0, 1);
      return true;
    }
  }
}

export function returnCore(): void {
  if (!shared) return;
  // Given back by the host already (reclaimLentCores) if the file's count is at zero.
  if (lent && Atomics.sub(lent, 0, 1) <= 0) {
    Atomics.add(lent, 0, 1);
    return;
  }
  Atomics.sub(shared, BORROWED, 1);
}

/** Helpers hold more cores than are free: a helper should stop taking pages. */
export function coresOvercommitted(): boolean {
  return shared !== null && Atomics.load(shared, BORROWED) > Atomics.load(shared, FREE);
}
