/**
 * `ingest --db postgres://…`: the files parsed here, without the queue, into the shared dataset —
 * each file's bytes stored in raw_files and run as a parse job would be, so the records are the
 * ones a worker would write.
 */
import { availableParallelism } from 'node:os';
import pLimit from 'p-limit';
import { expandInputs } from '../pipeline/inputs.js';
import { ParsePool } from '../pipeline/pool.js';
import { openPostgres } from '../store/pg/store.js';
import { storeRawFile } from './enqueue.js';
import { runParseJob } from './worker.js';

export interface PostgresIngestOptions {
  concurrency?: number;
  timeoutMs: number;
  maxMemoryMb: number;
  ocr: boolean;
  onFile?: (line: { source: string; outcome: string }) => void;
}

/** Counts of outcomes (ok, partial, failed, skipped). */
export async function ingestToPostgres(url: string, inputs: string[], opts: PostgresIngestOptions): Promise<Record<string, number>> {
  const threads = Math.max(1, opts.concurrency ?? availableParallelism());
  const pool = await openPostgres(url, { max: threads + 2 });
  const parser = new ParsePool({ threads, timeoutMs: opts.timeoutMs, maxMemoryMb: opts.maxMemoryMb });
  const counts: Record<string, number> = {};
  const note = (source: string, outcome: string) => {
    counts[outcome] = (counts[outcome] ?? 0) + 1;
    opts.onFile?.({ source, outcome });
  };
  try {
    const slots = pLimit(threads);
    await Promise.all(
      (await expandInputs(inputs)).map((file) =>
        slots(async () => {
          const stored = await storeRawFile(pool, file);
          if (!stored) return note(file.source ?? file.path, 'failed');
          const outcome = await runParseJob(pool, parser, { ...stored, seenAt: new Date().toISOString() }, { ocr: opts.ocr, timeoutMs: opts.timeoutMs });
          note(stored.source, outcome);
        }),
      ),
    );
    return counts;
  } finally {
    await parser.close();
    await pool.end();
  }
}
