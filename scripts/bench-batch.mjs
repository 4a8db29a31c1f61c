/**
 * `npm run bench` (second part): the whole batch as a user runs it — `fiscal-extract ingest` over a
 * directory (default ../shared/corpus, else the samples) into a fresh database, once with one
 * parser thread and once with one per core, then a re-run over the finished database.
 *
 * Prints documents, pages, pages/s, documents/s, the peak RSS of the whole process tree (the
 * CLI, its worker threads and any LibreOffice it starts; sampled from /proc every 50 ms) and the
 * database size, and `pdftotext -layout` over the same PDFs for scale.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { availableParallelism, cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(import.meta.url), '..', '..');
const cli = join(root, 'dist', 'src', 'cli.js');
if (!existsSync(cli)) {
  console.error('bench: dist/ is missing; run `npm run build` first');
  process.exit(2);
}
const corpus = join(root, '..', 'shared', 'corpus');
const dir = process.argv[2] ?? (existsSync(corpus) ? corpus : join(root, 'samples'));
/** More ingest options to measure with, e.g. `node scripts/bench-batch.mjs DIR --max-memory 256`. */
const extraArgs = process.argv.slice(3);

/** RSS in bytes of a process and all its descendants, from /proc (0 where /proc is absent). */
function treeRss(pid) {
  let total = 0;
  const children = new Map();
  let entries = [];
  try {
    entries = readdirSync('/proc').filter((e) => /^\d+$/.test(e));
  } catch {
    return 0;
  }
  for (const e of entries) {
    try {
      const stat = readFileSync(`/proc/${e}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (!children.has(ppid)) children.set(ppid, []);
      children.get(ppid).push(Number(e));
    } catch {
      // the process ended while we looked
    }
  }
  const stack = [pid];
  while (stack.length > 0) {
    const p = stack.pop();
    try {
      const status = readFileSync(`/proc/${p}/status`, 'utf8');
      const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
      total += kb * 1024;
    } catch {
      // ended
    }
    stack.push(...(children.get(p) ?? []));
  }
  return total;
}

function ingest(db, concurrency) {
  return new Promise((done) => {
    const started = performance.now();
    const args = [cli, 'ingest', dir, '--db', db, '--concurrency', String(concurrency), '--json', '--exit-zero', ...extraArgs];
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'ignore'] });
    let out = '';
    let peak = 0;
    child.stdout.on('data', (d) => (out += d));
    const sampler = setInterval(() => (peak = Math.max(peak, treeRss(child.pid))), 50);
    child.on('exit', (code) => {
      clearInterval(sampler);
      const seconds = (performance.now() - started) / 1000;
      if (code !== 0) {
        console.error(`bench: ingest exited ${code}`);
        process.exit(1);
      }
      done({ seconds, peak, summary: JSON.parse(out) });
    });
  });
}

const mb = (bytes) => `${Math.round(bytes / 1048576)} MB`;
const cores = availableParallelism();
console.log(`machine: ${cpus()[0]?.model ?? 'unknown cpu'} × ${cpus().length}, Node ${process.version}`);
console.log(`input:   ${dir}${extraArgs.length > 0 ? ` (ingest ${extraArgs.join(' ')})` : ''}`);
console.log('');
const work = mkdtempSync(join(tmpdir(), 'fiscal-bench-batch-'));
const runs = [];
for (const threads of [...new Set([1, cores])]) {
  const db = join(work, `bench-${threads}.db`);
  const { seconds, peak, summary } = await ingest(db, threads);
  runs.push({ threads, seconds, pages: summary.pages, db });
  const size = statSync(db).size;
  console.log(
    `ingest --concurrency ${threads}: ${summary.files} files (${summary.ok} ok, ${summary.partial} partial, ${summary.failed} failed), ${summary.pages} pages in ${seconds.toFixed(1)} s = ` +
      `${(summary.pages / seconds).toFixed(1)} pages/s, ${(summary.files / seconds).toFixed(2)} documents/s; peak RSS (process tree) ${mb(peak)}; database ${mb(size)}`,
  );
}
const last = runs[runs.length - 1];
if (runs.length > 1) console.log(`speed-up with ${last.threads} threads: ${((last.pages / last.seconds) / (runs[0].pages / runs[0].seconds)).toFixed(2)}×`);
const again = await ingest(last.db, last.threads);
console.log(`re-run over the finished database: ${again.summary.unchanged} unchanged in ${again.seconds.toFixed(1)} s (${((100 * again.seconds) / last.seconds).toFixed(1)} % of the first run)`);

const pdfs = readdirSync(dir).filter((f) => f.toLowerCase().endsWith('.pdf')).map((f) => join(dir, f));
if (spawnSync('pdftotext', ['-v'], { stdio: 'ignore' }).error) console.log('pdftotext: not installed, skipped (apt-get install poppler-utils to compare)');
else {
  const t = performance.now();
  for (const path of pdfs) spawnSync('pdftotext', ['-layout', path, '-'], { stdio: 'ignore' });
  console.log(`pdftotext -layout over the ${pdfs.length} PDFs alone (text only, native, one core): ${((performance.now() - t) / 1000).toFixed(1)} s`);
}
rmSync(work, { recursive: true, force: true });
