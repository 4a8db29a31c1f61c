/**
 * The OCR part of `npm run bench`: scanned PDFs ingested by the command line as a user runs it,
 * start-up included, timed on one core (taskset, one parser thread) and on all cores (the default:
 * one parser thread per core, a long scan's pages shared among them), each with its peak RSS.
 * When Python and rapidocr-onnxruntime are installed, RapidOCR (the same PP-OCRv4 models on
 * onnxruntime) reads the same pages, rendered at 150 dpi by pdftoppm, on the same one core.
 *
 * Usage: node scripts/bench-ocr.mjs [scan.pdf …]   (default: the corpus's rw44 and rw03)
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(import.meta.url), '..', '..');
const cli = join(root, 'dist', 'src', 'cli.js');
const corpus = join(root, '..', 'shared', 'corpus');
const args = process.argv.slice(2);
const files = args.length > 0 ? args : ['rw44.pdf', 'rw03.pdf'].map((f) => join(corpus, f)).filter(existsSync);
if (files.length === 0) {
  console.log('OCR: no scanned PDFs to read (give some as arguments, or put ../shared/corpus beside the repository)');
  process.exit(0);
}
const hasTaskset = !spawnSync('taskset', ['-c', '0', 'true']).error;
const work = mkdtempSync(join(tmpdir(), 'fiscal-bench-ocr-'));

/** Runs the CLI; its wall time, peak RSS, and the pages it read by OCR. */
function ingest(label, { oneCore }) {
  const db = join(work, `${label}.db`);
  const argv = ['--require', join(root, 'scripts', 'maxrss.cjs'), cli, 'ingest', ...files, '--db', db, '--force', '--json', ...(oneCore ? ['--concurrency', '1'] : [])];
  const t = performance.now();
  const run = oneCore && hasTaskset ? spawnSync('taskset', ['-c', '0', process.execPath, ...argv], { encoding: 'utf8' }) : spawnSync(process.execPath, argv, { encoding: 'utf8' });
  const seconds = (performance.now() - t) / 1000;
  const rss = Number(/bench-maxrss-kb (\d+)/.exec(run.stderr ?? '')?.[1] ?? 0) / 1024;
  const pages = Number(spawnSync('sqlite3', [db, 'SELECT count(*) FROM ocr_pages'], { encoding: 'utf8' }).stdout.trim() || NaN);
  return { seconds, rss, pages: Number.isNaN(pages) ? countOcrPages(db) : pages, status: run.status };
}

/** Without the sqlite3 shell: ask the dataset through the CLI's own query command. */
function countOcrPages(db) {
  const q = spawnSync(process.execPath, [cli, 'query', 'SELECT count(*) AS n FROM ocr_pages', '--db', db, '--format', 'json'], { encoding: 'utf8' });
  return Number(/"n"\s*:\s*(\d+)/.exec(q.stdout)?.[1] ?? 0);
}

const line = (label, r) => `${label}: ${r.pages} scanned pages in ${r.seconds.toFixed(1)} s = ${(r.pages / r.seconds).toFixed(2)} pages/s, peak RSS ${Math.round(r.rss)} MB${r.status === 0 || r.status === 1 ? '' : ` (exit ${r.status})`}`;
console.log(`OCR, command line, start-up included: ${files.map((f) => f.split('/').pop()).join(' + ')}`);
console.log(`  ${line(hasTaskset ? 'one core (taskset -c 0, --concurrency 1)' : 'one parser thread (taskset missing: not pinned)', ingest('one', { oneCore: true }))}`);
console.log(`  ${line(`all ${cpus().length} cores (default)`, ingest('all', { oneCore: false }))}`);

// RapidOCR on the same pages, when installed (optional).
const hasRapid = spawnSync('python3', ['-c', 'import rapidocr_onnxruntime'], { stdio: 'ignore' }).status === 0;
const hasPdftoppm = !spawnSync('pdftoppm', ['-v'], { stdio: 'ignore' }).error;
if (!hasRapid || !hasPdftoppm) {
  console.log(`  RapidOCR: not compared (${!hasRapid ? 'pip install rapidocr-onnxruntime' : 'apt-get install poppler-utils'} to compare)`);
} else {
  const images = join(work, 'pages');
  rmSync(images, { recursive: true, force: true });
  spawnSync('mkdir', ['-p', images]);
  files.forEach((f, i) => spawnSync('pdftoppm', ['-r', '150', '-png', f, join(images, `f${i}`)]));
  const script = [
    'import sys, time, resource, glob',
    't = time.time()',
    'from rapidocr_onnxruntime import RapidOCR',
    'engine = RapidOCR()',
    'paths = sorted(glob.glob(sys.argv[1] + "/*.png"))',
    'for p in paths: engine(p)',
    'print(len(paths), time.time() - t, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)',
  ].join('\n');
  const py = hasTaskset ? spawnSync('taskset', ['-c', '0', 'python3', '-c', script, images], { encoding: 'utf8' }) : spawnSync('python3', ['-c', script, images], { encoding: 'utf8' });
  const [n, s, kb] = (py.stdout ?? '').trim().split(/\s+/).map(Number);
  if (!n) console.log(`  RapidOCR: failed (${(py.stderr ?? '').trim().split('\n').pop()})`);
  else console.log(`  ${line('RapidOCR (same pages at 150 dpi, one core, start-up included)', { pages: n, seconds: s, rss: kb / 1024, status: 0 })}`);
}
rmSync(work, { recursive: true, force: true });
