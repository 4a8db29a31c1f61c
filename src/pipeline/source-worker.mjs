/**
 * The pool's worker when the code runs from its TypeScript sources (the tests). tsx's hooks given
 * to a worker with `--import tsx` load the worker module but not what it later imports with
 * import() (Node 20), and the extractors are imported that way; registering tsx here covers both.
 * The built package never uses this file.
 */
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const { default: task } = await import(workerData.workerModule);
export default task;
