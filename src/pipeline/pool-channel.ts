/** Why a file over its time limit was stopped: the same words whoever stopped it (the parse or the pool). */
export const timedOutReason = (timeoutMs: number): string => `timed out: still parsing after ${timeoutMs / 1000} s (--timeout), so the parser was stopped`;

/** The channel on which a parse worker says it has begun a task (kept apart so the worker loads no pool code). */
export const PARSE_STARTED_CHANNEL = 'fiscal-extract:parse-started';

/** The channel on which a parse worker reports each page it has read by OCR. */
export const PARSE_PROGRESS_CHANNEL = 'fiscal-extract:parse-progress';

export interface OcrPageMessage {
  taskId: number;
  done: number;
  total: number;
}
