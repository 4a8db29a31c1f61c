/**
 * When the file being parsed must stop: at its time limit, or as soon as its host asks (the batch
 * is stopping: a full disk, a second Ctrl-C). Long native calls (the OCR models on onnxruntime)
 * check before each call and stop the parse themselves: terminating a worker thread while
 * onnxruntime is inside a run aborts the whole process ("terminate called after throwing an
 * instance of 'Napi::Error'"), so a host never terminates a parse it can ask to stop, and the
 * pool's hard stop at the time limit comes only after a grace.
 */
export class DeadlineError extends Error {
  constructor(message = 'the time limit passed') {
    super(message);
    this.name = 'DeadlineError';
  }
}

/** The host asked the parse to stop (a DeadlineError, so every path that passes one on passes this). */
export class StopRequested extends DeadlineError {
  constructor() {
    super('the batch was stopped before the file was done');
    this.name = 'StopRequested';
  }
}

let deadline: number | null = null;
/** One Int32 over a SharedArrayBuffer, set to 1 by the host to ask the parse to stop. */
let stopFlag: Int32Array | null = null;

/** Set by the parse for each file (ms since the epoch), cleared after it. */
export function setDeadline(at: number | null): void {
  deadline = at;
}

/** Set by the parse for each file: the flag its host raises to stop it (null: none). */
export function setStopFlag(flag: Int32Array | null): void {
  stopFlag = flag;
}

/** A new stop flag for a host to hand to a parse. */
export const newStopFlag = (): Int32Array => new Int32Array(new SharedArrayBuffer(4));

/** Asks the parse holding `flag` to stop at its next check. */
export function raiseStopFlag(flag: Int32Array): void {
  Atomics.store(flag, 0, 1);
}

export function checkDeadline(): void {
  if (stopFlag !== null && Atomics.load(stopFlag, 0) !== 0) throw new StopRequested();
  if (deadline !== null && Date.now() > deadline) throw new DeadlineError();
}

/** The time limit in force (ms since the epoch), to hand to a helper thread. */
export function currentDeadline(): number | null {
  return deadline;
}

/** The stop flag in force, to hand to a helper thread. */
export function currentStopFlag(): Int32Array | null {
  return stopFlag;
}
