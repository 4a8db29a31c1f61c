/**
 * Scores a dataset against the hand gold of test/fixtures/gold (see its README): per document,
 * the fields (family, year, department), every headline fact and every line item the gold
 * lists, whether the value a user would read is exact, wrong or missing, and how many wrong
 * values the dataset marks verified. Used by `npm run eval` and test/gold.test.ts.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const UNIT_FEN = { 元: 100n, 千元: 100000n, 万元: 1000000n, 亿元: 10000000000n };

/** The printed figure in 分, exactly (half away from zero below the 分). */
export function printedFen(printed, unit) {
  const text = String(printed).replace(/[\s,，]/g, '');
  const m = /^(-)?(\d+)(?:\.(\d+))?$/.exec(text);
  if (!m || !(unit in UNIT_FEN)) throw new Error(`gold: cannot read ${printed} ${unit}`);
  const frac = m[3] ?? '';
  const scale = 10n ** BigInt(frac.length);
  const num = BigInt(m[2] + frac) * UNIT_FEN[unit];
  let fen = num / scale;
  if ((num % scale) * 2n >= scale) fen += 1n;
  return Number(m[1] ? -fen : fen);
}

export function loadGold(dir) {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')));
}

/** A department name compared without spaces, quotes or a 本级/汇总 suffix. */
const normName = (s) => (s ?? '').replace(/\s+/g, '').replace(/[（(](?:本级|汇总|部门汇总|单位汇总|部门)[)）]$/, '').replace(/(?:本级|本部)$/, '');

/** Half a unit of the last printed decimal of a stored fact's raw text, in 分. */
function slackFen(raw) {
  const m = /(\d[\d,]*(?:\.(\d+))?)\s*(亿元|万元|千元|元)\s*$/.exec(raw ?? '');
  if (!m) return 0;
  const decimals = (m[2] ?? '').length;
  return Number(UNIT_FEN[m[3]]) / 10 ** decimals / 2;
}

const STANDARD = ['summary', 'income', 'expenditure', 'appropriation_summary', 'gpb_expenditure', 'gpb_basic_expenditure', 'gov_fund_expenditure', 'soe_capital_expenditure', 'three_public'];

/**
 * The score of one stored document against its gold. Each check is { what, expected, got,
 * outcome: exact | wrong | missing, wrongVerified }.
 */
export function scoreDocument(db, docId, gold) {
  const doc = db.prepare('SELECT * FROM documents WHERE id = ?').get(docId);
  const checks = [];
  const add = (what, expected, got, outcome, wrongVerified = false) => checks.push({ what, expected, got, outcome, wrongVerified });
  add('family', gold.family, doc.family, doc.family === gold.family ? 'exact' : 'wrong');
  if (gold.fiscal_year !== null && gold.fiscal_year !== undefined) {
    add('fiscal_year', gold.fiscal_year, doc.fiscal_year, doc.fiscal_year === gold.fiscal_year ? 'exact' : doc.fiscal_year === null ? 'missing' : 'wrong');
  }
  if (gold.department) {
    const names = [gold.department, ...(gold.department_alt ?? [])].map(normName);
    const got = normName(doc.department);
    add('department', gold.department, doc.department, names.includes(got) ? 'exact' : doc.department === null ? 'missing' : 'wrong');
  }
  const basis = doc.family === 'final_account' ? 'final' : 'budget';
  for (const [key, g] of Object.entries(gold.facts ?? {})) {
    const expected = printedFen(g.printed, g.unit);
    const rows = db
      .prepare(`SELECT value_num, raw, source, verified FROM facts WHERE doc_id = ? AND key = ? AND subject IS NULL AND (basis IS NULL OR basis = ?)
        ORDER BY source = 'table' DESC, verified DESC, rowid`)
      .all(docId, key, basis);
    const fen = (r) => Math.round(r.value_num * 100);
    const offered = rows[0];
    const wrongVerified = rows.some((r) => r.verified === 1 && Math.abs(fen(r) - expected) > slackFen(r.raw));
    add(`fact ${key}`, `${g.printed} ${g.unit}`, offered ? offered.raw : null, !offered ? 'missing' : fen(offered) === expected ? 'exact' : 'wrong', wrongVerified);
  }
  for (const item of gold.line_items ?? []) {
    const expected = printedFen(item.printed, item.unit);
    const rows = db
      .prepare(`SELECT amount_fen, raw, verified, table_kind FROM line_items WHERE doc_id = ? AND code = ? AND "column" = ? AND table_kind = ?
        ORDER BY verified DESC, table_id, row`)
      .all(docId, item.code, item.column, item.table);
    const offered = rows.find((r) => r.amount_fen === expected) ?? rows[0];
    const wrongVerified = rows.some((r) => r.verified === 1 && r.amount_fen !== expected) && !rows.some((r) => r.amount_fen === expected);
    add(`item ${item.table} ${item.code} ${item.column}`, `${item.printed} ${item.unit}`, offered ? offered.raw : null, !offered ? 'missing' : offered.amount_fen === expected ? 'exact' : 'wrong', wrongVerified);
  }
  const found = new Set(db.prepare('SELECT DISTINCT kind FROM tables WHERE doc_id = ? AND kind IS NOT NULL AND n_rows > header_rows').all(docId).map((r) => r.kind));
  const tables = (gold.tables ?? []).filter((k) => STANDARD.includes(k));
  const recognised = tables.filter((k) => found.has(k)).length;
  const count = (o) => checks.filter((c) => c.outcome === o).length;
  return {
    id: gold.id,
    set: gold.set,
    status: doc.status,
    checks,
    exact: count('exact'),
    wrong: count('wrong'),
    missing: count('missing'),
    total: checks.length,
    wrongVerified: checks.filter((c) => c.wrongVerified).length,
    tables: { recognised, listed: tables.length },
  };
}
