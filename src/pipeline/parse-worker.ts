/** The parse pool's worker: one file's bytes in, its parsed records (or the reason) out. */
import { BroadcastChannel, workerData } from 'node:worker_threads';
import { shareCoreCounts } from '../../extractors/pdf/ocr/cores.js';
import { parseBytes, type ParseOutcome, type ParseTask } from './parse.js';
import { PARSE_PROGRESS_CHANNEL, PARSE_STARTED_CHANNEL, type OcrPageMessage } from './pool-channel.js';
import { tuneV8ForParsing } from './v8-tuning.js';

tuneV8ForParsing(); // process-wide already when the CLI started the pool; said here for other hosts
shareCoreCounts((workerData as { cores?: Int32Array } | null)?.cores ?? null);

const started = new BroadcastChannel(PARSE_STARTED_CHANNEL);
started.unref();
const progress = new BroadcastChannel(PARSE_PROGRESS_CHANNEL);
progress.unref();

export default function parseInWorker(task: ParseTask & { taskId: number }): Promise<ParseOutcome> {
  // The pool starts the file's clock now, not when the task was queued or the worker was starting.
  started.postMessage(task.taskId);
  return parseBytes(task, { onOcrPage: (done, total) => progress.postMessage({ taskId: task.taskId, done, total } satisfies OcrPageMessage) });
}
