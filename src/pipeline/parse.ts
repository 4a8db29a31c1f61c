/**
 * The part of ingesting a file that takes the CPU: the format's extractor, then the domain
 * parsers. It runs in a worker thread of the parse pool (parse-worker.ts), or in the caller's
 * thread for a single file (ingestFile); either way what the input cannot give becomes a reason.
 */
import type { Format } from '../../schemas/document.js';
import { parseDocument } from '../domain/index.js';
import type { ParsedDocument } from '../domain/parsed.js';
import { DeadlineError, setDeadline, setStopFlag, StopRequested } from '../../extractors/common/deadline.js';
import { countLentCores } from '../../extractors/pdf/ocr/cores.js';
import { extractModel, InputError } from './extract.js';
import { timedOutReason } from './pool-channel.js';

export interface ParseTask {
  bytes: Uint8Array;
  format: Format;
  /** How long LibreOffice may take over a DOC or XLS (kept under the file's time limit). */
  convertTimeoutMs?: number;
  /** The path or URL the file came from: its name may carry the year nothing inside it states. */
  name?: string;
  /** Read PDF pages without a text layer by OCR (default true). */
  ocr?: boolean;
  /** The file's time limit, from the start of its parse (--timeout). */
  timeoutMs?: number;
  /** Raised by the host to stop the parse at its next check (deadline.ts); shared memory. */
  stop?: Int32Array;
  /** Counts the cores the parse's OCR helpers hold (cores.ts); shared memory. */
  lent?: Int32Array;
}

export { timedOutReason };

/** A parse's result; `stopped` when its host stopped it (a halted batch): it is not stored. */
export type ParseOutcome = { ok: true; pages: number | null; parsed: ParsedDocument } | { ok: false; reason: string; stopped?: true };

/** What a parse tells its caller as it goes (functions: they stay in the parsing thread). */
export interface ParseHooks {
  /** Each page read by OCR, `done` of `total`. */
  onOcrPage?: (done: number, total: number) => void;
}

export async function parseBytes(task: ParseTask, hooks: ParseHooks = {}): Promise<ParseOutcome> {
  setDeadline(task.timeoutMs === undefined ? null : Date.now() + task.timeoutMs);
  setStopFlag(task.stop ?? null);
  countLentCores(task.lent ?? null);
  try {
    const model = await extractModel(task.bytes, task.format, { convertTimeoutMs: task.convertTimeoutMs, ocr: task.ocr, onOcrPage: hooks.onOcrPage });
    return { ok: true, pages: model.pages, parsed: parseDocument(model, { name: task.name }) };
  } catch (e) {
    if (e instanceof StopRequested) return { ok: false, reason: e.message, stopped: true };
    if (e instanceof DeadlineError) return { ok: false, reason: timedOutReason(task.timeoutMs!) };
    const reason = e instanceof InputError ? e.message : `could not be parsed: ${(e as Error).message}`;
    return { ok: false, reason };
  } finally {
    setDeadline(null);
    setStopFlag(null);
    countLentCores(null);
  }
}
