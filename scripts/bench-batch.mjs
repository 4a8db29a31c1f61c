/**
 * `npm run bench` (second part): the whole batch as a user runs it — `fiscal-extract ingest` over a
 * directory (default ../shared/corpus, else the samples) into a fresh database, with one parser
 * thread confined to one core (taskset, when installed), with one parser thread free to use every
 * core, and with one per core; then a re-run over the finished database. Each configuration runs
 * three times (`--rounds N`), interleaved, and the medians are printed: on a shared or virtual
 * machine one run can be a third slower than the next.
 *
 * Both one-thread runs are there because they answer different questions. One parser thread is not
 * one core's worth of work: V8 compiles hot code and collects garbage on background threads, so a
 * one-thread batch keeps more than one core partly busy. The pinned run is what one core does, and
 * the speed-up over it is how the batch scales with cores; the unpinned run is what a user who passes
 * `--concurrency 1` gets.
 *
 * Each round also runs the PDF path (bench.mjs) in one process on one core and then in one process
 * per core at once. Those processes share nothing but the machine, so what they gain is a yardstick
 * for the parser threads' speed-up: on a virtual machine, busy cores slow each other down.
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
const { dir, rounds, extraArgs } = parseArgs(process.argv.slice(2));

/**
 * `[DIR] [--rounds N] [ingest options…]`. The machine's speed drifts from minute to minute, so each
 * configuration is run N times (default 3), interleaved, and the medians are reported.
 */
function parseArgs(argv) {
  const rest = [...argv];
  let directory = existsSync(corpus) ? corpus : join(root, 'samples');
  if (rest.length > 0 && !rest[0].startsWith('-')) directory = rest.shift();
  let count = 3;
  const at = rest.indexOf('--rounds');
  if (at >= 0) {
    count = Number(rest[at + 1]);
    if (!Number.isInteger(count) || count < 1) {
      console.error('bench: --rounds takes a whole number of at least 1');
      process.exit(2);
    }
    rest.splice(at, 2);
  }
  return { dir: directory, rounds: count, extraArgs: rest };
}

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

/** The CPUs this process may run on, from /proc ("0-1", "0,2-3"); null when unknown. */
function allowedCpus() {
  try {
    const list = /Cpus_allowed_list:\s*([\d,-]+)/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
    if (!list) return null;
    return list.split(',').flatMap((part) => {
      const [from, to = from] = part.split('-').map(Number);
      return Array.from({ length: to - from + 1 }, (_, i) => from + i);
    });
  } catch {
    return null;
  }
}

/** The command prefixes that confine a process to one core, one per core, or none (with why). */
function oneCorePrefixes() {
  const list = allowedCpus();
  if (list === null) return { prefixes: [], why: 'no /proc to read the allowed CPUs from' };
  if (spawnSync('taskset', ['-V'], { stdio: 'ignore' }).error) return { prefixes: [], why: 'taskset is not installed (util-linux)' };
  return { prefixes: list.map((cpu) => ['taskset', '-c', String(cpu)]), why: null };
}

/** The PDF path (bench.mjs) in one process per prefix, all at once; pages/s of each. */
function pdfRates(prefixes) {
  const script = join(root, 'scripts', 'bench.mjs');
  return Promise.all(
    prefixes.map(
      (prefix) =>
        new Promise((done) => {
          const [command, ...args] = [...prefix, process.execPath, script, dir, '--rate-only'];
          const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'ignore'] });
          let out = '';
          child.stdout.on('data', (d) => (out += d));
          child.on('exit', (code) => {
            if (code !== 0) {
              console.error(`bench: bench.mjs exited ${code}`);
              process.exit(1);
            }
            const { pages, seconds } = JSON.parse(out);
            done(pages / seconds);
          });
        }),
    ),
  );
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
console.log(`input:   ${dir}${extraArgs.length > 0 ? ` (ingest ${extraArgs.join(' ')})` : ''}, ${rounds} round${rounds > 1 ? 's' : ''}`);
console.log('');
const work = mkdtempSync(join(tmpdir(), 'fiscal-bench-batch-'));
const oneCore = oneCorePrefixes();
const plan = [
  ...(oneCore.prefixes.length > 0 ? [{ label: 'one core', threads: 1, prefix: oneCore.prefixes[0] }] : []),
  { label: 'all cores', threads: 1, prefix: [] },
  ...(cores > 1 ? [{ label: 'all cores', threads: cores, prefix: [] }] : []),
];
if (oneCore.prefixes.length === 0) console.log(`one-core runs skipped: ${oneCore.why}`);
/** Whether to measure the machine's own scaling: bench.mjs alone on one core, then one per core at once. */
const measureMachine = oneCore.prefixes.length > 1 && cores > 1;
function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
const range = (values, digits, unit) => `${Math.min(...values).toFixed(digits)}–${Math.max(...values).toFixed(digits)}${unit}`;

/** runs[round][i] is plan[i]'s run in that round. */
const runs = [];
/** Per round: what N independent processes, one per core, do over one alone. */
const machineScaling = [];
for (let round = 1; round <= rounds; round++) {
  const results = [];
  for (const { label, threads, prefix } of plan) {
    const db = join(work, `bench-${round}-${results.length}.db`);
    const { seconds, peak, summary } = await ingest(db, threads, prefix);
    const run = { seconds, peak, summary, db, rate: summary.pages / seconds };
    results.push(run);
    console.log(
      `round ${round}, ingest --concurrency ${threads}, ${label}: ${summary.files} files (${summary.ok} ok, ${summary.partial} partial, ${summary.failed} failed), ` +
        `${summary.pages} pages in ${seconds.toFixed(1)} s = ${run.rate.toFixed(1)} pages/s; peak RSS (process tree) ${mb(peak)}`,
    );
  }
  runs.push(results);
  if (measureMachine) {
    const [alone] = await pdfRates([oneCore.prefixes[0]]);
    if (alone === 0) {
      console.log(`round ${round}: no PDF pages in ${dir} to measure the machine with`);
      continue;
    }
    const together = await pdfRates(oneCore.prefixes);
    const scale = together.reduce((a, b) => a + b, 0) / alone;
    machineScaling.push(scale);
    console.log(`round ${round}, the PDF path (bench.mjs) in one process on one core: ${alone.toFixed(1)} pages/s; in ${together.length} at once, one per core: ${together.map((r) => r.toFixed(1)).join(' + ')} pages/s = ${scale.toFixed(2)}×`);
  }
}

console.log('');
console.log(`median of ${rounds} round${rounds > 1 ? 's' : ''}:`);
plan.forEach(({ label, threads }, i) => {
  const mine = runs.map((round) => round[i]);
  const seconds = median(mine.map((r) => r.seconds));
  const { summary, db } = mine[0];
  console.log(
    `ingest --concurrency ${threads}, ${label}: ${summary.files} files, ${summary.pages} pages in ${seconds.toFixed(1)} s = ${(summary.pages / seconds).toFixed(1)} pages/s` +
      `${rounds > 1 ? ` (${range(mine.map((r) => r.rate), 1, '')})` : ''}, ${(summary.files / seconds).toFixed(2)} documents/s; ` +
      `peak RSS (process tree) ${mb(median(mine.map((r) => r.peak)))}${rounds > 1 ? ` (highest ${mb(Math.max(...mine.map((r) => r.peak)))})` : ''}; database ${mb(statSync(db).size)}`,
  );
});

/**
 * The speed-up of the last configuration over plan[i], round by round (a round's runs are minutes
 * apart, so drift cancels), from times: every configuration does the same work, pages or none.
 */
function speedUp(i) {
  const ratios = runs.map((round) => round[i].seconds / round[round.length - 1].seconds);
  return `${median(ratios).toFixed(2)}×${rounds > 1 ? ` (rounds: ${range(ratios, 2, '×')})` : ''}`;
}
const lastPlan = plan[plan.length - 1];
const pinnedAt = plan.findIndex((p) => p.label === 'one core');
const oneThreadAt = plan.findIndex((p) => p.label === 'all cores' && p.threads === 1);
if (lastPlan.threads > 1) {
  if (pinnedAt >= 0) console.log(`speed-up of ${lastPlan.threads} threads on all cores over one thread on one core: ${speedUp(pinnedAt)}`);
  console.log(`speed-up of ${lastPlan.threads} threads over one thread, both on all cores: ${speedUp(oneThreadAt)}`);
}
if (machineScaling.length > 0) {
  const spread = rounds > 1 ? ` (rounds: ${range(machineScaling, 2, '×')})` : '';
  console.log(`the machine itself: ${cores} independent processes, one per core, parse ${median(machineScaling).toFixed(2)}× the pages of one alone${spread}, a yardstick for the speed-ups above`);
}
const last = runs[runs.length - 1][plan.length - 1];
const again = await ingest(last.db, lastPlan.threads);
console.log(`re-run over the finished database: ${again.summary.unchanged} unchanged in ${again.seconds.toFixed(1)} s (${((100 * again.seconds) / last.seconds).toFixed(1)} % of the first run)`);

const pdfs = readdirSync(dir).filter((f) => f.toLowerCase().endsWith('.pdf')).map((f) => join(dir, f));
if (spawnSync('pdftotext', ['-v'], { stdio: 'ignore' }).error) console.log('pdftotext: not installed, skipped (apt-get install poppler-utils to compare)');
else {
  const t = performance.now();
  for (const path of pdfs) spawnSync('pdftotext', ['-layout', path, '-'], { stdio: 'ignore' });
  console.log(`pdftotext -layout over the ${pdfs.length} PDFs alone (text only, native, one core): ${((performance.now() - t) / 1000).toFixed(1)} s`);
}
rmSync(work, { recursive: true, force: true });
