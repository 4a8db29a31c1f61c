/**
 * One file in, one document row out — stored whole or, when it cannot be read, as a failed
 * document with the reason. Nothing a file does stops the batch or touches other documents.
 *
 * A batch runs in three stages per file: this thread reads, hashes and skips what is stored;
 * a worker of the parse pool parses; this thread writes the document in one transaction. Each
 * document is stored whole or not at all, so a batch killed at any point resumes by re-running.
 */
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import pLimit from 'p-limit';
import type { Format } from '../../schemas/document.js';
import type { DocumentRow, Family, Status } from '../../schemas/records.js';
import type { ParsedDocument } from '../domain/parsed.js';
import type { Db } from '../store/db.js';
import { storageFault, StorageFault } from '../store/faults.js';
import { documentVersion, recordSource, storeDocument } from '../store/write.js';
import { VERSION } from '../version.js';
import type { InputFile } from './inputs.js';
import { type BatchPlan, planBatch } from './order.js';
import type { ParseOutcome, ParseTask } from './parse.js';
import { ParsePool } from './pool.js';
import { sniffFormat } from './sniff.js';

/** Largest file read at all. */
export const MAX_FILE_BYTES = 512 * 1024 * 1024;

export interface FileResult {
  source: string;
  id: string;
  /** 'skipped' when the same bytes were already stored by this version. */
  outcome: Status | 'skipped';
  status: Status;
  family: Family | null;
  format: Format | null;
  error: string | null;
  /** Pages parsed (null for skipped files and formats without pages). */
  pages: number | null;
  /**
   * Time spent on this file: from the start of its parse to its stored row (from reading it, for a
   * file settled without a parse). Time queued for a free parser is not counted.
   */
  ms: number;
}

export interface IngestOptions {
  db: Db;
  force?: boolean;
  /** How long LibreOffice may take over a DOC or XLS. */
  convertTimeoutMs?: number;
  /** Read PDF pages without a text layer by OCR (default true); false stores scans as failed. */
  ocr?: boolean;
}

export interface BatchOptions extends IngestOptions {
  /** Parser worker threads; one per core by default. */
  concurrency?: number;
  /** Per file, from the start of its parse. */
  timeoutMs?: number;
  /** Per parser worker. */
  maxMemoryMb?: number;
  /** Once aborted, no new file is started; the files in flight are finished and stored. */
  signal?: AbortSignal;
  /**
   * Once aborted, the files in flight are asked to stop as well (at their next page or model run)
   * and are not stored: a re-run reads them.
   */
  halt?: AbortSignal;
  /** The order to parse in (order.ts); made here when not given. */
  plan?: BatchPlan;
  /** Called as each file is done, with its index in the batch's files. */
  onResult?: (result: FileResult, index: number) => void;
  /** Called as each page of a file is read by OCR (`done` of the file's `total` such pages). */
  onOcrPage?: (index: number, done: number, total: number) => void;
}

/**
 * Defaults sized for a 300-page PDF on a slow laptop, and for LibreOffice's DOC conversion. The
 * heaviest file of the corpus (atl02, a 180-page DOC) needs under 256 MB of heap; 512 leaves room
 * while keeping two threads' worst case near 1 GiB.
 */
export const DEFAULT_TIMEOUT_S = 300;
export const DEFAULT_MAX_MEMORY_MB = 512;
/** LibreOffice gets this much less than the file's limit, so its own kill comes first. */
const CONVERT_MARGIN_MS = 15_000;

/** How long LibreOffice may take within a file's time limit. */
export const convertTimeoutFor = (timeoutMs: number, wanted = 180_000): number => Math.max(1000, Math.min(wanted, timeoutMs - CONVERT_MARGIN_MS));

const sha256 = (data: Uint8Array | string) => createHash('sha256').update(data).digest('hex');

export function failedRow(source: string, id: string, format: Format | null, bytes: number | null, reason: string): DocumentRow {
  return {
    id, source, format, family: null, title: null, department: null, region: null, region_code: null, region_level: null, department_norm: null, coverage: null, fiscal_year: null,
    published_on: null, signed_on: null, publisher: null, doc_number: null, index_number: null, pages: null, status: 'failed', error: `${source}: ${reason}`,
    bytes, parser_version: VERSION, ingested_at: new Date().toISOString(),
  };
}

/** A file that could not be read: its id is made from where it is, as it has no bytes to hash. */
export function unreadableRow(source: string, reason: string): DocumentRow {
  return failedRow(source, sha256(`unreadable:${resolve(source)}`), null, null, reason);
}

export function documentRow(source: string, id: string, format: Format, bytes: number, pages: number | null, parsed: ParsedDocument): DocumentRow {
  const status: Status = parsed.problems.length > 0 ? 'partial' : 'ok';
  return {
    id, source, format, family: parsed.family, title: parsed.title, department: parsed.department, region: parsed.region,
    region_code: parsed.region_code, region_level: parsed.region_level, department_norm: parsed.department_norm, coverage: parsed.coverage,
    fiscal_year: parsed.fiscal_year, published_on: parsed.published_on, signed_on: parsed.signed_on,
    publisher: parsed.publisher, doc_number: parsed.doc_number, index_number: parsed.index_number, pages, status,
    error: status === 'partial' ? `${source}: ${parsed.problems.join('; ')}` : null,
    bytes, parser_version: VERSION, ingested_at: new Date().toISOString(),
  };
}

export async function readInput(file: InputFile): Promise<{ bytes: Uint8Array } | { reason: string }> {
  if (file.missing) return { reason: file.missing };
  try {
    const info = await stat(file.path);
    if (!info.isFile()) return { reason: 'not a regular file' };
    if (info.size > MAX_FILE_BYTES) return { reason: `file of ${(info.size / 1048576).toFixed(0)} MB is over the ${MAX_FILE_BYTES / 1048576} MB limit` };
    return { bytes: new Uint8Array(await readFile(file.path)) };
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const why = err.code === 'ENOENT' ? 'no such file or directory' : err.code === 'EACCES' ? 'permission denied' : err.message;
    return { reason: `cannot read the file: ${why}` };
  }
}

/**
 * Contents being parsed, by id: a second path with the same bytes waits for the first to be
 * stored and is then skipped as unchanged, instead of being parsed twice at once.
 */
class InFlight {
  private readonly parsing = new Map<string, Promise<void>>();

  has(id: string): boolean {
    return this.parsing.has(id);
  }

  async waitFor(id: string): Promise<void> {
    for (let p = this.parsing.get(id); p; p = this.parsing.get(id)) await p;
  }

  /** Called in the same tick as the check that found `id` not stored. */
  claim(id: string): () => void {
    let release!: () => void;
    this.parsing.set(id, new Promise<void>((resolve) => (release = resolve)));
    return () => {
      this.parsing.delete(id);
      release();
    };
  }
}

/**
 * A file's place in the batch's order. Reads finish in any order, but files are checked against
 * the store and the files in flight in the batch's order (costliest first, ties in input order;
 * order.ts), so of two paths with the same bytes the same one is parsed and the other is reported
 * as skipped, run after run.
 */
interface Turn {
  /** Settles when the file before this one has been checked. */
  previous: Promise<void>;
  /** Lets the next file be checked; may be called more than once. */
  done(): void;
}

function turnsFor(count: number): Turn[] {
  const turns: Turn[] = [];
  let previous = Promise.resolve();
  for (let i = 0; i < count; i++) {
    let done!: () => void;
    const checked = new Promise<void>((resolve) => (done = resolve));
    turns.push({ previous, done });
    previous = checked;
  }
  return turns;
}

/** A file read and hashed: either settled (unreadable, unchanged, unrecognised) or ready to parse. */
type Prepared = { settled: FileResult } | { source: string; id: string; bytes: Uint8Array; format: Format; release: () => void };

/** Reads, hashes and checks one file; the caller calls turn.done() once it returns. */
async function prepareFile(file: InputFile, opts: IngestOptions, inFlight = new InFlight(), turn?: Turn): Promise<Prepared> {
  const { db } = opts;
  const started = performance.now();
  const source = file.source ?? file.path;
  const read = await readInput(file);
  await turn?.previous;
  if ('reason' in read) {
    const row = unreadableRow(source, read.reason);
    storeDocument(db, row, null);
    return { settled: resultOf(row, 'failed', started) };
  }
  const { bytes } = read;
  const id = sha256(bytes);
  if (inFlight.has(id)) {
    // Same bytes as an earlier file still being parsed: let later files on while waiting for it.
    turn?.done();
    await inFlight.waitFor(id);
  }
  // From here to the claim nothing awaits, so no other file is checked in between.
  const stored = documentVersion(db, id);
  if (stored && stored.parser_version === VERSION && !opts.force) {
    recordSource(db, id, source, new Date().toISOString());
    const row = db.prepare('SELECT source, status, family, format, error FROM documents WHERE id = ?').get(id) as Pick<DocumentRow, 'source' | 'status' | 'family' | 'format' | 'error'>;
    // The stored reason names the path the bytes were first read from; report this one.
    const error = row.error?.startsWith(`${row.source}: `) ? `${source}: ${row.error.slice(row.source.length + 2)}` : row.error;
    return { settled: { source, id, outcome: 'skipped', status: row.status, family: row.family, format: row.format, error, pages: null, ms: performance.now() - started } };
  }
  const sniffed = sniffFormat(bytes, source);
  if (!sniffed.ok) {
    const row = failedRow(source, id, null, bytes.length, sniffed.reason);
    storeDocument(db, row, null);
    return { settled: resultOf(row, 'failed', started) };
  }
  return { source, id, bytes, format: sniffed.format, release: inFlight.claim(id) };
}

function resultOf(row: DocumentRow, outcome: FileResult['outcome'], started: number): FileResult {
  return { source: row.source, id: row.id, outcome, status: row.status, family: row.family, format: row.format, error: row.error, pages: row.pages, ms: performance.now() - started };
}

/**
 * Stores a parsed (or unparseable) file's document; the content is then no longer in flight.
 * `started` is when its parse began.
 */
function storeParsed(db: Db, file: Exclude<Prepared, { settled: FileResult }>, outcome: ParseOutcome, started: number): FileResult {
  const { source, id, bytes, format } = file;
  try {
    let row = outcome.ok ? documentRow(source, id, format, bytes.length, outcome.pages, outcome.parsed) : failedRow(source, id, format, bytes.length, outcome.reason);
    try {
      storeDocument(db, row, outcome.ok ? outcome.parsed : null);
    } catch (e) {
      // A full disk is not the document's fault: nothing is recorded against it.
      const fault = storageFault(e);
      if (fault) throw fault;
      // A record the schema rejects is our bug; the document is still accounted for.
      row = failedRow(source, id, format, bytes.length, `internal error while storing its records: ${(e as Error).message.slice(0, 500)}`);
      storeDocument(db, row, null);
    }
    return resultOf(row, row.status, started);
  } finally {
    file.release();
  }
}

const parseTask = (file: Exclude<Prepared, { settled: FileResult }>, opts: IngestOptions): ParseTask => ({ bytes: file.bytes, format: file.format, convertTimeoutMs: opts.convertTimeoutMs, name: file.source, ocr: opts.ocr });

/** Ingests one file in this thread; never throws for anything the file contains. */
export async function ingestFile(file: InputFile, opts: IngestOptions): Promise<FileResult> {
  const prepared = await prepareFile(file, opts);
  if ('settled' in prepared) return prepared.settled;
  const started = performance.now();
  // Loaded here, not with this module: a batch parses in the pool's threads, and the parsers are
  // most of what a CLI would otherwise load before it starts them.
  const { parseBytes } = await import('./parse.js');
  return storeParsed(opts.db, prepared, await parseBytes(parseTask(prepared, opts)), started);
}

/**
 * Ingests a batch: files are read a little ahead of the parsers, costliest first, parsed in the
 * pool, and stored here as each finishes. Returns one result per file started (all of them unless
 * aborted), in input order.
 *
 * A fault of the database's machine (storage faults, faults.ts) stops the batch: no file is
 * started after it, the files in flight are asked to stop and none is stored, and the fault is
 * thrown — what was stored before stays, and a re-run reads the rest.
 */
export async function ingestFiles(files: InputFile[], opts: BatchOptions): Promise<FileResult[]> {
  const threads = Math.max(1, opts.concurrency ?? availableParallelism());
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_S * 1000;
  const maxMemoryMb = opts.maxMemoryMb ?? DEFAULT_MAX_MEMORY_MB;
  const convertTimeoutMs = convertTimeoutFor(timeoutMs, opts.convertTimeoutMs);
  let pool: ParsePool | null = null;
  const parseSlots = pLimit(threads);
  // Reading ahead by one file per parser keeps the parsers busy while bounding the bytes held.
  const fileSlots = pLimit(threads * 2);
  const results: (FileResult | undefined)[] = new Array(files.length);
  const inFlight = new InFlight();
  const turns = turnsFor(files.length);
  const { order } = opts.plan ?? (await planBatch(files));
  // Files not yet parsing or settled: while there are any, the pool lends no core to OCR helpers.
  let waiting = order.length;
  const leaveWaiting = () => {
    waiting--;
    (pool as ParsePool | null)?.setWaiting(waiting);
  };
  // Why the batch stopped before its end, other than opts.signal: a halt, a storage fault, a bug.
  let stopped: { error: unknown; source: string } | null = null;
  const halted = () => stopped !== null || (opts.halt?.aborted ?? false);
  const stopAll = () => (pool as ParsePool | null)?.stopRunning();
  opts.halt?.addEventListener('abort', stopAll, { once: true });
  try {
    await Promise.allSettled(
      order.map((i, place) =>
        fileSlots(async () => {
          const file = files[i]!;
          const source = file.source ?? file.path;
          const turn = turns[place]!;
          if (opts.signal?.aborted || halted()) {
            leaveWaiting();
            return turn.done();
          }
          let prepared: Prepared | null = null;
          try {
            try {
              prepared = await prepareFile(file, opts, inFlight, turn);
            } finally {
              turn.done();
            }
            let result: FileResult;
            if ('settled' in prepared) {
              leaveWaiting();
              result = prepared.settled;
            } else {
              const ready = prepared;
              let started = 0;
              const outcome = await parseSlots(() => {
                if (halted()) return null;
                started = performance.now();
                pool ??= new ParsePool({ threads, timeoutMs, maxMemoryMb });
                pool.setWaiting(--waiting);
                return pool.parse({ ...parseTask(ready, opts), convertTimeoutMs }, { onOcrPage: opts.onOcrPage && ((done, total) => opts.onOcrPage!(i, done, total)) });
              });
              // Stopped while it was parsed, or before: not stored, so a re-run reads it.
              if (outcome === null || halted() || (!outcome.ok && outcome.stopped)) {
                if (outcome === null) leaveWaiting();
                ready.release();
                return;
              }
              result = storeParsed(opts.db, ready, outcome, started);
            }
            results[i] = result;
            opts.onResult?.(result, i);
          } catch (e) {
            if (prepared && !('settled' in prepared)) prepared.release();
            stopped ??= { error: e, source };
            stopAll();
            throw e;
          }
        }),
      ),
    );
  } finally {
    opts.halt?.removeEventListener('abort', stopAll);
    await (pool as ParsePool | null)?.close();
  }
  if (stopped) {
    const { error, source } = stopped as { error: unknown; source: string };
    const fault = storageFault(error);
    if (!fault) throw error;
    const done = results.filter((r) => r !== undefined).length;
    throw new StorageFault(fault.code, fault.problem, `while storing ${source}; everything stored before is kept (${done} file(s) of this run), ${files.length - done} file(s) are not stored — fix that and run again to read them`);
  }
  return results.filter((r): r is FileResult => r !== undefined);
}
