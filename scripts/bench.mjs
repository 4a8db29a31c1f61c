/**
 * `npm run bench`: the PDF path end to end — text, tables, records, SQLite — over the
 * ../shared/corpus PDFs (the bundled samples when the corpus is absent), one file at a time on one
 * core, beside `pdftotext -layout` on the same files when it is installed.
 *
 * Prints pages per second and peak memory (RSS sampled every 20 ms, and the process's max RSS).
 * The text path is timed with OCR off; the scanned PDFs it meets are then read by OCR through the
 * command line (bench-ocr.mjs: one core and all cores, start-up included, beside RapidOCR when
 * installed), since one OCR page costs as much as a hundred text pages.
 * `--rate-only` prints just `{"pages":…,"seconds":…}` for bench-batch.mjs, which runs this alone
 * and two at once to measure how the machine itself scales.
 * Runs the compiled code in dist/ as plain JavaScript, so no TypeScript loader adds to the
 * memory it reports (build first: `npm run build`; `npm run bench` does).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(import.meta.url), '..', '..');
const dist = join(root, 'dist', 'src');
if (!existsSync(join(dist, 'pipeline', 'ingest.js'))) {
  console.error('bench: dist/ is missing; run `npm run build` first');
  process.exit(2);
}
const { ingestFile } = await import(join(dist, 'pipeline', 'ingest.js'));
const { tuneV8ForParsing } = await import(join(dist, 'pipeline', 'v8-tuning.js'));
// As the command line does when it starts.
tuneV8ForParsing();
const { openDatabase } = await import(join(dist, 'store', 'db.js'));

const corpus = join(root, '..', 'shared', 'corpus');
const rateOnly = process.argv.includes('--rate-only');
const dir = process.argv.slice(2).find((a) => !a.startsWith('--')) ?? (existsSync(corpus) ? corpus : join(root, 'samples'));
const files = readdirSync(dir)
  .filter((f) => f.toLowerCase().endsWith('.pdf'))
  .sort()
  .map((f) => join(dir, f));

let peakRss = 0;
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
}, 20);

const work = mkdtempSync(join(tmpdir(), 'fiscal-bench-'));
const db = openDatabase(join(work, 'bench.db'));
let pages = 0;
let failed = 0;
const scanned = [];
const perFile = [];
const started = performance.now();
for (const path of files) {
  const t = performance.now();
  const before = peakRss;
  peakRss = process.memoryUsage().rss;
  const result = await ingestFile({ path }, { db, force: true, ocr: false });
  if (result.status === 'failed' && /no text layer/.test(result.error ?? '')) scanned.push(path);
  const row = db.prepare('SELECT pages FROM documents WHERE id = ?').get(result.id);
  const n = result.status === 'failed' ? 0 : (row?.pages ?? 0);
  if (result.status === 'failed') failed++;
  pages += n;
  perFile.push({ file: path.split('/').pop(), pages: n, ms: performance.now() - t, peakMb: peakRss / 1048576 });
  peakRss = Math.max(before, peakRss);
}
const seconds = (performance.now() - started) / 1000;
const maxRssMb = process.resourceUsage().maxRSS / 1024;

if (rateOnly) {
  clearInterval(sampler);
  db.close();
  rmSync(work, { recursive: true, force: true });
  console.log(JSON.stringify({ pages, seconds }));
  process.exit(0);
}

clearInterval(sampler);
db.close();
rmSync(work, { recursive: true, force: true });
console.log(`machine: ${cpus()[0]?.model ?? 'unknown cpu'} × ${cpus().length}, Node ${process.version}; one file at a time, one core`);
console.log(`input:   ${files.length} PDFs in ${dir} (${failed} failed with OCR off: ${scanned.length} scanned, ${failed - scanned.length} corrupt)`);
console.log('');
console.log(`fiscal-extract (text + tables + records + SQLite): ${pages} pages in ${seconds.toFixed(1)} s = ${(pages / seconds).toFixed(1)} pages/s, peak RSS ${Math.round(maxRssMb)} MB`);
const biggest = perFile.filter((f) => f.pages > 0).sort((a, b) => b.pages - a.pages).slice(0, 3);
for (const f of biggest) console.log(`  ${f.file}: ${f.pages} pages in ${(f.ms / 1000).toFixed(1)} s, peak RSS while reading it ${Math.round(f.peakMb)} MB`);

const pdftotext = spawnSync('pdftotext', ['-v'], { stdio: 'ignore' });
if (pdftotext.error) {
  console.log('pdftotext: not installed, skipped (apt-get install poppler-utils to compare)');
} else {
  const t = performance.now();
  for (const path of files) spawnSync('pdftotext', ['-layout', path, '-'], { stdio: ['ignore', 'ignore', 'ignore'] });
  const s = (performance.now() - t) / 1000;
  console.log(`pdftotext -layout (text only, native): ${pages} pages in ${s.toFixed(1)} s = ${(pages / s).toFixed(1)} pages/s`);
}

if (scanned.length > 0) {
  console.log('');
  spawnSync(process.execPath, [join(root, 'scripts', 'bench-ocr.mjs'), ...scanned], { stdio: 'inherit' });
}
