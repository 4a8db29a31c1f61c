/**
 * The runs table: a row written when a run starts and updated as it ends, so a run that was
 * killed stays visible (status running, no finished_at).
 */
import { RunRow } from '../../schemas/records.js';
import type { FileResult } from '../pipeline/ingest.js';
import { VERSION } from '../version.js';
import type { Db } from './db.js';

export type RunCounts = Pick<RunRow, 'files_seen' | 'files_new' | 'files_skipped' | 'files_failed' | 'pages'>;

const NO_COUNTS: RunCounts = { files_seen: 0, files_new: 0, files_skipped: 0, files_failed: 0, pages: 0 };

export function startRun(db: Db, kind: RunRow['kind'], args: readonly string[]): number {
  const row = RunRow.omit({ id: true }).parse({
    kind, started_at: new Date().toISOString(), finished_at: null, status: 'running', tool_version: VERSION,
    arguments: JSON.stringify(args), ...NO_COUNTS, seconds: null,
  });
  const columns = Object.keys(row);
  const info = db.prepare(`INSERT INTO runs (${columns.join(', ')}) VALUES (${columns.map((c) => `@${c}`).join(', ')})`).run(row);
  return Number(info.lastInsertRowid);
}

export function finishRun(db: Db, id: number, counts: RunCounts, status: Exclude<RunRow['status'], 'running'>): void {
  const started = db.prepare('SELECT started_at FROM runs WHERE id = ?').get(id) as { started_at: string } | undefined;
  if (!started) throw new Error(`run ${id} is not in the database`);
  const finished = new Date();
  const seconds = (finished.getTime() - Date.parse(started.started_at)) / 1000;
  db.prepare(
    `UPDATE runs SET status = @status, finished_at = @finished_at, seconds = @seconds, files_seen = @files_seen, files_new = @files_new,
       files_skipped = @files_skipped, files_failed = @files_failed, pages = @pages WHERE id = @id`,
  ).run({ id, status, finished_at: finished.toISOString(), seconds, ...counts });
}

/** A run's counts from the results of the files it looked at. */
export function runCounts(seen: number, results: FileResult[]): RunCounts {
  const parsed = results.filter((r) => r.outcome !== 'skipped');
  return {
    files_seen: seen,
    files_new: parsed.length,
    files_skipped: results.length - parsed.length,
    files_failed: parsed.filter((r) => r.status === 'failed').length,
    pages: parsed.reduce((n, r) => n + (r.pages ?? 0), 0),
  };
}
