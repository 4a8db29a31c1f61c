/**
 * One file in, one document row out — stored whole or, when it cannot be read, as a failed
 * document with the reason. Nothing a file does stops the batch or touches other documents.
 */
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import pLimit from 'p-limit';
import type { Format } from '../../schemas/document.js';
import type { DocumentRow, Family, Status } from '../../schemas/records.js';
import { parseDocument } from '../domain/index.js';
import type { ParsedDocument } from '../domain/parsed.js';
import type { Db } from '../store/db.js';
import { documentVersion, recordSource, storeDocument } from '../store/write.js';
import { VERSION } from '../version.js';
import { extractModel, InputError } from './extract.js';
import type { InputFile } from './inputs.js';
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
}

export interface IngestOptions {
  db: Db;
  force?: boolean;
  concurrency?: number;
  onResult?: (result: FileResult) => void;
}

const sha256 = (data: Uint8Array | string) => createHash('sha256').update(data).digest('hex');

function failedRow(source: string, id: string, format: Format | null, bytes: number | null, reason: string): DocumentRow {
  return {
    id, source, format, family: null, title: null, department: null, region: null, fiscal_year: null,
    published_on: null, signed_on: null, publisher: null, doc_number: null, index_number: null, pages: null, status: 'failed', error: `${source}: ${reason}`,
    bytes, parser_version: VERSION, ingested_at: new Date().toISOString(),
  };
}

function documentRow(source: string, id: string, format: Format, bytes: number, pages: number | null, parsed: ParsedDocument): DocumentRow {
  const status: Status = parsed.problems.length > 0 ? 'partial' : 'ok';
  return {
    id, source, format, family: parsed.family, title: parsed.title, department: parsed.department, region: parsed.region,
    fiscal_year: parsed.fiscal_year, published_on: parsed.published_on, signed_on: parsed.signed_on,
    publisher: parsed.publisher, doc_number: parsed.doc_number, index_number: parsed.index_number, pages, status,
    error: status === 'partial' ? `${source}: ${parsed.problems.join('; ')}` : null,
    bytes, parser_version: VERSION, ingested_at: new Date().toISOString(),
  };
}

async function readInput(file: InputFile): Promise<{ bytes: Uint8Array } | { reason: string }> {
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

/** Ingests one file; never throws for anything the file contains. */
export async function ingestFile(file: InputFile, opts: IngestOptions): Promise<FileResult> {
  const { db } = opts;
  const source = file.path;
  const read = await readInput(file);
  if ('reason' in read) {
    const row = failedRow(source, sha256(`unreadable:${resolve(source)}`), null, null, read.reason);
    storeDocument(db, row, null);
    return { source, id: row.id, outcome: 'failed', status: 'failed', family: null, format: null, error: row.error };
  }
  const { bytes } = read;
  const id = sha256(bytes);
  const stored = documentVersion(db, id);
  if (stored && stored.parser_version === VERSION && !opts.force) {
    recordSource(db, id, source, new Date().toISOString());
    const row = db.prepare('SELECT source, status, family, format, error FROM documents WHERE id = ?').get(id) as Pick<DocumentRow, 'source' | 'status' | 'family' | 'format' | 'error'>;
    // The stored reason names the path the bytes were first read from; report this one.
    const error = row.error?.startsWith(`${row.source}: `) ? `${source}: ${row.error.slice(row.source.length + 2)}` : row.error;
    return { source, id, outcome: 'skipped', status: row.status, family: row.family, format: row.format, error };
  }

  const sniffed = sniffFormat(bytes, source);
  let row: DocumentRow;
  let parsed: ParsedDocument | null = null;
  if (!sniffed.ok) row = failedRow(source, id, null, bytes.length, sniffed.reason);
  else {
    try {
      const model = await extractModel(bytes, sniffed.format);
      parsed = parseDocument(model);
      row = documentRow(source, id, sniffed.format, bytes.length, model.pages, parsed);
    } catch (e) {
      const reason = e instanceof InputError ? e.message : `could not be parsed: ${(e as Error).message}`;
      row = failedRow(source, id, sniffed.format, bytes.length, reason);
      parsed = null;
    }
  }
  try {
    storeDocument(db, row, parsed);
  } catch (e) {
    // A record the schema rejects is our bug; the document is still accounted for.
    row = failedRow(source, id, row.format, bytes.length, `internal error while storing its records: ${(e as Error).message.slice(0, 500)}`);
    storeDocument(db, row, null);
  }
  return { source, id, outcome: row.status, status: row.status, family: row.family, format: row.format, error: row.error };
}

export async function ingestFiles(files: InputFile[], opts: IngestOptions): Promise<FileResult[]> {
  const limit = pLimit(Math.max(1, opts.concurrency ?? 1));
  return Promise.all(
    files.map((f) =>
      limit(async () => {
        const result = await ingestFile(f, opts);
        opts.onResult?.(result);
        return result;
      }),
    ),
  );
}
