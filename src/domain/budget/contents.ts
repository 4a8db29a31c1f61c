/**
 * The tables a document's own contents (目录) promise, against the tables found: a standard table
 * listed but missing is either lost by extraction or left out of the publication, and either way
 * the user should know. The contents are the headings before the first table, or a contents
 * table (titles with page numbers) at the start.
 */
import type { Block } from '../../../schemas/document.js';
import type { TableKind } from '../../../schemas/records.js';
import { tableToGrid } from '../../../extractors/common/table-grid.js';
import type { CheckDraft } from '../checks/check.js';
import type { ParsedTable } from '../parsed.js';
import { CODED_KINDS, kindOfTitle, TWO_HALF_KINDS } from './kinds.js';

const STANDARD: ReadonlySet<TableKind> = new Set([...CODED_KINDS, ...TWO_HALF_KINDS, 'three_public']);

const cleanTitle = (text: string) =>
  text.replace(/\s+/g, '').replace(/^[一二三四五六七八九十\d]+[、.．]/, '').replace(/[.…·]+\d*$/, '').replace(/\d+$/, '').replace(/[“”"]/g, '');

/** The table titles the contents list, in order. */
export function listedTableTitles(blocks: readonly Block[]): string[] {
  const titles: string[] = [];
  for (const b of blocks) {
    if (b.type === 'table') {
      const grid = tableToGrid(b);
      const isContents = titles.length === 0 && grid.length >= 3 && grid.every((row) => /表$/.test(cleanTitle(row[0] ?? '')) || (row[0] ?? '').trim() === '');
      if (isContents) {
        titles.push(...grid.map((row) => cleanTitle(row[0] ?? '')).filter((t) => t !== ''));
        continue;
      }
      break;
    }
    const title = cleanTitle(b.text);
    // 第二部分 部门决算表 names a part of the document, not a table.
    if (b.type === 'heading' && b.style !== 'chapter' && /表$/.test(title)) titles.push(title);
  }
  return titles;
}

export function listedTableChecks(blocks: readonly Block[], tables: readonly ParsedTable[]): CheckDraft[] {
  const found = new Set(tables.map((t) => t.kind));
  const out: CheckDraft[] = [];
  const checked = new Set<TableKind>();
  for (const title of listedTableTitles(blocks)) {
    const kind = kindOfTitle(title);
    if (!kind || !STANDARD.has(kind) || checked.has(kind)) continue;
    checked.add(kind);
    const present = found.has(kind);
    out.push({ rule: 'budget.listed_table_present', subject: title, expected: 1, actual: present ? 1 : 0, ok: present ? 1 : 0, detail: present ? `目录 lists it; found as ${kind}` : `目录 lists it; no ${kind} table was found` });
  }
  return out;
}
