/**
 * The time the file being parsed must be done by. Long native calls (the OCR models on
 * onnxruntime) check it before each call and stop the parse themselves: terminating a worker
 * thread while onnxruntime is inside a run aborts the whole process ("terminate called after
 * throwing an instance of 'Napi::Error'"), so the pool's hard stop comes only after a grace.
 */
export class DeadlineError extends Error {
  constructor() {
    super('the time limit passed');
    this.name = 'DeadlineError';
  }
}

let deadline: number | null = null;

/** Set by the parse for each file (ms since the epoch), cleared after it. */
export function setDeadline(at: number | null): void {
  deadline = at;
}

export function checkDeadline(): void {
  if (deadline !== null && Date.now() > deadline) throw new DeadlineError();
}

/** The time limit in force (ms since the epoch), to hand to a helper thread. */
export function currentDeadline(): number | null {
  return deadline;
}
