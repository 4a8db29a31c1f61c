/** A helper thread's entry (helpers.ts): reads pages from the shared queue until it is empty. */
import { parentPort, workerData } from 'node:worker_threads';
import { DeadlineError, setDeadline, setStopFlag, StopRequested } from '../../common/deadline.js';
import { coresOvercommitted, shareCoreCounts } from './cores.js';
import type { HelperData, HelperMessage } from './helpers.js';
import { readQueuedPages } from './pages.js';

const data = workerData as HelperData;
const post = (m: HelperMessage) => parentPort!.postMessage(m);
setDeadline(data.deadline);
setStopFlag(data.stop);
shareCoreCounts(data.cores);
try {
  // A parser that starts a new file wants its core back: stop taking pages, the others finish them.
  await readQueuedPages(data.bytes, data.queue, data.settings, data.pageSettings, (read) => post({ read }), { stop: coresOvercommitted, onTake: (took) => post({ took }) });
} catch (e) {
  if (!(e instanceof DeadlineError)) throw e;
  post({ deadline: true, stopped: e instanceof StopRequested });
}
