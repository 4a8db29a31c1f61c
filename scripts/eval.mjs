/**
 * `npm run eval`: how well the budget and final-account path does on ../shared/corpus. Ingests
 * every document MANIFEST.tsv marks as a budget or final account (the bundled seed-002 sample when
 * the corpus is absent) into a fresh database and prints, per document: its status, the standard
 * tables recognised, line items, and identities held / evaluated; then the overall rate.
 * `--failures` lists every identity that failed, to tell extraction errors from errors in the
 * publication.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(import.meta.url), '..', '..');
const dist = join(root, 'dist', 'src');
if (!existsSync(join(dist, 'pipeline', 'ingest.js'))) {
  console.error('eval: dist/ is missing; run `npm run build` first');
  process.exit(2);
}
const { ingestFile } = await import(join(dist, 'pipeline', 'ingest.js'));
const { openDatabase } = await import(join(dist, 'store', 'db.js'));

const showFailures = process.argv.includes('--failures');
const corpus = join(root, '..', 'shared', 'corpus');
const manifest = join(corpus, 'MANIFEST.tsv');
let docs;
if (existsSync(manifest)) {
  const [head, ...rows] = readFileSync(manifest, 'utf8').trim().split('\n').map((l) => l.split('\t'));
  const col = (name) => head.indexOf(name);
  docs = rows
    .filter((r) => ['budget', 'final_account'].includes(r[col('doc_family')]))
    .map((r) => ({ id: r[col('id')], path: join(corpus, `${r[col('id')]}.${r[col('ext')]}`) }))
    .filter((d) => existsSync(d.path));
} else {
  docs = [{ id: '002', path: join(root, 'samples', '002-luquan-2024-budget.pdf') }];
}

const work = mkdtempSync(join(tmpdir(), 'fiscal-eval-'));
const db = openDatabase(join(work, 'eval.db'));
const PRESENCE = `('budget.tables_recognised','budget.listed_table_present','table.declared_empty')`;
let missingTables = 0;
const STANDARD = `('summary','income','expenditure','appropriation_summary','gpb_expenditure','gpb_basic_expenditure','gov_fund_expenditure','soe_capital_expenditure','three_public')`;
let held = 0;
let evaluated = 0;
console.log(['doc', 'status', 'tables', 'line items', 'identities held/evaluated', 'tables missing', 'kinds'].join('\t'));
for (const doc of docs) {
  const result = await ingestFile({ path: doc.path }, { db, force: true });
  const one = (sql) => db.prepare(sql).get(result.id);
  const kinds = db.prepare(`SELECT kind, count(*) AS n FROM tables WHERE doc_id = ? AND kind IN ${STANDARD} GROUP BY kind ORDER BY kind`).all(result.id);
  const tables = kinds.reduce((s, k) => s + k.n, 0);
  const items = one('SELECT count(*) AS n FROM line_items WHERE doc_id = ?').n;
  // Identities only: whether tables are present (recognised, listed in the 目录, declared empty) is counted apart.
  const checks = one(`SELECT count(*) AS n, coalesce(sum(ok), 0) AS ok FROM checks WHERE doc_id = ? AND rule NOT IN ${PRESENCE}`);
  const missing = one(`SELECT count(*) AS n FROM checks WHERE doc_id = ? AND rule IN ${PRESENCE} AND ok = 0`).n;
  missingTables += missing;
  held += checks.ok;
  evaluated += checks.n;
  const why = result.status === 'ok' ? '' : ` (${(result.error ?? '').slice(0, 70)})`;
  console.log([doc.id, result.status + why, tables, items, `${checks.ok}/${checks.n}`, missing, kinds.map((k) => k.kind).join(',')].join('\t'));
  if (showFailures) {
    for (const f of db.prepare('SELECT rule, subject, expected, actual, detail FROM checks WHERE doc_id = ? AND ok = 0').all(result.id)) {
      console.log(`    ✗ ${f.rule} ${f.subject ?? ''}: expected ${f.expected}, printed ${f.actual} — ${f.detail ?? ''}`);
    }
  }
}
db.close();
rmSync(work, { recursive: true, force: true });
const rate = evaluated === 0 ? 0 : (100 * held) / evaluated;
console.log('');
console.log(`overall: ${held} of ${evaluated} identities hold (${rate.toFixed(1)} %) over ${docs.length} budget and final-account documents`);
console.log(`tables missing: ${missingTables} (listed in a 目录 but not found, none recognised at all, or empty without a note saying so)`);
