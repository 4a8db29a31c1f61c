/** `fiscal-extract inspect`: the document model of one file, to see what the extractors saw. */
import { readFileSync } from 'node:fs';
import type { DocumentModel } from '../../schemas/document.js';
import { tableToGrid } from '../../extractors/common/table-grid.js';
import { extractModel, InputError } from '../pipeline/extract.js';
import { sniffFormat } from '../pipeline/sniff.js';

export const INSPECT_FORMATS = ['text', 'md', 'json'] as const;
export type InspectFormat = (typeof INSPECT_FORMATS)[number];

export function loadModel(path: string): DocumentModel {
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(readFileSync(path));
  } catch (e) {
    throw new InputError(`${path}: cannot read the file: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or directory' : (e as Error).message}`);
  }
  const sniffed = sniffFormat(bytes, path);
  if (!sniffed.ok) throw new InputError(`${path}: ${sniffed.reason}`);
  return extractModel(bytes, sniffed.format);
}

function where(prov: { page?: number; line?: number; path?: string }): string {
  return prov.page !== undefined ? `p${prov.page}` : prov.line !== undefined ? `L${prov.line}` : (prov.path ?? '');
}

function markdownTable(grid: string[][], headerRows: number): string[] {
  const esc = (t: string) => t.replace(/\|/g, '\\|').replace(/\n/g, '<br>');
  const width = Math.max(1, ...grid.map((r) => r.length));
  const rows = grid.map((r) => `| ${Array.from({ length: width }, (_, i) => esc(r[i] ?? '')).join(' | ')} |`);
  const sep = `|${' --- |'.repeat(width)}`;
  const at = Math.max(1, headerRows);
  return [...rows.slice(0, at), sep, ...rows.slice(at)];
}

export function renderModel(model: DocumentModel, format: InspectFormat): string {
  if (format === 'json') return JSON.stringify(model, null, 2);
  const out: string[] = [];
  if (model.notice) out.push(format === 'md' ? `<!-- notice: ${JSON.stringify(model.notice)} -->` : `notice  ${JSON.stringify(model.notice)}`);
  for (const w of model.warnings) out.push(format === 'md' ? `<!-- warning: ${w} -->` : `warning ${w}`);
  for (const b of model.blocks) {
    if (b.type === 'heading') {
      const text = `${b.numbering ?? ''}${b.text}`;
      out.push(format === 'md' ? `\n${'#'.repeat(b.level)} ${text}\n` : `H${b.level} ${text}   [${where(b.prov)}]`);
    } else if (b.type === 'paragraph') {
      out.push(format === 'md' ? `${b.text}\n` : `   ${b.text}`);
    } else {
      const head = `table "${b.title ?? ''}" ${b.nRows}×${b.nCols}, ${b.headerRows} header row(s), unit ${b.unit ?? '—'}, ${b.parts.length} part(s)`;
      out.push(format === 'md' ? `\n<!-- ${head} -->` : `T  ${head}   [${where(b.prov)}]`);
      const grid = tableToGrid(b);
      if (format === 'md') out.push(...markdownTable(grid, b.headerRows), '');
      else out.push(...grid.map((r) => `   | ${r.map((c) => c.replace(/\n/g, '⏎')).join(' | ')}`));
      for (const n of b.notes) out.push(format === 'md' ? `> ${n}\n` : `   note: ${n}`);
    }
  }
  return out.join('\n');
}
