/**
 * The runs table on PostgreSQL: `ingest` and `crawl` run on one machine record their run as they
 * do on SQLite, so `export --since <run>` names them. (Work the queue's workers do has no run; a
 * time names it: `export --since 2026-12-04T02:00:00+08:00`.)
 */
import { RunRow } from '../../../schemas/records.js';
import type { RunCounts } from '../runs.js';
import { VERSION } from '../../version.js';
import { type PgPool, redact } from './store.js';

export async function startRunPg(pool: PgPool, kind: RunRow['kind'], args: readonly string[]): Promise<number> {
  const row = RunRow.omit({ id: true }).parse({
    kind, started_at: new Date().toISOString(), finished_at: null, status: 'running', tool_version: VERSION,
    // The database URL may carry a password: the row keeps it out.
    arguments: JSON.stringify(args.map((a) => a.replace(/postgres(?:ql)?:\/\/.*/gis, (url) => redact(url)))), files_seen: 0, files_new: 0, files_skipped: 0, files_failed: 0, pages: 0, seconds: null,
  });
  const columns = Object.keys(row);
  const r = await pool.query<{ id: number }>(
    `INSERT INTO runs (${columns.join(', ')}) VALUES (${columns.map((_, i) => `$${i + 1}`).join(', ')}) RETURNING id`,
    columns.map((c) => (row as Record<string, unknown>)[c]),
  );
  return r.rows[0]!.id;
}

export async function finishRunPg(pool: PgPool, id: number, counts: RunCounts, status: Exclude<RunRow['status'], 'running'>): Promise<void> {
  const finished = new Date();
  await pool.query(
    `UPDATE runs SET status = $2, finished_at = $3::text, seconds = extract(epoch FROM ($3::text::timestamptz - started_at::timestamptz)), files_seen = $4, files_new = $5,
       files_skipped = $6, files_failed = $7, pages = $8 WHERE id = $1`,
    [id, status, finished.toISOString(), counts.files_seen, counts.files_new, counts.files_skipped, counts.files_failed, counts.pages],
  );
}
