/**
 * `npm run eval`: how well the pipeline does on ../shared/corpus (the bundled samples when the
 * corpus is absent). Ingests every document into a fresh database and prints, per document:
 * family and status, whether the year and department were found, the standard tables
 * recognised, line items, the headline facts present of those its tables (or its gold) promise,
 * the share of figures verified, the identities held, and the score against the hand gold of
 * test/fixtures/gold; then the totals, with the gold score of the documents the parsers were not
 * tuned on (held_out) apart from the rest; for government-level documents the region figures and
 * identities, and the regional scores: the data team's panel (regional-panel.tsv) and the hand gold
 * of budget execution reports' prose, held-out documents apart (scripts/regional-score.mjs).
 *
 *   --failures   list every identity that failed, and every panel or prose figure not found
 *   --gold       list every gold figure that is not exact
 *   --only a,b   only these corpus ids
 *   --set S      only documents whose gold set is S (held_out, dev)
 *   --skip-set S leave out documents whose gold set is S (while tuning: held_out)
 */
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadGold, scoreDocument } from './gold.mjs';
import { HELD_OUT, loadPanel, loadProseGold, scorePanel, scoreProse } from './regional-score.mjs';

const root = resolve(fileURLToPath(import.meta.url), '..', '..');
const dist = join(root, 'dist', 'src');
if (!existsSync(join(dist, 'pipeline', 'ingest.js'))) {
  console.error('eval: dist/ is missing; run `npm run build` first');
  process.exit(2);
}
const { ingestFile } = await import(join(dist, 'pipeline', 'ingest.js'));
const { openDatabase } = await import(join(dist, 'store', 'db.js'));
const { SPECS } = await import(join(dist, 'domain', 'budget', 'specs.js'));

const args = process.argv.slice(2);
const flag = (name) => args.includes(name);
const option = (name) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};

const corpus = join(root, '..', 'shared', 'corpus');
const golds = new Map(loadGold(join(root, 'test', 'fixtures', 'gold')).map((g) => [g.id, g]));
let docs;
if (existsSync(join(corpus, 'MANIFEST.tsv'))) {
  docs = readdirSync(corpus)
    .filter((f) => f !== 'MANIFEST.tsv' && !f.startsWith('.'))
    .sort()
    .map((f) => ({ id: f.replace(/\.[^.]+$/, ''), path: join(corpus, f) }));
} else {
  docs = [{ id: '002', path: join(root, 'samples', '002-luquan-2024-budget.pdf') }];
}
const only = option('--only')?.split(',');
const set = option('--set');
const skip = option('--skip-set');
docs = docs.filter((d) => (!only || only.includes(d.id)) && (!set || golds.get(d.id)?.set === set) && (!skip || golds.get(d.id)?.set !== skip));

/** The headline facts each recognised standard table promises. */
const HEADLINE = new Set(['income_total', 'expenditure_total', 'basic_expenditure', 'project_expenditure', 'personnel_expenditure', 'public_expenditure', 'three_public_total']);
const promised = (kinds) => new Set(SPECS.filter((s) => kinds.has(s.kind)).flatMap((s) => s.facts.map((f) => f.key)).filter((k) => HEADLINE.has(k)));
const PRESENCE = `('budget.tables_recognised','budget.listed_table_present','table.declared_empty')`;
const STANDARD = `('summary','income','expenditure','appropriation_summary','gpb_expenditure','gpb_basic_expenditure','gov_fund_expenditure','soe_capital_expenditure','three_public')`;

const work = mkdtempSync(join(tmpdir(), 'fiscal-eval-'));
const db = openDatabase(join(work, 'eval.db'));
const totals = { docs: 0, budgetDocs: 0, year: 0, dept: 0, held: 0, evaluated: 0, factsPresent: 0, factsPromised: 0, verified: 0, figures: 0 };
const goldTotals = { held_out: { exact: 0, total: 0, wrongVerified: 0, wrongVerifiedOk: 0, docs: 0 }, dev: { exact: 0, total: 0, wrongVerified: 0, wrongVerifiedOk: 0, docs: 0 } };
const pct = (a, b) => (b === 0 ? '—' : `${((100 * a) / b).toFixed(1)} %`);

console.log(['doc', 'family', 'status', 'year', 'dept', 'tables', 'items', 'facts', 'verified', 'identities', 'regional', 'gold'].join('\t'));
const docIds = new Map();
const regional = { docs: 0, figures: 0, verified: 0, held: 0, evaluated: 0, partial: 0 };
for (const doc of docs) {
  const result = await ingestFile({ path: doc.path }, { db, force: true });
  docIds.set(doc.id, result.id);
  const one = (sql) => db.prepare(sql).get(result.id);
  const d = one('SELECT family, status, error, fiscal_year, department FROM documents WHERE id = ?');
  totals.docs++;
  const isBudget = d.family === 'budget' || d.family === 'final_account';
  const kinds = new Set(db.prepare(`SELECT DISTINCT kind FROM tables WHERE doc_id = ? AND kind IN ${STANDARD} AND n_rows > header_rows`).all(result.id).map((r) => r.kind));
  const items = one('SELECT count(*) AS n, coalesce(sum(verified), 0) AS v FROM line_items WHERE doc_id = ?');
  const facts = one('SELECT count(*) AS n, coalesce(sum(verified), 0) AS v FROM facts WHERE doc_id = ? AND value_num IS NOT NULL');
  const ids = one(`SELECT count(*) AS n, coalesce(sum(ok), 0) AS ok FROM checks WHERE doc_id = ? AND rule NOT IN ${PRESENCE}`);
  const gold = golds.get(doc.id);
  const expected = gold ? new Set(Object.keys(gold.facts ?? {}).filter((k) => HEADLINE.has(k))) : promised(kinds);
  const present = [...expected].filter((k) => db.prepare('SELECT 1 FROM facts WHERE doc_id = ? AND key = ? AND subject IS NULL').get(result.id, k)).length;
  let goldCell = '';
  if (gold) {
    const s = scoreDocument(db, result.id, gold);
    const g = goldTotals[s.set] ?? goldTotals.dev;
    g.docs++;
    g.exact += s.exact;
    g.total += s.total;
    g.wrongVerified += s.wrongVerified;
    if (s.status === 'ok') g.wrongVerifiedOk += s.wrongVerified;
    goldCell = `${s.exact}/${s.total}${s.wrongVerified ? ` (${s.wrongVerified} wrong verified)` : ''} ${s.set}`;
    if (flag('--gold')) {
      for (const c of s.checks.filter((x) => x.outcome !== 'exact' || x.wrongVerified)) console.log(`    ${c.outcome}${c.wrongVerified ? ' VERIFIED' : ''} ${c.what}: gold ${c.expected}, got ${c.got ?? '—'}`);
    }
  }
  if (isBudget) {
    totals.budgetDocs++;
    if (d.fiscal_year) totals.year++;
    if (d.department) totals.dept++;
    totals.held += ids.ok;
    totals.evaluated += ids.n;
    totals.factsPresent += present;
    totals.factsPromised += expected.size;
    totals.verified += items.v + facts.v;
    totals.figures += items.n + facts.n;
  }
  const figures = one('SELECT count(*) AS n, coalesce(sum(verified), 0) AS v FROM region_figures WHERE doc_id = ?');
  if (d.family === 'gov_report') {
    const held = one("SELECT count(*) AS n, coalesce(sum(ok), 0) AS ok FROM checks WHERE doc_id = ? AND rule LIKE 'region.%'");
    regional.docs++;
    regional.figures += figures.n;
    regional.verified += figures.v;
    regional.held += held.ok;
    regional.evaluated += held.n;
    if (d.status === 'partial') regional.partial++;
  }
  const why = d.status === 'ok' ? '' : ` (${(d.error ?? '').replace(/^.*?: /, '').slice(0, 60)})`;
  console.log([doc.id, d.family ?? '—', d.status + why, d.fiscal_year ?? '—', d.department ? 'yes' : '—', kinds.size, items.n, `${present}/${expected.size}`, pct(items.v + facts.v, items.n + facts.n), `${ids.ok}/${ids.n}`, figures.n ? `${figures.n} (${pct(figures.v, figures.n)} verified)` : '', goldCell].join('\t'));
  if (flag('--failures')) {
    for (const f of db.prepare(`SELECT rule, subject, expected, actual, detail FROM checks WHERE doc_id = ? AND ok = 0 AND rule NOT IN ${PRESENCE}`).all(result.id)) {
      console.log(`    ✗ ${f.rule} ${f.subject ?? ''}: expected ${f.expected}, printed ${f.actual} — ${f.detail ?? ''}`);
    }
  }
}
const panel = loadPanel(corpus);
const proseGold = loadProseGold(join(root, 'test', 'fixtures', 'regional-prose-gold'));
const panelScores = ['dev', 'held_out'].map((set) => [set, scorePanel(db, (id) => docIds.get(id), panel.filter((f) => HELD_OUT.has(f.id) === (set === 'held_out')))]);
const proseScores = ['dev', 'held_out'].map((set) => [set, scoreProse(db, (id) => docIds.get(id), proseGold.filter((g) => HELD_OUT.has(g.id) === (set === 'held_out')))]);
db.close();
rmSync(work, { recursive: true, force: true });

const t = totals;
console.log('');
console.log(`budget and final-account documents: ${t.budgetDocs} of ${t.docs}`);
console.log(`  fiscal year found      ${t.year}/${t.budgetDocs}`);
console.log(`  department found       ${t.dept}/${t.budgetDocs}`);
console.log(`  headline facts present ${t.factsPresent}/${t.factsPromised} (${pct(t.factsPresent, t.factsPromised)}) of those their tables or gold promise`);
console.log(`  figures verified       ${t.verified}/${t.figures} (${pct(t.verified, t.figures)})`);
console.log(`  identities held        ${t.held}/${t.evaluated} (${pct(t.held, t.evaluated)})`);
for (const [name, g] of Object.entries(goldTotals)) {
  if (g.docs === 0) continue;
  console.log(`hand gold, ${name.padEnd(8)} ${g.exact}/${g.total} exact (${pct(g.exact, g.total)}) over ${g.docs} documents; wrong values stored verified: ${g.wrongVerified} (${g.wrongVerifiedOk} in ok documents)`);
}
const all = goldTotals.held_out.total + goldTotals.dev.total;
if (all > 0) console.log(`hand gold, all      ${goldTotals.held_out.exact + goldTotals.dev.exact}/${all} exact (${pct(goldTotals.held_out.exact + goldTotals.dev.exact, all)})`);

if (regional.docs > 0) {
  console.log('');
  console.log(`government-level documents: ${regional.docs} (${regional.partial} partial)`);
  console.log(`  region figures         ${regional.figures}, verified ${regional.verified} (${pct(regional.verified, regional.figures)})`);
  console.log(`  identities held        ${regional.held}/${regional.evaluated} (${pct(regional.held, regional.evaluated)})`);
  for (const [set, s] of panelScores) {
    if (s.total === 0) continue;
    console.log(`regional panel, ${set.padEnd(8)} ${s.found}/${s.total} (${pct(s.found, s.total)}) over ${s.byDoc.size} documents; wrong values stored verified: ${s.wrongVerified.length}`);
    if (flag('--failures')) for (const m of s.missed) console.log(`    ${m}`);
  }
  for (const [set, s] of proseScores) {
    if (s.total === 0) continue;
    console.log(`prose gold, ${set.padEnd(8)}     ${s.found}/${s.total} (${pct(s.found, s.total)}) over ${s.byDoc.size} reports; contradicted and verified: ${s.contradicted.length}`);
    if (flag('--failures')) for (const m of s.missed) console.log(`    ${m}`);
  }
}
