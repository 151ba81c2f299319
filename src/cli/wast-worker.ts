// A worker thread that runs .wast files for the pool in wast-pool.ts, so a
// script that hangs the engine can be stopped from outside. While a script runs,
// the worker keeps the pool informed: counters in shared memory (commands done,
// the line of the command running, passed, skipped) and a message per failed or
// skipped command, so a timeout still reports what was done and which line hung.

import { readFileSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { loadEngine } from './engine.js';
import { runWastText } from './wast-runner.js';
import {
  PROGRESS_DONE, PROGRESS_LINE, PROGRESS_PASSED, PROGRESS_SKIPPED, WORKER_MARK, type WorkerJob, type WorkerMessage,
} from './wast-progress.js';

if (workerData === WORKER_MARK) parentPort?.on('message', (job: WorkerJob) => {
  void (async () => {
    const engine = await loadEngine();
    const text = readFileSync(job.path, 'utf8');
    const counters = new Int32Array(job.progress);
    const report = runWastText(engine, text, job.path, {
      mode: job.mode,
      ...(job.maxCallDepth !== undefined ? { maxCallDepth: job.maxCallDepth } : {}),
      onStart: (line) => Atomics.store(counters, PROGRESS_LINE, line),
      onOutcome: (o) => {
        if (o.status === 'passed') Atomics.add(counters, PROGRESS_PASSED, 1);
        else if (o.status === 'skipped') Atomics.add(counters, PROGRESS_SKIPPED, 1);
        if (o.status !== 'passed') parentPort!.postMessage({ id: job.id, outcome: o } satisfies WorkerMessage);
        Atomics.add(counters, PROGRESS_DONE, 1);
      },
    });
    // Passed commands need no detail; keep the message small.
    report.outcomes = report.outcomes.filter((o) => o.status !== 'passed');
    parentPort!.postMessage({ id: job.id, report } satisfies WorkerMessage);
  })();
});
