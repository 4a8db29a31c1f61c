/** What a run did, for people (a few lines) and for scripts (one JSON object). */
import type { Status } from '../../schemas/records.js';
import type { Db } from '../store/db.js';
import type { FileResult } from './ingest.js';

export interface IngestSummary {
  database: string;
  /** The runs row of this run. */
  run: number | null;
  /** Stopped by Ctrl-C: the files not started are not in `documents`. */
  interrupted: boolean;
  files: number;
  /** Documents parsed and stored by this run. */
  stored: number;
  /** Files whose bytes were already stored by this version. */
  unchanged: number;
  ok: number;
  partial: number;
  failed: number;
  /** Pages parsed by this run. */
  pages: number;
  by_family: Record<string, Partial<Record<Status, number>>>;
  tables: number;
  line_items: number;
  facts: number;
  checks_passed: number;
  checks_failed: number;
  /** The process's peak resident memory so far (all threads), in MB. */
  peak_rss_mb: number;
  documents: FileResult[];
}

function countFor(db: Db, sql: string, ids: string[]): number {
  let total = 0;
  const stmt = db.prepare(sql);
  for (const id of ids) total += (stmt.get(id) as { n: number }).n;
  return total;
}

export function summarise(db: Db, database: string, results: FileResult[], run: { id: number | null; interrupted: boolean } = { id: null, interrupted: false }): IngestSummary {
  const ids = [...new Set(results.map((r) => r.id))];
  const by_family: IngestSummary['by_family'] = {};
  for (const r of results) {
    const family = r.family ?? 'unrecognised';
    const counts = (by_family[family] ??= {});
    counts[r.status] = (counts[r.status] ?? 0) + 1;
  }
  return {
    database,
    run: run.id,
    interrupted: run.interrupted,
    files: results.length,
    stored: results.filter((r) => r.outcome !== 'skipped').length,
    unchanged: results.filter((r) => r.outcome === 'skipped').length,
    ok: results.filter((r) => r.status === 'ok').length,
    partial: results.filter((r) => r.status === 'partial').length,
    failed: results.filter((r) => r.status === 'failed').length,
    pages: results.reduce((n, r) => n + (r.outcome === 'skipped' ? 0 : (r.pages ?? 0)), 0),
    by_family,
    tables: countFor(db, 'SELECT count(*) AS n FROM tables WHERE doc_id = ?', ids),
    line_items: countFor(db, 'SELECT count(*) AS n FROM line_items WHERE doc_id = ?', ids),
    facts: countFor(db, 'SELECT count(*) AS n FROM facts WHERE doc_id = ?', ids),
    peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024),
    checks_passed: countFor(db, 'SELECT count(*) AS n FROM checks WHERE doc_id = ? AND ok = 1', ids),
    checks_failed: countFor(db, 'SELECT count(*) AS n FROM checks WHERE doc_id = ? AND ok = 0', ids),
    documents: results,
  };
}

export function formatSummary(s: IngestSummary): string {
  const families = Object.entries(s.by_family)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([family, counts]) => `    ${family.padEnd(18)} ${(['ok', 'partial', 'failed'] as const).filter((k) => counts[k]).map((k) => `${k} ${counts[k]}`).join(', ')}`);
  const lines = [
    `fiscal-extract: ${s.files} file${s.files === 1 ? '' : 's'} → ${s.database}${s.run === null ? '' : ` (run ${s.run})`}${s.interrupted ? ' — interrupted; re-run to resume' : ''}`,
    `  documents     ${s.stored} stored, ${s.unchanged} unchanged · ok ${s.ok}, partial ${s.partial}, failed ${s.failed} · ${s.pages} pages parsed`,
    `  by family`,
    ...families,
    `  records       ${s.tables} tables, ${s.line_items} line items, ${s.facts} facts`,
    `  checks        ${s.checks_passed} passed, ${s.checks_failed} failed`,
  ];
  const problems = s.documents.filter((d) => d.status !== 'ok');
  if (problems.length > 0) {
    lines.push('  not fully extracted:');
    for (const d of problems) lines.push(`    ${d.status.padEnd(8)} ${d.error ?? d.source}`);
  }
  return lines.join('\n');
}
