/**
 * Helper threads that read a scan's pages alongside the thread that opened it, one per spare
 * core (cores.ts). Each opens the PDF itself and takes pages from the shared queue; what it reads
 * comes back by message, page by page. A helper loads its own models (about 250 MB with their
 * working memory), so there are never more helpers than pages left to share, and each gets the
 * memory ceiling of the thread it helps.
 */
import { fileURLToPath } from 'node:url';
import { resourceLimits, Worker } from 'node:worker_threads';
import { currentDeadline, currentStopFlag, DeadlineError, StopRequested } from '../../common/deadline.js';
import type { PageSettings } from '../page.js';
import { borrowCore, returnCore, sharedCoreCounts } from './cores.js';
import type { OcrSettings, PageQueue, PageRead } from './pages.js';

/** Run from TypeScript sources (the tests), the helper loads its module through tsx. */
const FROM_SOURCE = fileURLToPath(import.meta.url).endsWith('.ts');
const READER = new URL(FROM_SOURCE ? './page-reader.ts' : './page-reader.js', import.meta.url);

/** What a helper says: the page it is taking, a page it has read, or that time ran out. */
export type HelperMessage = { took: number } | { read: PageRead } | { deadline: true; stopped: boolean };

export interface HelperData {
  bytes: Uint8Array;
  queue: PageQueue;
  settings: OcrSettings;
  pageSettings: PageSettings;
  deadline: number | null;
  /** The parse's stop flag (deadline.ts): a helper stops when its parse is asked to. */
  stop: Int32Array | null;
  cores: Int32Array | null;
}

/** Starts a helper on each spare core, up to the pages no thread has taken; each settles when done. */
export function startHelpers(bytes: Uint8Array, queue: PageQueue, settings: OcrSettings, pageSettings: PageSettings, onRead: (read: PageRead) => void): Promise<void>[] {
  const helpers: Promise<void>[] = [];
  const untaken = queue.pages.length - Atomics.load(queue.next, 0);
  while (helpers.length < untaken && borrowCore()) {
    helpers.push(runHelper({ bytes, queue, settings, pageSettings, deadline: currentDeadline(), stop: currentStopFlag(), cores: sharedCoreCounts() }, onRead).finally(returnCore));
  }
  return helpers;
}

function runHelper(data: HelperData, onRead: (read: PageRead) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const reading = new Set<number>();
    let timedOut: DeadlineError | null = null;
    let failure: Error | null = null;
    const ceiling = resourceLimits.maxOldGenerationSizeMb;
    const worker = new Worker(READER, {
      workerData: data,
      ...(ceiling ? { resourceLimits: { maxOldGenerationSizeMb: ceiling } } : {}),
      ...(FROM_SOURCE ? { execArgv: ['--import', 'tsx'] } : {}),
    });
    worker.on('message', (m: HelperMessage) => {
      if ('took' in m) reading.add(m.took);
      else if ('read' in m) {
        reading.delete(m.read.page);
        onRead(m.read);
      } else timedOut = m.stopped ? new StopRequested() : new DeadlineError();
    });
    worker.on('error', (e) => (failure = e));
    worker.on('exit', () => {
      if (timedOut) return reject(timedOut);
      // A helper that died (out of memory, a crash) costs the pages it was reading, with the reason.
      const reason = `OCR: the thread reading the page stopped: ${(failure as Error | null)?.message ?? 'it exited'}`.slice(0, 200);
      for (const page of reading) onRead({ page, failure: { page, reason } });
      resolve();
    });
  });
}
