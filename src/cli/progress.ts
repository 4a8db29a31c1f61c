/**
 * What an ingest shows on stderr as it goes. On a terminal, one progress bar (files, pages, rate,
 * ETA, failures so far) with a line above it for each file that failed; otherwise one line per
 * file, which is what a log or a CI job wants.
 *
 * The bar advances by each file's guessed cost (pipeline/order.ts), not by one per file: a batch
 * takes its largest files first, so a count of files would make the first minutes look slow and
 * the ETA far too long. Unchanged files leave the total instead of filling it, so a resumed batch
 * does not predict from the speed of skipping. A scan read by OCR moves the bar page by page, as a
 * hundred-page scan takes minutes.
 */
import cliProgress from 'cli-progress';
import type { FileResult } from '../pipeline/ingest.js';

export interface Progress {
  /** `cost`: the file's guessed cost, in the units of the batch's total; `index`: its place in the batch. */
  fileDone(result: FileResult, cost: number, index?: number): void;
  /** Page `done` of the `total` pages of file `index` read by OCR. */
  ocrPage(index: number, source: string, done: number, total: number, cost: number): void;
  note(line: string): void;
  /** Safe to call more than once. */
  stop(): void;
}

function resultLine(r: FileResult): string {
  const what = r.outcome === 'skipped' ? `unchanged (${r.status})` : r.status;
  return `${what.padEnd(18)} ${(r.family ?? '-').padEnd(15)} ${r.source}`;
}

function lineProgress(stream: NodeJS.WriteStream): Progress {
  return {
    fileDone: (r) => stream.write(`${resultLine(r)}\n`),
    ocrPage: (_index, source, done, total) => stream.write(`${`ocr page ${done}/${total}`.padEnd(18)} ${''.padEnd(15)} ${source}\n`),
    note: (line) => stream.write(`${line}\n`),
    stop: () => undefined,
  };
}

function barProgress(stream: NodeJS.WriteStream, files: number, totalCost: number): Progress {
  const bars = new cliProgress.MultiBar(
    {
      stream,
      format: '{bar} {done}/{files} files · {pages} pages · {rate} pages/s · ETA {eta_formatted} · {failed} failed',
      hideCursor: true,
      clearOnComplete: false,
      etaBuffer: 50,
      fps: 5,
    },
    cliProgress.Presets.shades_classic,
  );
  const started = performance.now();
  let pages = 0;
  let failed = 0;
  let done = 0;
  /** Per file being read by OCR: the pages and the cost already counted. */
  const counted = new Map<number, { pages: number; cost: number }>();
  // At least 1, so an empty or all-empty batch still draws a bar.
  let total = Math.max(1, totalCost);
  const payload = () => ({ done, files, pages, failed, rate: (pages / Math.max(0.001, (performance.now() - started) / 1000)).toFixed(1) });
  const bar = bars.create(total, 0, payload());
  let stopped = false;
  return {
    fileDone(r, cost, index) {
      done++;
      const already = (index !== undefined && counted.get(index)) || { pages: 0, cost: 0 };
      if (index !== undefined) counted.delete(index);
      pages += Math.max(0, (r.pages ?? 0) - already.pages);
      cost -= already.cost;
      if (r.status === 'failed' && r.outcome !== 'skipped') {
        failed++;
        bars.log(`${resultLine(r)}\n   ${r.error ?? ''}\n`);
      }
      if (r.outcome === 'skipped') {
        total = Math.max(1, total - cost);
        bar.setTotal(total);
        bar.update(payload());
      } else bar.increment(cost, payload());
    },
    ocrPage(index, _source, _done, total, cost) {
      const seen = counted.get(index) ?? { pages: 0, cost: 0 };
      // OCR is most of a scan's time; the rest of the file's cost is added when it is stored.
      const step = (0.9 * cost) / total;
      counted.set(index, { pages: seen.pages + 1, cost: seen.cost + step });
      pages++;
      bar.increment(step, payload());
    },
    note: (line) => bars.log(`${line}\n`),
    stop() {
      // Stopping twice would draw the final bar twice.
      if (!stopped) bars.stop();
      stopped = true;
    },
  };
}

/** A bar when stderr is a terminal, lines otherwise. */
export function startProgress(files: number, totalCost: number, stream: NodeJS.WriteStream = process.stderr): Progress {
  return stream.isTTY ? barProgress(stream, files, totalCost) : lineProgress(stream);
}
