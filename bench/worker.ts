// Worker-thread entry of the harness: runs the one job it is given and posts the result.

import { parentPort, workerData } from 'node:worker_threads';
import { runJob, type Job } from './jobs.js';

if (parentPort === null) throw new Error('bench/worker.ts runs only as a worker thread (see bench/run.ts)');
const port = parentPort;
runJob(workerData as Job).then(
  (result) => port.postMessage(result),
  (e: unknown) => port.postMessage({ ok: false, error: e instanceof Error ? `${e.name}: ${e.message}` : String(e) }),
);
