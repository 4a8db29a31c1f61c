/**
 * `npm run bench` (second part): the whole batch as a user runs it — `fiscal-extract ingest` over a
 * directory (default ../shared/corpus, else the samples) into a fresh database, with one parser
 * thread confined to one core (taskset, when installed), with one parser thread free to use every
 * core, and with one per core; then a re-run over the finished database.
 *
 * Both one-thread runs are there because they answer different questions. One parser thread is not
 * one core's worth of work: V8 compiles hot code and collects garbage on background threads, so a
 * one-thread batch keeps more than one core partly busy. The pinned run is what one core does, and
 * the speed-up over it is how the batch scales with cores; the unpinned run is what a user who passes
 * `--concurrency 1` gets.
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

/** The first CPU this process may run on, from /proc; null when unknown. */
function firstAllowedCpu() {
  try {
    const list = /Cpus_allowed_list:\s*(\d+)/.exec(readFileSync('/proc/self/status', 'utf8'));
    return list ? Number(list[1]) : null;
  } catch {
    return null;
  }
}

/** The command prefix that confines a process to one core, or null (with why) when none can. */
function oneCorePrefix() {
  const cpu = firstAllowedCpu();
  if (cpu === null) return { prefix: null, why: 'no /proc to read the allowed CPUs from' };
  if (spawnSync('taskset', ['-V'], { stdio: 'ignore' }).error) return { prefix: null, why: 'taskset is not installed (util-linux)' };
  return { prefix: ['taskset', '-c', String(cpu)], why: null };
}

function ingest(db, concurrency, prefix = []) {
  return new Promise((done) => {
    const started = performance.now();
    const [command, ...args] = [...prefix, process.execPath, cli, 'ingest', dir, '--db', db, '--concurrency', String(concurrency), '--json', '--exit-zero', ...extraArgs];
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'ignore'] });
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
const oneCore = oneCorePrefix();
const plan = [
  ...(oneCore.prefix ? [{ label: 'one core', threads: 1, prefix: oneCore.prefix }] : []),
  { label: 'all cores', threads: 1, prefix: [] },
  ...(cores > 1 ? [{ label: 'all cores', threads: cores, prefix: [] }] : []),
];
if (!oneCore.prefix) console.log(`one-core run skipped: ${oneCore.why}`);
const runs = [];
for (const { label, threads, prefix } of plan) {
  const db = join(work, `bench-${runs.length}.db`);
  const { seconds, peak, summary } = await ingest(db, threads, prefix);
  const run = { label, threads, seconds, pages: summary.pages, db, rate: summary.pages / seconds };
  runs.push(run);
  const size = statSync(db).size;
  console.log(
    `ingest --concurrency ${threads}, ${label}: ${summary.files} files (${summary.ok} ok, ${summary.partial} partial, ${summary.failed} failed), ${summary.pages} pages in ${seconds.toFixed(1)} s = ` +
      `${run.rate.toFixed(1)} pages/s, ${(summary.files / seconds).toFixed(2)} documents/s; peak RSS (process tree) ${mb(peak)}; database ${mb(size)}`,
  );
}
const last = runs[runs.length - 1];
const pinned = runs.find((r) => r.label === 'one core');
const oneThread = runs.find((r) => r.label === 'all cores' && r.threads === 1);
if (last.threads > 1) {
  if (pinned) console.log(`speed-up of ${last.threads} threads on all cores over one thread on one core: ${(last.rate / pinned.rate).toFixed(2)}×`);
  console.log(`speed-up of ${last.threads} threads over one thread, both on all cores: ${(last.rate / oneThread.rate).toFixed(2)}×`);
}
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
