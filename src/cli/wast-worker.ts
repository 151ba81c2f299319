// A worker thread that runs .wast files for the pool in wast-pool.ts, so a
// script that hangs the engine can be stopped from outside.

import { readFileSync } from 'node:fs';
import { parentPort } from 'node:worker_threads';
import { loadEngine } from './engine.js';
import { runWastText, type RunMode } from './wast-runner.js';

export interface WorkerJob {
  id: number;
  path: string;
  mode: RunMode;
  maxCallDepth?: number;
}

parentPort?.on('message', (job: WorkerJob) => {
  void (async () => {
    const engine = await loadEngine();
    const text = readFileSync(job.path, 'utf8');
    const opts = job.maxCallDepth !== undefined ? { mode: job.mode, maxCallDepth: job.maxCallDepth } : { mode: job.mode };
    const report = runWastText(engine, text, job.path, opts);
    // Passed commands need no detail; keep the message small.
    report.outcomes = report.outcomes.filter((o) => o.status !== 'passed');
    parentPort!.postMessage({ id: job.id, report });
  })();
});
