/**
 * The parse pool: worker threads (piscina) that run parse-worker.ts, one file at a time each.
 *
 * Each file gets a time limit and a memory ceiling. A file that passes the time limit has its
 * worker terminated (piscina aborts the task and starts a new worker); a file that passes the
 * ceiling (V8's old generation, resourceLimits) kills its worker with ERR_WORKER_OUT_OF_MEMORY;
 * a worker that dies for any other reason costs that file only. Each becomes a failed outcome
 * with the reason, and the batch goes on. Tasks are only submitted to free workers (the caller
 * holds at most `threads` in flight), so the time limit never counts time spent queuing.
 */
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import type { ParseOutcome, ParseTask } from './parse.js';

export interface PoolOptions {
  threads: number;
  /** Per file. */
  timeoutMs: number;
  /** Per worker: V8's old-generation ceiling. */
  maxMemoryMb: number;
}

/** Run from TypeScript sources (the tests), the worker needs tsx to load parse-worker.ts. */
const FROM_SOURCE = fileURLToPath(import.meta.url).endsWith('.ts');

export class ParsePool {
  private readonly piscina: Piscina;

  constructor(private readonly opts: PoolOptions) {
    this.piscina = new Piscina({
      filename: new URL(FROM_SOURCE ? './parse-worker.ts' : './parse-worker.js', import.meta.url).href,
      minThreads: 0,
      maxThreads: opts.threads,
      concurrentTasksPerWorker: 1,
      resourceLimits: { maxOldGenerationSizeMb: opts.maxMemoryMb },
      execArgv: FROM_SOURCE ? ['--import', 'tsx'] : [],
    });
  }

  async parse(task: ParseTask): Promise<ParseOutcome> {
    const timeout = AbortSignal.timeout(this.opts.timeoutMs);
    try {
      return (await this.piscina.run(task, { signal: timeout })) as ParseOutcome;
    } catch (e) {
      const err = e as NodeJS.ErrnoException;
      if (timeout.aborted) return { ok: false, reason: `timed out: still parsing after ${this.opts.timeoutMs / 1000} s (--timeout), so the parser was stopped` };
      if (err.code === 'ERR_WORKER_OUT_OF_MEMORY') {
        return { ok: false, reason: `ran out of memory: parsing it needed more than the ${this.opts.maxMemoryMb} MB ceiling (--max-memory), so the parser was stopped` };
      }
      return { ok: false, reason: `the parser crashed: ${err.message}` };
    }
  }

  close(): Promise<void> {
    return this.piscina.destroy();
  }
}
