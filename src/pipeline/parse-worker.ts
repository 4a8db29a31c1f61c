/** The parse pool's worker: one file's bytes in, its parsed records (or the reason) out. */
import { parseBytes, type ParseOutcome, type ParseTask } from './parse.js';

export default function parseInWorker(task: ParseTask): Promise<ParseOutcome> {
  return parseBytes(task);
}
