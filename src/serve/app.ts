/**
 * The review app: documents, one document, one page with its figures drawn over it, and JSON
 * for scripts. Read-only on the database; every id is checked against the documents table
 * before anything is looked up, and files are opened only from paths the database stores.
 */
import { Hono } from 'hono';
import { searchText } from '../store/search.js';
import { esc, html, page, raw, yuan, type Raw } from './html.js';
import { pageJpeg, pageSize, SCALE } from './page-image.js';
import { DOC_ID, type SourceState } from './sources.js';
import { likePattern, type ReviewStore, type Row } from './store.js';

export interface AppOptions {
  store: ReviewStore;
}

type Doc = Row;

const LIST_LIMIT = 500;

async function documentsQuery(db: ReviewStore, q: Record<string, string | undefined>): Promise<Row[]> {
  const where: string[] = [];
  const params: unknown[] = [];
  // Values as typed, NUL bytes dropped (no stored text holds one, and PostgreSQL refuses them).
  for (const [field, column] of [['family', 'family'], ['status', 'status'], ['region', 'region_code']] as const) {
    const v = searchText(q[field] ?? '');
    if (v) {
      where.push(`d.${column} = ?`);
      params.push(v);
    }
  }
  const year = searchText(q.year ?? '');
  if (year) {
    // A year that is not one (abc, 1e309, twenty digits) matches no document rather than erring.
    const isYear = /^\d{1,4}$/.test(year);
    where.push(isYear ? 'd.fiscal_year = ?' : '1 = 0');
    if (isYear) params.push(Number(year));
  }
  const department = searchText(q.department ?? '');
  if (department) {
    where.push("d.department LIKE ? ESCAPE '\\'");
    params.push(likePattern(department));
  }
  const text = searchText(q.q ?? '');
  if (text) {
    const match = db.textMatch(text);
    where.push(match.sql);
    params.push(...match.params);
  }
  return db.all(`SELECT d.id, d.source, d.family, d.status, d.fiscal_year, d.region, d.department, d.title,
      (SELECT count(*) FROM checks c WHERE c.doc_id = d.id AND c.ok = 0) AS failed_checks,
      (SELECT count(*) FROM facts f WHERE f.doc_id = d.id AND f.verified = 0) + (SELECT count(*) FROM line_items l WHERE l.doc_id = d.id AND l.verified = 0) AS unverified
    FROM current_documents d ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY d.fiscal_year DESC NULLS LAST, d.department NULLS LAST, d.id LIMIT ${LIST_LIMIT}`, params);
}

async function documentOf(db: ReviewStore, id: string): Promise<Doc | null> {
  if (!DOC_ID.test(id)) return null;
  return (await db.all('SELECT * FROM documents WHERE id = ?', [id]))[0] ?? null;
}

function factsOf(db: ReviewStore, id: string): Promise<Row[]> {
  return db.all(`SELECT f.rowid AS n, f.key, f.value_num, f.value_text, f.unit, f.raw, f.source, f.page, f.verified, f.table_id, f.cell_row, f.cell_col, f.x0, f.y0, f.x1, f.y1
    FROM facts f WHERE f.doc_id = ? AND f.subject IS NULL ORDER BY f.source DESC, f.key, f.rowid`, [id]);
}

/** A government-level document's figures by region, in the order they were read. */
function regionFiguresOf(db: ReviewStore, id: string): Promise<Row[]> {
  return db.all(`SELECT region, region_code, scope, fiscal_year, basis, key, value_fen, unit, raw, source, context, page, table_id, cell_row, cell_col, verified
    FROM region_figures WHERE doc_id = ? ORDER BY rowid`, [id]);
}

/** The figures' rows of a table: region, key, year and basis, the value in 元 as printed, verified, where. */
function regionRows(figures: readonly Row[], where: (f: Row) => Raw): Raw {
  return html`<table><tr><th>region</th><th>code</th><th>scope</th><th>key</th><th>year</th><th>basis</th><th>元</th><th>printed</th><th>source</th><th>verified</th><th></th></tr>${figures.map(
    (f) => html`<tr class="fact" data-cell="${cellKey(f)}"><td>${f.region}</td><td>${f.region_code}</td><td>${f.scope}</td><td>${f.key}</td><td>${f.fiscal_year}</td><td>${f.basis}</td><td class="num">${yuan(Number(f.value_fen) / 100)}</td><td>${f.raw} ${f.unit}</td><td>${f.source}</td><td class="${f.verified ? 'ok' : 'bad'}">${f.verified ? 'yes' : 'no'}</td><td>${where(f)}</td></tr>`,
  )}</table>`;
}

async function gridOf(db: ReviewStore, tableId: number): Promise<Raw> {
  const cells = await db.all('SELECT row, col, row_span, col_span, text, is_header FROM cells WHERE table_id = ? ORDER BY row, col', [tableId]);
  const rows = new Map<number, Row[]>();
  for (const c of cells) rows.set(Number(c.row), [...(rows.get(Number(c.row)) ?? []), c]);
  return html`<table>${[...rows.values()].map((r) => html`<tr>${r.map((c) => {
    const tag = c.is_header ? 'th' : 'td';
    return raw(`<${tag} rowspan="${c.row_span}" colspan="${c.col_span}" data-cell="${tableId}:${c.row}:${c.col}" class="${/^[-\d,.]+$/.test(String(c.text)) ? 'num' : ''}">${esc(c.text)}</${tag}>`);
  })}</tr>`)}</table>`;
}

/** What a fact lights on its page: its table cell, or for a prose figure its paragraph. */
const cellKey = (f: Row) => (f.table_id !== null ? `${f.table_id}:${f.cell_row}:${f.cell_col}` : f.x0 !== null ? `fact-${f.n}` : '');

function sourceNotice(state: SourceState): Raw {
  if (state.state === 'found') return html``;
  const what = state.state === 'moved' ? 'is no longer where it was ingested from' : 'has changed since it was ingested (its bytes no longer match)';
  return html`<p class="warn">The source file ${state.path ?? ''} ${what}: its pages cannot be drawn. The records below are as stored.</p>`;
}

export function createApp({ store: db }: AppOptions): Hono {
  const app = new Hono();

  app.get('/', async (c) => {
    const q = c.req.query();
    const docs = await documentsQuery(db, q);
    const select = (name: string, options: string[]) => html`<select name="${name}"><option value="">${name}</option>${options.map((o) => raw(`<option${q[name] === o ? ' selected' : ''}>${esc(o)}</option>`))}</select>`;
    const years = (await db.all('SELECT DISTINCT fiscal_year AS y FROM documents WHERE fiscal_year IS NOT NULL ORDER BY 1 DESC')).map((r) => String(r.y));
    const body = html`<form class="filters">${select('family', ['budget', 'final_account', 'perf_self_eval', 'project_self_eval', 'perf_goals', 'gov_report', 'other'])}${select('status', ['ok', 'partial', 'failed'])}${select('year', years)}
      <input name="region" placeholder="region code" value="${q.region ?? ''}"><input name="department" placeholder="department" value="${q.department ?? ''}"><input name="q" placeholder="full-text search" value="${q.q ?? ''}"><button>filter</button></form>
      <table><tr><th>year</th><th>family</th><th>status</th><th>department</th><th>region</th><th>failed checks</th><th>unverified figures</th><th>source</th></tr>
      ${docs.map((d) => html`<tr><td>${d.fiscal_year}</td><td>${d.family}</td><td class="${d.status === 'ok' ? 'ok' : 'bad'}">${d.status}</td><td><a href="/documents/${d.id}">${d.department ?? d.title ?? d.id}</a></td><td>${d.region}</td><td class="num">${d.failed_checks}</td><td class="num">${d.unverified}</td><td>${d.source}</td></tr>`)}</table>
      <p>${docs.length}${docs.length === LIST_LIMIT ? '+' : ''} document(s)</p>`;
    return c.html(page('documents', body));
  });

  app.get('/documents/:id', async (c) => {
    const doc = await documentOf(db, c.req.param('id'));
    if (!doc) return c.html(page('not found', html`<p>No document with that id.</p>`), 404);
    const id = String(doc.id);
    const failed = await db.all('SELECT rule, subject, expected, actual, detail FROM checks WHERE doc_id = ? AND ok = 0', [id]);
    const tables = await db.all('SELECT id, seq, kind, title, unit, page_first, page_last FROM tables WHERE doc_id = ? ORDER BY seq', [id]);
    const grids = await Promise.all(tables.map((t) => gridOf(db, Number(t.id))));
    const sections = await db.all('SELECT heading, text, page FROM sections WHERE doc_id = ? ORDER BY seq', [id]);
    const facts = await factsOf(db, id);
    const regional = await regionFiguresOf(db, id);
    const pages = Number(doc.pages ?? 0);
    const link = (p: unknown, hash = '') => (doc.format === 'pdf' && p ? html`<a href="/documents/${id}/pages/${p}${hash}">p${p}</a>` : html`${p ?? ''}`);
    const body = html`${sourceNotice(await db.source(id))}
      <table>${['title', 'family', 'status', 'error', 'department', 'region', 'region_code', 'fiscal_year', 'format', 'pages', 'source'].map((k) => html`<tr><th>${k}</th><td>${doc[k]}</td></tr>`)}</table>
      ${doc.format === 'pdf' && pages > 0 ? html`<nav class="pages">pages: ${Array.from({ length: pages }, (_, i) => html`<a href="/documents/${id}/pages/${i + 1}">${i + 1}</a>`)}</nav>` : html``}
      <h2>Failed checks (${failed.length})</h2><table><tr><th>rule</th><th>subject</th><th>expected</th><th>printed</th><th>detail</th></tr>${failed.map((f) => html`<tr><td>${f.rule}</td><td>${f.subject}</td><td class="num">${f.expected}</td><td class="num">${f.actual}</td><td>${f.detail}</td></tr>`)}</table>
      <h2>Headline facts</h2><table><tr><th>key</th><th>value</th><th>unit</th><th>source</th><th>verified</th><th>page</th><th>printed</th></tr>${facts.map((f) => html`<tr><td>${f.key}</td><td class="num">${f.unit === '元' ? yuan(f.value_num as number) : (f.value_num ?? f.value_text)}</td><td>${f.unit}</td><td>${f.source}</td><td class="${f.verified ? 'ok' : 'bad'}">${f.verified ? 'yes' : 'no'}</td><td>${link(f.page, cellKey(f) ? `#cell-${cellKey(f)}` : '')}</td><td>${f.raw}</td></tr>`)}</table>
      ${regional.length > 0 ? html`<h2>Regional figures (${regional.length})</h2>${regionRows(regional, (f) => link(f.page, cellKey(f) ? `#cell-${cellKey(f)}` : ''))}` : html``}
      <h2>Tables (${tables.length})</h2>${tables.map((t, i) => html`<h3>${t.seq}. ${t.title ?? ''} <small>${t.kind ?? ''} ${t.unit ?? ''} ${link(t.page_first)}</small></h3>${grids[i]}`)}
      <h2>Sections</h2>${sections.map((s) => html`<h4>${s.heading ?? ''} <small>${link(s.page)}</small></h4><p>${String(s.text ?? '').slice(0, 2000)}</p>`)}`;
    return c.html(page(String(doc.department ?? doc.title ?? id), body));
  });

  app.get('/documents/:id/pages/:n', async (c) => {
    const doc = await documentOf(db, c.req.param('id'));
    const n = Number(c.req.param('n'));
    if (!doc) return c.html(page('not found', html`<p>No document with that id.</p>`), 404);
    if (doc.format !== 'pdf' || !Number.isInteger(n) || n < 1 || n > Number(doc.pages ?? 0)) return c.html(page('not found', html`<p>No such page.</p>`), 404);
    const id = String(doc.id);
    const source = await db.source(id);
    const size = source.state === 'found' ? await pageSize(source.bytes, n) : null;
    const cells = await db.all(`SELECT c.table_id, c.row, c.col, c.text, c.x0, c.y0, c.x1, c.y1 FROM cells c JOIN tables t ON t.id = c.table_id
      WHERE t.doc_id = ? AND c.page = ? AND c.x0 IS NOT NULL`, [id, n]);
    const tableIds = [...new Set(cells.map((x) => Number(x.table_id)))];
    const grids = await Promise.all(tableIds.map((t) => gridOf(db, t)));
    const facts = (await factsOf(db, id)).filter((f) => Number(f.page) === n);
    const regional = (await regionFiguresOf(db, id)).filter((f) => Number(f.page) === n);
    const ocr = (await db.all('SELECT engine, mean_confidence FROM ocr_pages WHERE doc_id = ? AND page = ?', [id, n]))[0];
    const ocrLines = await db.all('SELECT text, confidence, x0, y0, x1, y1 FROM ocr_lines WHERE doc_id = ? AND page = ? ORDER BY seq', [id, n]);
    const prose = facts.filter((f) => f.table_id === null && f.x0 !== null);
    const px = (v: unknown) => `${(Number(v) * SCALE).toFixed(1)}px`;
    const imageW = size ? Math.max(32, Math.ceil((size.width * SCALE) / 32) * 32) : 0;
    const imageH = size ? Math.max(32, Math.ceil((size.height * SCALE) / 32) * 32) : 0;
    const viewer = size
      ? html`<div class="page" id="page" style="width:${imageW}px;height:${imageH}px"><img src="/documents/${id}/pages/${n}/image" width="${imageW}" height="${imageH}" alt="page ${n}">
          ${ocrLines.map((l) => raw(`<div class="box ocr${Number(l.confidence) < 0.9 ? ' unsure' : ''}" title="${esc(l.text)} (${l.confidence})" style="left:${px(l.x0)};top:${px(l.y0)};width:${px(Number(l.x1) - Number(l.x0))};height:${px(Number(l.y1) - Number(l.y0))}"></div>`))}
          ${prose.map((f) => raw(`<div class="box prose" id="cell-fact-${f.n}" data-cell="fact-${f.n}" title="${esc(f.raw)}" style="left:${px(f.x0)};top:${px(f.y0)};width:${px(Number(f.x1) - Number(f.x0))};height:${px(Number(f.y1) - Number(f.y0))}"></div>`))}
          ${cells.map((x) => raw(`<div class="box" id="cell-${x.table_id}:${x.row}:${x.col}" data-cell="${x.table_id}:${x.row}:${x.col}" title="${esc(x.text)}" style="left:${px(x.x0)};top:${px(x.y0)};width:${px(Number(x.x1) - Number(x.x0))};height:${px(Number(x.y1) - Number(x.y0))}"></div>`))}</div>`
      : html``;
    const body = html`${sourceNotice(source)}<p><a href="/documents/${id}">← ${doc.department ?? doc.title ?? id}</a> · page ${n} of ${doc.pages}
        ${n > 1 ? html` · <a href="/documents/${id}/pages/${n - 1}">previous</a>` : html``}${n < Number(doc.pages) ? html` · <a href="/documents/${id}/pages/${n + 1}">next</a>` : html``}
        ${ocr ? html` · read by OCR (${ocr.engine}), mean confidence ${ocr.mean_confidence}` : html``}</p>
      <div class="viewer">${viewer}<div class="side">
        <h3>Facts on this page</h3><table>${facts.map((f) => html`<tr class="fact" data-cell="${cellKey(f)}" id="fact-${f.key}-${f.source}"><td>${f.key}</td><td class="num">${f.unit === '元' ? yuan(f.value_num as number) : (f.value_num ?? f.value_text)}</td><td>${f.source}</td><td class="${f.verified ? 'ok' : 'bad'}">${f.verified ? 'verified' : 'unverified'}</td><td>${f.raw}</td></tr>`)}</table>
        ${regional.length > 0 ? html`<h3>Regional figures on this page</h3>${regionRows(regional, () => html``)}` : html``}
        ${tableIds.map((t, i) => html`<h3>table ${t}</h3>${grids[i]}`)}
      </div></div>
      <script>
        function highlight(key) {
          document.querySelectorAll('.hl').forEach(function (e) { e.classList.remove('hl'); });
          if (!key) return;
          document.querySelectorAll('[data-cell="' + key + '"]').forEach(function (e) { e.classList.add('hl'); });
          var box = document.getElementById('cell-' + key); if (box) box.scrollIntoView({ block: 'center' });
        }
        document.addEventListener('click', function (e) {
          var el = e.target.closest('[data-cell]'); if (el) highlight(el.getAttribute('data-cell'));
        });
        if (location.hash.indexOf('#cell-') === 0) highlight(decodeURIComponent(location.hash.slice(6)));
      </script>`;
    return c.html(page(`${doc.department ?? doc.title ?? id} p${n}`, body));
  });

  app.get('/documents/:id/pages/:n/image', async (c) => {
    const doc = await documentOf(db, c.req.param('id'));
    const n = Number(c.req.param('n'));
    if (!doc || doc.format !== 'pdf' || !Number.isInteger(n)) return c.text('not found', 404);
    const source = await db.source(String(doc.id));
    if (source.state !== 'found') return c.text(`source file ${source.state}`, 410);
    const jpeg = await pageJpeg(source.bytes, n);
    if (!jpeg) return c.text('no such page', 404);
    return c.body(new Uint8Array(jpeg), 200, { 'content-type': 'image/jpeg', 'cache-control': 'max-age=3600' });
  });

  app.get('/api/documents', async (c) => c.json(await documentsQuery(db, c.req.query())));
  app.get('/api/documents/:id', async (c) => {
    const doc = await documentOf(db, c.req.param('id'));
    if (!doc) return c.json({ error: 'no document with that id' }, 404);
    const id = String(doc.id);
    return c.json({
      document: doc,
      facts: await factsOf(db, id),
      region_figures: await regionFiguresOf(db, id),
      checks: await db.all('SELECT rule, subject, expected, actual, ok, detail FROM checks WHERE doc_id = ? ORDER BY rowid', [id]),
      tables: await db.all('SELECT id, seq, kind, title, unit, page_first, page_last, n_rows, n_cols FROM tables WHERE doc_id = ? ORDER BY seq', [id]),
    });
  });

  app.notFound((c) => c.html(page('not found', html`<p>Nothing here.</p>`), 404));
  // A fault of ours: the reason goes to the server's log, not to the page (no SQL, no stack).
  app.onError((e, c) => {
    process.stderr.write(`fiscal-extract serve: ${c.req.method} ${c.req.path}: ${e.stack ?? e.message}\n`);
    return c.html(page('error', html`<p>Something went wrong on the server; the reason is in its log.</p>`), 500);
  });
  return app;
}
