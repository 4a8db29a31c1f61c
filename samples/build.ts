/**
 * Builds samples/ from the seed texts in test/fixtures/seeds: the five reports in their original
 * formats. Run with `npm run samples`; the built files are committed, so the quick start needs
 * nothing extra.
 *
 * - 000, 002, 003 as PDF and 001 as DOCX: the seed text is rendered to HTML as it was printed
 *   (tables in their page chunks, banners and repeated headers kept, a page break per chunk) and
 *   converted with LibreOffice (`soffice --headless`). Without soffice these are skipped.
 * - 002's tables also as the workbook a budget system exports (005, XLSX, built with exceljs):
 *   one sheet per table, title and unit rows above a header with merged groups, figures stored
 *   as numbers with the number format that displays them as printed.
 * - 004 as the government notice page it came from: portal chrome, notice metadata, the body as
 *   one <p> per line (its units table flattened one cell per paragraph, as published), encoded
 *   in GBK with a gb2312 declaration.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { NOTE_LINE, type FlowItem } from '../extractors/common/layout.js';
import { tableToGrid } from '../extractors/common/table-grid.js';
import { extractText, textFlow, textLines } from '../extractors/text/index.js';

const here = dirname(fileURLToPath(import.meta.url));
const seedsDir = join(here, '..', 'test', 'fixtures', 'seeds');

interface Sample {
  seed: string;
  file: string;
  kind: 'pdf' | 'docx' | 'notice-html' | 'tables-xlsx';
}

const SAMPLES: Sample[] = [
  { seed: '000', file: '000-luquan-2024-self-evaluation.pdf', kind: 'pdf' },
  { seed: '001', file: '001-gaoxin-2024-self-evaluation.docx', kind: 'docx' },
  { seed: '002', file: '002-luquan-2024-budget.pdf', kind: 'pdf' },
  { seed: '003', file: '003-yuanshi-2025-self-evaluation.pdf', kind: 'pdf' },
  { seed: '004', file: '004-zhengding-2023-self-evaluation.html', kind: 'notice-html' },
  { seed: '002', file: '005-luquan-2024-budget-tables.xlsx', kind: 'tables-xlsx' },
];

function seedText(seed: string): string {
  const name = readdirSync(seedsDir).find((f) => f.startsWith(`${seed}_`));
  if (!name) throw new Error(`seed ${seed} not found in ${seedsDir}`);
  return readFileSync(join(seedsDir, name), 'utf8');
}

const esc = (t: string) => t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

// ---------------------------------------------------------------------------------------------
// Seeds as printed documents (for LibreOffice)

const BANNER = /^\d{3,}\s+\S+$/;
const NUMBERED_HEADING = /^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)])\S{0,30}$/;

function tableHtml(item: Extract<FlowItem, { kind: 'table' }>): string {
  const grid = tableToGrid(item.table);
  const rows = grid.map((row, r) => {
    const tag = r < item.table.headerRows ? 'th' : 'td';
    return `<tr>${row.map((c) => `<${tag}>${esc(c).replace(/\n/g, '<br>')}</${tag}>`).join('')}</tr>`;
  });
  return `<table width="100%" border="1" cellspacing="0" cellpadding="2">${rows.join('\n')}</table>`;
}

/** Where the seed's page chunks began: before a budget banner (or the title right above it), before a continuation chunk. */
function pageBreaks(flow: FlowItem[]): Set<number> {
  const breaks = new Set<number>();
  flow.forEach((item, i) => {
    const prev = flow[i - 1];
    if (item.kind === 'text' && BANNER.test(item.text)) {
      const titleAbove = prev?.kind === 'text' && prev.text.length <= 40 && !BANNER.test(prev.text);
      breaks.add(titleAbove ? i - 1 : i);
    }
    if (item.kind === 'table' && prev?.kind === 'table') breaks.add(i);
  });
  breaks.delete(0);
  return breaks;
}

export function printedHtml(seed: string): string {
  const flow = textFlow(textLines(seedText(seed)));
  const breaks = pageBreaks(flow);
  const body = flow.map((item, i) => {
    const brk = breaks.has(i) ? ' style="page-break-before: always"' : '';
    if (item.kind === 'table') return brk ? `<p${brk}>&nbsp;</p>${tableHtml(item)}` : tableHtml(item);
    const text = esc(item.text);
    if (i <= 2 && /报告|公开/.test(item.text) && item.text.length <= 50) return `<h1${brk}>${text}</h1>`;
    if (NUMBERED_HEADING.test(item.text.replace(/\s+/g, ''))) return `<h2${brk}>${text}</h2>`;
    return `<p${brk}>${text}</p>`;
  });
  return `<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>seed ${seed}</title>
<style>
  body { font-family: "SimSun", "Noto Serif CJK SC", serif; font-size: 11pt; }
  h1 { font-size: 16pt; text-align: center; }
  h2 { font-size: 12pt; }
  table { border-collapse: collapse; }
  td, th { border: 1px solid #000; font-size: 8pt; }
</style></head>
<body>
${body.join('\n')}
</body></html>
`;
}

function soffice(): string | null {
  for (const bin of ['soffice', 'libreoffice']) {
    if (spawnSync(bin, ['--version'], { stdio: 'ignore' }).status === 0) return bin;
  }
  return null;
}

function convert(bin: string, input: string, target: string, outDir: string): void {
  execFileSync(bin, ['--headless', '--norestore', `-env:UserInstallation=file://${outDir}/profile`, '--convert-to', target, '--outdir', outDir, input], {
    stdio: 'ignore',
    timeout: 180_000,
  });
}

function buildWithLibreOffice(bin: string, sample: Sample): void {
  const work = mkdtempSync(join(tmpdir(), 'fiscal-samples-'));
  try {
    const html = join(work, `${sample.seed}.html`);
    writeFileSync(html, printedHtml(sample.seed));
    convert(bin, html, 'docx:MS Word 2007 XML', work);
    const docx = join(work, `${sample.seed}.docx`);
    if (sample.kind === 'docx') copyFileSync(docx, join(here, sample.file));
    else {
      convert(bin, docx, 'pdf', work);
      copyFileSync(join(work, `${sample.seed}.pdf`), join(here, sample.file));
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------
// Seed 004 as the portal notice page it was saved from

/** GBK bytes; characters GBK lacks become numeric character references, as portals emit them. */
function gbk(html: string): Buffer {
  let out = '';
  for (const ch of html) {
    const roundTrip = iconv.decode(iconv.encode(ch, 'gbk'), 'gbk');
    out += roundTrip === ch ? ch : `&#${ch.codePointAt(0)};`;
  }
  return iconv.encode(out, 'gbk');
}

export function noticeHtml(): string {
  const lines = seedText('004').split('\n');
  const toolsLine = lines.findIndex((l) => /【字体/.test(l));
  const body = lines.slice(toolsLine + 1).map((l) => l.replace(/\s+$/, ''));
  const paragraphs = body
    .filter((l) => l.trim() !== '')
    .map((l) => {
      const bullet = /^\s*•\s*(.*)$/.exec(l);
      if (bullet) return `<ul><li>${esc(bullet[1]!)}</li></ul>`;
      const indent = /^\s{8,}/.test(l) ? ' style="text-align: right"' : '';
      return `<p${indent}>${esc(l.trim())}</p>`;
    });
  return `<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=gb2312" />
<title>整体支出绩效自评报告_正定县科学技术和工业信息化局</title>
<meta name="SiteName" content="正定县人民政府" />
<meta name="ColumnName" content="财政预决算" />
<meta name="ArticleTitle" content="整体支出绩效自评报告" />
<meta name="PubDate" content="2024-05-16 09:30" />
<meta name="ContentSource" content="科学技术和工业信息化局" />
<link rel="stylesheet" type="text/css" href="/css/style.css" />
<script type="text/javascript">function doZoom(size){document.getElementById('zoom').style.fontSize=size+'px';}</script>
</head>
<body>
<div class="header">
  <div class="top-bar"><span>欢迎访问正定县人民政府网站</span> <a href="/">设为首页</a> <a href="/">加入收藏</a> <a href="/wza/">无障碍</a></div>
  <div class="logo"><img src="/images/logo.png" alt="正定县人民政府" /></div>
</div>
<div class="nav">
  <ul><li><a href="/">首页</a></li><li><a href="/zwgk/">政务公开</a></li><li><a href="/zxfw/">在线服务</a></li><li><a href="/hdjl/">互动交流</a></li><li><a href="/zjzd/">走进正定</a></li></ul>
</div>
<div class="main">
  <div class="position">当前位置: <a href="/kgj/">正定县科学技术和工业信息化局</a> &gt; &gt; 内容阅读</div>
  <div class="article">
    <h1 class="article-title">整体支出绩效自评报告</h1>
    <div class="article-info">发布时间:2024-05-16&nbsp;&nbsp;&nbsp;&nbsp;来源:科学技术和工业信息化局<br />发文字号:</div>
    <div class="article-tools">【字体: <a href="javascript:doZoom(18)">大</a> <a href="javascript:doZoom(16)">中</a> <a href="javascript:doZoom(14)">小</a>】&nbsp;&nbsp;&nbsp;&nbsp;<a href="javascript:window.print()">打印</a></div>
    <div class="article-content" id="zoom">
${paragraphs.map((p) => `      ${p}`).join('\n')}
    </div>
  </div>
  <div class="related"><h3>相关链接</h3><ul><li><a href="/kgj/">正定县科学技术和工业信息化局</a></li><li><a href="/czj/">正定县财政局</a></li></ul></div>
</div>
<div class="footer">
  <p>主办单位：正定县人民政府办公室&nbsp;&nbsp;承办单位：正定县政务服务中心</p>
  <p>版权所有：正定县人民政府&nbsp;&nbsp;网站标识码：1301230001&nbsp;&nbsp;冀ICP备05012345号&nbsp;&nbsp;冀公网安备 13012302000123号</p>
</div>
</body>
</html>
`;
}

// ---------------------------------------------------------------------------------------------
// Seed tables as a workbook, the way budget systems export them

const NUMBER_TEXT = /^-?(?:\d{1,3}(?:,\d{3})+|\d+)\.(\d+)$/;

function addBodyRow(ws: ExcelJS.Worksheet, row: readonly string[]): void {
  const added = ws.addRow(row.map((text) => (NUMBER_TEXT.test(text) ? Number(text.replace(/,/g, '')) : text)));
  row.forEach((text, c) => {
    const m = NUMBER_TEXT.exec(text);
    if (m) added.getCell(c + 1).numFmt = `${text.includes(',') ? '#,##0' : '0'}.${'0'.repeat(m[1]!.length)}`;
  });
}

/**
 * One sheet per table: the title merged across the top, the banner and unit line, the header
 * with its groups merged (a label over empty cells to its right or below it), and figures
 * stored as numbers with a number format that displays them as printed.
 */
export async function tablesWorkbook(seed: string): Promise<Buffer> {
  const model = extractText(Buffer.from(seedText(seed), 'utf8'));
  const workbook = new ExcelJS.Workbook();
  const used = new Set<string>();
  let last: ExcelJS.Worksheet | null = null;
  for (const block of model.blocks) {
    if (block.type !== 'table') continue;
    if (!block.title) {
      // A piece printed on a later page: one sheet holds the whole table, its body rows appended.
      const sheet = last;
      if (sheet) for (const row of tableToGrid(block).slice(block.headerRows)) addBodyRow(sheet, row);
      continue;
    }
    let name = block.title.replace(/[\\/?*[\]:]/g, '').slice(0, 28);
    for (let n = 2; used.has(name); n++) name = `${block.title.slice(0, 26)}${n}`;
    used.add(name);
    const ws = workbook.addWorksheet(name);
    last = ws;
    const grid = tableToGrid(block);
    const width = Math.max(1, block.nCols);
    ws.addRow([block.title]);
    ws.mergeCells(1, 1, 1, width);
    const below = block.notes.filter((n) => NOTE_LINE.test(n));
    const above = block.notes.filter((n) => !NOTE_LINE.test(n));
    const banner = above.some((n) => /单位[:：]/.test(n)) || !block.unit ? above : [...above, `单位：${block.unit}`];
    for (const line of banner) {
      ws.addRow([line]);
      ws.mergeCells(ws.rowCount, 1, ws.rowCount, width);
    }
    const top = ws.rowCount + 1;
    grid.forEach((row, r) => {
      if (r >= block.headerRows) addBodyRow(ws, row);
      else ws.addRow(row);
    });
    for (const note of below) {
      ws.addRow([note]);
      ws.mergeCells(ws.rowCount, 1, ws.rowCount, width);
    }
    const taken = new Set<string>();
    for (let r = 0; r < block.headerRows; r++) {
      for (let c = 0; c < width; c++) {
        if (grid[r]![c] === '' || taken.has(`${r}:${c}`)) continue;
        let right = c;
        // A group label spans the sub-labels printed under it.
        const below = grid[r + 1];
        while (r + 1 < block.headerRows && below![c] !== '' && right + 1 < width && grid[r]![right + 1] === '' && below![right + 1] !== '' && !taken.has(`${r}:${right + 1}`)) right++;
        let bottom = r;
        while (bottom + 1 < block.headerRows && right === c && grid[bottom + 1]![c] === '') bottom++;
        if (right > c || bottom > r) {
          ws.mergeCells(top + r, c + 1, top + bottom, right + 1);
          for (let rr = r; rr <= bottom; rr++) for (let cc = c; cc <= right; cc++) taken.add(`${rr}:${cc}`);
        }
      }
    }
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** Builds every sample, or those whose file name starts with one of `only` (`npm run samples -- 005`). */
async function main(only: string[]): Promise<void> {
  const bin = soffice();
  for (const sample of SAMPLES.filter((s) => only.length === 0 || only.some((prefix) => s.file.startsWith(prefix)))) {
    if (sample.kind === 'notice-html') {
      writeFileSync(join(here, sample.file), gbk(noticeHtml()));
    } else if (sample.kind === 'tables-xlsx') {
      writeFileSync(join(here, sample.file), await tablesWorkbook(sample.seed));
    } else if (bin) {
      buildWithLibreOffice(bin, sample);
    } else {
      process.stderr.write(`skipped ${sample.file}: LibreOffice (soffice) is not installed; apt-get install libreoffice-writer-nogui fonts-noto-cjk\n`);
      continue;
    }
    process.stderr.write(`built samples/${sample.file}\n`);
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main(process.argv.slice(2));
