/**
 * Which figures are verified. A figure is verified when an identity through it held (a total
 * against its parts, a parent against its children, the summary's totals) or an independent
 * source agrees with it at the printed precision (a table against the prose, one table against
 * another) — and no check through it failed: a failed identity leaves every figure it went
 * through unverified, since any of them may be the wrong one. Nothing else is verified.
 *
 * Figures are named by refs: "seq:row:col" for a table cell, "fact:n" for a fact.
 */
import type { CheckDraft } from './checks/check.js';

/** Checks that say whether a table is present, not whether figures agree. */
export const PRESENCE_RULES: ReadonlySet<string> = new Set(['budget.tables_recognised', 'budget.listed_table_present', 'table.declared_empty']);

/**
 * Checks that confirm by agreement between two readings (the prose and a table), not by an
 * identity. Text read by OCR can be misread the same way twice, so there they confirm nothing.
 */
export const AGREEMENT_RULES: ReadonlySet<string> = new Set(['narrative.vs_table', 'region.narrative_vs_table']);

export function verification(checks: readonly CheckDraft[], { identitiesOnly = false } = {}): (...refs: (string | null | undefined)[]) => boolean {
  const confirmed = new Set<string>();
  const contradicted = new Set<string>();
  for (const c of checks) {
    if (c.ok === 1 && identitiesOnly && AGREEMENT_RULES.has(c.rule)) continue;
    if (c.ok === 1) for (const ref of c.verifies ?? c.cells ?? []) confirmed.add(ref);
    else for (const ref of c.cells ?? []) contradicted.add(ref);
  }
  return (...refs) => {
    const named = refs.filter((r): r is string => !!r);
    return named.some((r) => confirmed.has(r)) && !named.some((r) => contradicted.has(r));
  };
}

const MAX_LISTED = 3;

/**
 * The reason a document is partial because identities failed, or null: how many failed, and
 * the first few with their figures.
 */
export function failedIdentities(checks: readonly CheckDraft[]): string | null {
  const failed = checks.filter((c) => c.ok === 0 && !PRESENCE_RULES.has(c.rule));
  if (failed.length === 0) return null;
  const listed = failed.slice(0, MAX_LISTED).map((c) => `${c.rule}${c.subject ? ` ${c.subject}` : ''} (${c.detail ?? ''}: expected ${c.expected}, printed ${c.actual})`);
  const more = failed.length > MAX_LISTED ? `; and ${failed.length - MAX_LISTED} more` : '';
  return `${failed.length} of ${checks.filter((c) => !PRESENCE_RULES.has(c.rule)).length} identities fail, the figures they go through are unverified: ${listed.join('; ')}${more}`;
}
