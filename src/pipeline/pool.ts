/**
 * The parse pool: worker threads (piscina) that run parse-worker.ts, one file at a time each.
 *
 * Each file gets a time limit and a memory ceiling. A file that passes the time limit has its
 * worker terminated (piscina aborts the task and starts a new worker); a file that passes the
 * ceiling (V8's old generation, resourceLimits) kills its worker with ERR_WORKER_OUT_OF_MEMORY;
 * a worker that dies for any other reason costs that file only. Each becomes a failed outcome
 * with the reason, and the batch goes on. Tasks are only submitted to free workers (the caller
 * holds at most `threads` in flight), and a file's clock starts when its worker says it has begun
 * (a broadcast message), so neither queuing nor a new worker's start-up counts against it.
 *
 * The threads share a count of the pool's cores no file needs (extractors/pdf/ocr/cores.ts): none
 * while files wait for a parser, else those no parser is using. A scan may read its pages on
 * them, so one long scan alone in a batch, or the last of a batch, uses the whole budget.
 */
import { fileURLToPath } from 'node:url';
import { BroadcastChannel } from 'node:worker_threads';
import { Piscina } from 'piscina';
import type { ParseHooks, ParseOutcome, ParseTask } from './parse.js';
import { PARSE_PROGRESS_CHANNEL, PARSE_STARTED_CHANNEL, timedOutReason, type OcrPageMessage } from './pool-channel.js';
import { coreCounts, lentCounter, reclaimLentCores, setFreeCores } from '../../extractors/pdf/ocr/cores.js';
import { newStopFlag, raiseStopFlag } from '../../extractors/common/deadline.js';

export interface PoolOptions {
  threads: number;
  /** Per file. */
  timeoutMs: number;
  /** Per worker: V8's old-generation ceiling. */
  maxMemoryMb: number;
  /** The worker module; parse-worker by default (tests give one that crashes). */
  workerUrl?: URL;
}

/** Run from TypeScript sources (the tests), the worker needs tsx to load parse-worker.ts (source-worker.mjs). */
const FROM_SOURCE = fileURLToPath(import.meta.url).endsWith('.ts');

/** How long a worker may take to start a task before the file is given up as well. */
const START_GRACE_MS = 120_000;
/** Past the file's limit before its thread is terminated: longer than any single model run. */
const HARD_STOP_GRACE_MS = 30_000;
/** How long close() waits for the files it asked to stop before terminating their threads. */
const CLOSE_GRACE_MS = HARD_STOP_GRACE_MS;

let nextTaskId = 1;

export class ParsePool {
  /** Pools open in this process: while one is, exiting at once could kill an OCR model run. */
  static open = 0;
  private readonly piscina: Piscina;
  private readonly started = new BroadcastChannel(PARSE_STARTED_CHANNEL);
  private readonly progress = new BroadcastChannel(PARSE_PROGRESS_CHANNEL);
  private readonly onStart = new Map<number, () => void>();
  private readonly onOcrPage = new Map<number, NonNullable<ParseHooks['onOcrPage']>>();
  /**
   * Shared with the workers: the cores no file needs, and those OCR helpers hold. A worker
   * stopped mid-file takes its helpers with it before they give theirs back; each task counts
   * what its helpers hold, and the pool reclaims that when the task ends (reclaimLentCores).
   * Known gap: helpers die with their worker, so a worker killed by its memory ceiling while a
   * helper is inside a model run would abort the process (not seen: the ceiling is on V8's heap,
   * which OCR's models do not use).
   */
  private readonly cores = coreCounts();
  private running = 0;
  private waiting = 0;
  /** Tasks whose worker has not begun them; told when a worker dies before it could. */
  private readonly onStartFailure = new Map<number, (error: Error) => void>();
  /** Each running file's stop flag, and the promise of its outcome. */
  private readonly inFlight = new Map<number, { stop: Int32Array; outcome: Promise<unknown> }>();

  constructor(private readonly opts: PoolOptions) {
    this.started.unref();
    this.started.onmessage = (event) => this.onStart.get((event as { data: number }).data)?.();
    this.progress.unref();
    this.progress.onmessage = (event) => {
      const { taskId, done, total } = (event as { data: OcrPageMessage }).data;
      this.onOcrPage.get(taskId)?.(done, total);
    };
    ParsePool.open++;
    const workerModule = (opts.workerUrl ?? new URL(FROM_SOURCE ? './parse-worker.ts' : './parse-worker.js', import.meta.url)).href;
    this.updateFreeCores();
    this.piscina = new Piscina({
      filename: FROM_SOURCE ? new URL('./source-worker.mjs', import.meta.url).href : workerModule,
      workerData: { cores: this.cores, ...(FROM_SOURCE ? { workerModule } : {}) },
      // Workers live for the whole batch: a new one spends a third of a second loading pdf.js.
      minThreads: opts.threads,
      idleTimeout: Number.POSITIVE_INFINITY,
      maxThreads: opts.threads,
      concurrentTasksPerWorker: 1,
      resourceLimits: { maxOldGenerationSizeMb: opts.maxMemoryMb },
    });
    // A worker that dies outside a task (while starting: a ceiling too low to load the parser)
    // is reported here rather than to a task, which would otherwise wait for a worker forever.
    this.piscina.on('error', (error: Error) => {
      for (const fail of this.onStartFailure.values()) fail(error);
    });
  }

  parse(task: ParseTask, hooks: ParseHooks = {}): Promise<ParseOutcome> {
    const taskId = nextTaskId++;
    const stop = newStopFlag();
    const outcome = this.run(taskId, { ...task, stop, lent: lentCounter() }, hooks);
    this.inFlight.set(taskId, { stop, outcome });
    return outcome.finally(() => this.inFlight.delete(taskId));
  }

  private async run(taskId: number, task: ParseTask & { lent: Int32Array }, hooks: ParseHooks): Promise<ParseOutcome> {
    if (hooks.onOcrPage) this.onOcrPage.set(taskId, hooks.onOcrPage);
    const abort = new AbortController();
    let timedOut = false;
    let startFailure: Error | null = null;
    const stop = () => {
      timedOut = true;
      abort.abort();
    };
    let timer = setTimeout(stop, this.opts.timeoutMs + START_GRACE_MS);
    this.running++;
    this.updateFreeCores();
    this.onStart.set(taskId, () => {
      this.onStartFailure.delete(taskId);
      clearTimeout(timer);
      // The parse stops itself at the limit (parse.ts's deadline); this hard stop is the backstop
      // for code that never checks it, after a grace longer than one OCR model run.
      timer = setTimeout(stop, this.opts.timeoutMs + HARD_STOP_GRACE_MS);
    });
    this.onStartFailure.set(taskId, (error) => {
      startFailure = error;
      abort.abort();
    });
    try {
      return (await this.piscina.run({ ...task, timeoutMs: this.opts.timeoutMs, taskId }, { signal: abort.signal })) as ParseOutcome;
    } catch (e) {
      if (startFailure) return { ok: false, reason: `the parser could not start: ${(startFailure as Error).message}` };
      const err = e as NodeJS.ErrnoException;
      if (timedOut) return { ok: false, reason: timedOutReason(this.opts.timeoutMs) };
      if (err.code === 'ERR_WORKER_OUT_OF_MEMORY') {
        return { ok: false, reason: `ran out of memory: parsing it needed more than the ${this.opts.maxMemoryMb} MB ceiling (--max-memory), so the parser was stopped` };
      }
      return { ok: false, reason: `the parser crashed: ${err.message}` };
    } finally {
      clearTimeout(timer);
      this.onStart.delete(taskId);
      this.onStartFailure.delete(taskId);
      this.onOcrPage.delete(taskId);
      // Helpers of a thread stopped mid-file died without giving their cores back.
      reclaimLentCores(this.cores, task.lent);
      this.running--;
      this.updateFreeCores();
    }
  }

  /**
   * Asks every file being parsed to stop at its next check (before its next page or model run);
   * each then ends as a failed outcome ("the batch was stopped …") that the caller does not store.
   */
  stopRunning(): void {
    for (const { stop } of this.inFlight.values()) raiseStopFlag(stop);
  }

  /** How many files are still to come: while any are, no core is free for OCR helpers. */
  setWaiting(files: number): void {
    this.waiting = files;
    this.updateFreeCores();
  }

  private updateFreeCores(): void {
    setFreeCores(this.cores, this.waiting > 0 ? 0 : Math.max(0, this.opts.threads - this.running));
  }

  /**
   * Stops the pool. Files still being parsed are asked to stop, and their threads are terminated
   * only once they have (or after CLOSE_GRACE_MS): a thread terminated inside an OCR model run
   * takes the whole process down with a native abort.
   */
  async close(): Promise<void> {
    this.stopRunning();
    const settled = Promise.allSettled([...this.inFlight.values()].map((f) => f.outcome));
    let grace: NodeJS.Timeout | undefined;
    await Promise.race([settled, new Promise<void>((done) => (grace = setTimeout(done, CLOSE_GRACE_MS)))]);
    clearTimeout(grace);
    this.started.close();
    this.progress.close();
    try {
      await this.piscina.destroy();
    } finally {
      ParsePool.open--;
    }
  }
}
