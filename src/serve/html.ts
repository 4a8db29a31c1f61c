/** Server-rendered HTML: escaping, the shared layout, small helpers. No build step, no framework. */

export const esc = (v: unknown): string =>
  v === null || v === undefined ? '' : String(v).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

/** A tagged template whose interpolations are escaped unless wrapped in raw(). */
export class Raw {
  constructor(readonly html: string) {}
}
export const raw = (html: string) => new Raw(html);

export function html(strings: TemplateStringsArray, ...values: unknown[]): Raw {
  let out = strings[0]!;
  values.forEach((v, i) => {
    const piece = Array.isArray(v) ? v.map((x) => (x instanceof Raw ? x.html : esc(x))).join('') : v instanceof Raw ? v.html : esc(v);
    out += piece + strings[i + 1]!;
  });
  return new Raw(out);
}

const STYLE = `
body{font-family:system-ui,"Noto Sans CJK SC","Microsoft YaHei",sans-serif;margin:0;color:#1b1f24;background:#f6f7f9}
header{background:#123;color:#fff;padding:.6rem 1rem}header a{color:#fff;text-decoration:none;font-weight:600}
main{padding:1rem}table{border-collapse:collapse;background:#fff}td,th{border:1px solid #ccd;padding:.2rem .4rem;font-size:13px;vertical-align:top}
th{background:#eef1f5;text-align:left}.num{text-align:right;font-variant-numeric:tabular-nums}.bad{color:#b00020}.ok{color:#0a7a32}
.warn{background:#fff4d6;border:1px solid #e8c45a;padding:.5rem;margin:.5rem 0}form.filters{display:flex;gap:.5rem;flex-wrap:wrap;margin-bottom:1rem}
.viewer{display:flex;gap:1rem;align-items:flex-start}.page{position:relative;flex:0 0 auto;border:1px solid #aab;background:#fff}
.page img{display:block;width:100%}.box{position:absolute;border:1px solid rgba(31,95,191,.55);background:rgba(74,144,226,.06);cursor:pointer}
.box.ocr{border:1px solid rgba(245,166,35,.8);background:none;pointer-events:none}.box.ocr.unsure{border-color:#d0021b}.box.prose{border:1px dashed rgba(46,158,68,.6);background:none}
.box.hl{border:2px solid #e0245e;background:rgba(224,36,94,.18);z-index:2}.side{flex:1 1 auto;min-width:320px;overflow:auto;max-height:92vh}
.fact{cursor:pointer}.fact.hl,td.hl{background:#ffd6e2}nav.pages a{margin-right:.3rem}
`;

export function page(title: string, body: Raw): string {
  return `<!doctype html><html lang="zh"><head><meta charset="utf-8"><title>${esc(title)} · fiscal-extract</title><style>${STYLE}</style></head><body><header><a href="/">fiscal-extract</a> · ${esc(title)}</header><main>${body.html}</main></body></html>`;
}

export const yuan = (v: number | null) => (v === null || v === undefined ? '' : v.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 }));
