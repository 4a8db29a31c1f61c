/**
 * The debug view of one page, as an SVG: what the extractor saw drawn over each other — ruling
 * edges (red), cell shading (yellow), detected cells (blue), text segments (green boxes) with
 * their text, page furniture (grey); on a page read by OCR, the page image under it all and the
 * boxes OCR read (orange, red when unsure). Open it in a browser to see why a table came out as it did.
 */
import type { PageLayout } from './page.js';

const esc = (t: string) => t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const n = (v: number) => v.toFixed(1);

export function pageSvg(page: PageLayout): string {
  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${n(page.width)}" height="${n(page.height)}" viewBox="0 0 ${n(page.width)} ${n(page.height)}" font-family="sans-serif">`);
  out.push(`<title>page ${page.page}</title>`);
  out.push(`<rect x="0" y="0" width="${n(page.width)}" height="${n(page.height)}" fill="#fff"/>`);
  if (page.ocr?.image) out.push(`<image href="${page.ocr.image}" x="0" y="0" width="${n(page.width)}" height="${n(page.height)}" opacity="0.5" preserveAspectRatio="none"/>`);
  out.push('<g id="shading" fill="#fff3b0" fill-opacity="0.6">');
  for (const s of page.rules.shading) out.push(`<rect x="${n(s.x0)}" y="${n(s.top)}" width="${n(s.x1 - s.x0)}" height="${n(s.bottom - s.top)}"/>`);
  out.push('</g>');
  out.push('<g id="cells" fill="#4a90e2" fill-opacity="0.08" stroke="#1f5fbf" stroke-width="1.2">');
  for (const grid of page.grids) {
    for (const c of grid.cells) out.push(`<rect x="${n(c.x0)}" y="${n(c.top)}" width="${n(c.x1 - c.x0)}" height="${n(c.bottom - c.top)}"><title>row ${c.row} col ${c.col} span ${c.rowSpan}×${c.colSpan}</title></rect>`);
  }
  out.push('</g>');
  out.push('<g id="edges" stroke="#e0245e" stroke-width="0.6">');
  for (const e of page.rules.edges) out.push(`<line x1="${n(e.x0)}" y1="${n(e.top)}" x2="${n(e.x1)}" y2="${n(e.bottom)}"/>`);
  out.push('</g>');
  out.push('<g id="text">');
  for (const item of page.items) {
    if (item.kind !== 'line') continue;
    for (const s of item.line.segments) {
      out.push(`<rect x="${n(s.x0)}" y="${n(s.top)}" width="${n(s.x1 - s.x0)}" height="${n(s.bottom - s.top)}" fill="none" stroke="#2e9e44" stroke-width="0.5"/>`);
    }
    out.push(`<text x="${n(item.line.x0)}" y="${n(item.line.baseline)}" font-size="${n(item.line.size)}" fill="#111" fill-opacity="0.8">${esc(item.line.text)}</text>`);
  }
  for (const line of page.furniture) {
    out.push(`<text x="${n(line.x0)}" y="${n(line.baseline)}" font-size="${n(line.size)}" fill="#999">${esc(line.text)}</text>`);
  }
  out.push('</g>');
  if (page.ocr) {
    // What OCR read, each box with its text and confidence (hover); doubtful boxes in red.
    out.push('<g id="ocr" fill="none" stroke-width="0.7">');
    for (const l of page.ocr.lines) {
      out.push(`<rect x="${n(l.x0)}" y="${n(l.top)}" width="${n(l.x1 - l.x0)}" height="${n(l.bottom - l.top)}" stroke="${l.confidence < 0.9 ? '#d0021b' : '#f5a623'}"><title>${esc(l.text)} (${l.confidence.toFixed(2)})</title></rect>`);
    }
    out.push('</g>');
  }
  out.push('<g id="cell-text" fill="#1f3f7f">');
  page.grids.forEach((grid, t) => {
    grid.cells.forEach((c, i) => {
      const text = page.cellTexts[t]?.[i] ?? '';
      if (text === '') return;
      const size = Math.min(9, Math.max(4, (c.bottom - c.top) * 0.6));
      out.push(`<text x="${n(c.x0 + 1)}" y="${n(c.top + size + 1)}" font-size="${n(size)}">${esc(text)}</text>`);
    });
  });
  out.push('</g>');
  out.push('</svg>');
  return out.join('\n');
}
