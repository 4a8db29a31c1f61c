/**
 * `fiscal-extract inspect`: what the extractors saw in one file — the blocks with tables as grids
 * (text, md), the document model (json), and for PDFs one debug SVG per page (svg).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import type { DocumentModel } from '../../schemas/document.js';
import { tableToGrid } from '../../extractors/common/table-grid.js';
import { pageSvg } from '../../extractors/pdf/debug-svg.js';
import { extractModel, InputError } from '../pipeline/extract.js';
import { sniffFormat } from '../pipeline/sniff.js';

export const INSPECT_FORMATS = ['text', 'md', 'json', 'svg'] as const;
export type InspectFormat = (typeof INSPECT_FORMATS)[number];

const MAX_PAGE = 100_000;

/** Parses a page selection: "3", "3-5", "1,4-6". */
export function parsePages(spec: string): Set<number> {
  const pages = new Set<number>();
  for (const part of spec.split(',').map((p) => p.trim())) {
    const m = /^(\d+)(?:\s*-\s*(\d+))?$/.exec(part);
    const from = Number(m?.[1]);
    const to = Number(m?.[2] ?? m?.[1]);
    if (!m || from < 1 || to < from || to > MAX_PAGE) throw new InputError(`invalid --pages "${spec}": use page numbers (1 to ${MAX_PAGE}) and ranges like 3, 3-5 or 1,4-6`);
    for (let p = from; p <= to; p++) pages.add(p);
  }
  return pages;
}

function readInput(path: string): { bytes: Uint8Array; format: DocumentModel['format'] } {
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(readFileSync(path));
  } catch (e) {
    throw new InputError(`${path}: cannot read the file: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or directory' : (e as Error).message}`);
  }
  const sniffed = sniffFormat(bytes, path);
  if (!sniffed.ok) throw new InputError(`${path}: ${sniffed.reason}`);
  return { bytes, format: sniffed.format };
}

export async function loadModel(path: string, pages?: Set<number>): Promise<DocumentModel> {
  const { bytes, format } = readInput(path);
  try {
    return await extractModel(bytes, format, { pages });
  } catch (e) {
    if (e instanceof InputError) throw new InputError(`${path}: ${e.message}`);
    throw e;
  }
}

/** Writes one debug SVG per page into `outDir`; returns the paths written. */
export async function writePageSvgs(path: string, outDir: string, pages?: Set<number>): Promise<string[]> {
  const { bytes, format } = readInput(path);
  if (format !== 'pdf') throw new InputError(`${path}: --format svg draws PDF pages; this file is ${format}`);
  // Loaded here, not with the CLI: a batch's main thread never needs pdf.js.
  const { pdfLayouts, PdfOpenError } = await import('../../extractors/pdf/index.js');
  const { OCR_SETTINGS } = await import('../../extractors/pdf/ocr/pages.js');
  let layouts;
  try {
    layouts = (await pdfLayouts(bytes, { pages, keepDrawing: true, ocrSettings: { ...OCR_SETTINGS, keepImage: true } })).pages;
  } catch (e) {
    if (e instanceof PdfOpenError) throw new InputError(`${path}: ${e.message}`);
    throw e;
  }
  const stem = basename(path, extname(path));
  return writeOutputs(outDir, layouts.map((layout) => [`${stem}-p${String(layout.page).padStart(3, '0')}.svg`, pageSvg(layout)]));
}

/** Writes named files into `outDir`, creating it; a directory that cannot be written is an InputError. */
export function writeOutputs(outDir: string, files: [name: string, content: string][]): string[] {
  try {
    mkdirSync(outDir, { recursive: true });
    return files.map(([name, content]) => {
      const file = join(outDir, name);
      writeFileSync(file, content);
      return file;
    });
  } catch (e) {
    throw new InputError(`cannot write to --out ${outDir}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
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

export function renderModel(model: DocumentModel, format: Exclude<InspectFormat, 'svg'>): string {
  if (format === 'json') return JSON.stringify(model, null, 2);
  const out: string[] = [];
  if (model.notice) out.push(format === 'md' ? `<!-- notice: ${JSON.stringify(model.notice)} -->` : `notice  ${JSON.stringify(model.notice)}`);
  for (const w of model.warnings) out.push(format === 'md' ? `<!-- warning: ${w} -->` : `warning ${w}`);
  for (const p of model.problems) out.push(format === 'md' ? `<!-- problem: ${p} -->` : `problem ${p}`);
  for (const b of model.blocks) {
    if (b.type === 'heading') {
      const text = `${b.numbering ?? ''}${b.text}`;
      out.push(format === 'md' ? `\n${'#'.repeat(b.level)} ${text}\n` : `H${b.level} ${text}   [${where(b.prov)}]`);
    } else if (b.type === 'paragraph') {
      out.push(format === 'md' ? `${b.text}\n` : `   ${b.text}`);
    } else {
      const pages = b.pageFirst === null ? '' : b.pageFirst === b.pageLast ? `, page ${b.pageFirst}` : `, pages ${b.pageFirst}-${b.pageLast}`;
      const head = `table "${b.title ?? ''}" ${b.nRows}×${b.nCols}, ${b.headerRows} header row(s), unit ${b.unit ?? '—'}, ${b.parts.length} part(s)${pages}`;
      out.push(format === 'md' ? `\n<!-- ${head} -->` : `T  ${head}   [${where(b.prov)}]`);
      const grid = tableToGrid(b);
      if (format === 'md') out.push(...markdownTable(grid, b.headerRows), '');
      else out.push(...grid.map((r) => `   | ${r.map((c) => c.replace(/\n/g, '⏎')).join(' | ')}`));
      for (const n of b.notes) out.push(format === 'md' ? `> ${n}\n` : `   note: ${n}`);
    }
  }
  return out.join('\n');
}
