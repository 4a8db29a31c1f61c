/**
 * What an ingest shows on stderr as it goes. On a terminal, one progress bar (files, pages, rate,
 * ETA, failures so far) with a line above it for each file that failed; otherwise one line per
 * file, which is what a log or a CI job wants.
 */
import cliProgress from 'cli-progress';
import type { FileResult } from '../pipeline/ingest.js';

export interface Progress {
  fileDone(result: FileResult): void;
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
    note: (line) => stream.write(`${line}\n`),
    stop: () => undefined,
  };
}

function barProgress(stream: NodeJS.WriteStream, files: number): Progress {
  const bars = new cliProgress.MultiBar(
    {
      stream,
      format: '{bar} {value}/{total} files · {pages} pages · {rate} pages/s · ETA {eta_formatted} · {failed} failed',
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
  const payload = () => ({ pages, failed, rate: (pages / Math.max(0.001, (performance.now() - started) / 1000)).toFixed(1) });
  const bar = bars.create(files, 0, payload());
  let stopped = false;
  return {
    fileDone(r) {
      pages += r.pages ?? 0;
      if (r.status === 'failed' && r.outcome !== 'skipped') {
        failed++;
        bars.log(`${resultLine(r)}\n   ${r.error ?? ''}\n`);
      }
      bar.increment(1, payload());
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
export function startProgress(files: number, stream: NodeJS.WriteStream = process.stderr): Progress {
  return stream.isTTY ? barProgress(stream, files) : lineProgress(stream);
}
