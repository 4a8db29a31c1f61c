/**
 * Scores government-level figures against sources independent of us: the regional panel a data
 * team published from rg001–rg042 (../shared/corpus/regional-panel.tsv, 亿元 at 2 decimals) and
 * the prose figures of budget execution reports typed by hand (test/fixtures/regional-prose-gold).
 * Used by `npm run eval` and test/regional-corpus.test.ts.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { printedFen } from './gold.mjs';

/**
 * Documents scored only once, after the parsers were written: their first score is the honest one
 * (README, "How right the regional figures are").
 */
export const HELD_OUT = new Set(['rg014', 'rg020', 'rg026', 'rg035', 'rg038', 'rg040', 'rg042', 'rg065', 'rg068', 'atl24']);

/**
 * Panel figures the documents show to be the panel's slip, read from the documents by hand:
 * - rg022 prints 宜昌市 (the whole city) 4,950,619 / 4,664,113 万元 of general debt limit and
 *   balance and 宜昌市级 (its own level) 1,587,938 / 1,499,815; the panel took the 市级 row for
 *   宜昌市's general figures (and the 宜昌市 row for its special ones).
 * - rg024 (Liaoning's debt tables) prints no 政府性基金 revenue of 朝阳市; 12.56 is not in it.
 */
export const PANEL_SLIPS = new Set(['rg022 420500 2024 debt_balance_general', 'rg022 420500 2024 debt_limit_general', 'rg024 211300 2024 gov_fund_revenue']);

export function loadPanel(corpus) {
  const file = join(corpus, 'regional-panel.tsv');
  if (!existsSync(file)) return [];
  const [, ...rows] = readFileSync(file, 'utf8').trim().split('\n');
  return rows.map((r) => {
    const [id, code, region, year, key, value] = r.split('\t');
    return { id, code, region, year: Number(year), key, value };
  });
}

export function loadProseGold(dir) {
  return existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.json')).sort().map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8'))) : [];
}

/**
 * The panel against region_figures: a panel figure is found when a figure of its document has its
 * region code, key, year and scope whole and equals it at the panel's rounding; it is wrong and
 * verified when none does and one of those is verified (a panel slip aside). `docOf(id)`: the
 * document's id for a corpus id.
 */
export function scorePanel(db, docOf, panel) {
  const candidates = db.prepare("SELECT value_fen, verified, raw, unit FROM region_figures WHERE doc_id = ? AND region_code = ? AND key = ? AND fiscal_year = ? AND scope = 'whole'");
  const out = { found: 0, total: 0, missed: [], wrongVerified: [], byDoc: new Map() };
  for (const f of panel) {
    const doc = docOf(f.id);
    if (!doc) continue;
    const rows = candidates.all(doc, f.code, f.key, f.year);
    // The panel rounds to 0.01 亿元 (10^8 元 = 10^10 分).
    const want = Math.round(Number(f.value) * 100);
    const hit = rows.some((r) => Math.round(r.value_fen / 1e8) === want);
    const d = out.byDoc.get(f.id) ?? { found: 0, total: 0 };
    d.total++;
    out.total++;
    if (hit) {
      d.found++;
      out.found++;
    } else {
      const what = `${f.id} ${f.code} ${f.year} ${f.key}`;
      const line = `${what} ${f.region} ${f.value}亿元: ${rows.map((r) => `${r.raw} ${r.unit}${r.verified ? ' (verified)' : ''}`).join(', ') || 'none'}`;
      out.missed.push(line);
      if (rows.some((r) => r.verified === 1) && !PANEL_SLIPS.has(what)) out.wrongVerified.push(line);
    }
    out.byDoc.set(f.id, d);
  }
  return out;
}

/**
 * The hand-typed prose figures against the narrative region figures: found when one has the key,
 * scope, year, basis and value; contradicted when a verified one has the key, scope, year and
 * basis and another value.
 */
export function scoreProse(db, docOf, golds) {
  const out = { found: 0, total: 0, contradicted: [], missed: [], byDoc: new Map() };
  for (const gold of golds) {
    const doc = docOf(gold.file.replace(/\.[^.]+$/, ''));
    if (!doc) continue;
    const stored = db.prepare("SELECT key, scope, fiscal_year, basis, value_fen, verified, raw FROM region_figures WHERE doc_id = ? AND source = 'narrative' AND region_code = ?").all(doc, gold.region_code);
    let n = 0;
    for (const g of gold.figures) {
      const fen = printedFen(g.value, g.unit);
      const same = stored.filter((s) => s.key === g.key && s.scope === g.scope && s.fiscal_year === g.year && s.basis === g.basis);
      if (same.some((s) => s.value_fen === fen)) n++;
      else {
        out.missed.push(`${gold.id} ${g.key} ${g.scope} ${g.year} ${g.basis} ${g.value}${g.unit}: ${same.map((s) => s.raw).join(', ') || 'none'}`);
        for (const s of same.filter((x) => x.verified === 1)) out.contradicted.push(`${gold.id} ${g.key} ${g.scope} ${g.year} ${g.basis}: gold ${g.value}${g.unit}, stored ${s.raw} verified`);
      }
    }
    out.byDoc.set(gold.id, { found: n, total: gold.figures.length });
    out.total += gold.figures.length;
    out.found += n;
  }
  return out;
}
