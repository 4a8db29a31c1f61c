/** The parse pool's worker: one file's bytes in, its parsed records (or the reason) out. */
import { BroadcastChannel } from 'node:worker_threads';
import { parseBytes, type ParseOutcome, type ParseTask } from './parse.js';
import { PARSE_STARTED_CHANNEL } from './pool-channel.js';
import { tuneV8ForParsing } from './v8-tuning.js';

tuneV8ForParsing(); // process-wide already when the CLI started the pool; said here for other hosts

const started = new BroadcastChannel(PARSE_STARTED_CHANNEL);
started.unref();

export default function parseInWorker(task: ParseTask & { taskId: number }): Promise<ParseOutcome> {
  // The pool starts the file's clock now, not when the task was queued or the worker was starting.
  started.postMessage(task.taskId);
  return parseBytes(task);
}
