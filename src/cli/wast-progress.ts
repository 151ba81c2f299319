// The messages and shared counters between the wast worker pool and its workers.

import type { FileReport, Outcome, RunMode } from './wast-runner.js';

/** Slots of the shared Int32 progress counters. */
export const PROGRESS_DONE = 0;     // commands finished
export const PROGRESS_LINE = 1;     // line of the command running
export const PROGRESS_PASSED = 2;
export const PROGRESS_SKIPPED = 3;
export const PROGRESS_SLOTS = 4;

/** The workerData a pool worker is started with (so the module does nothing elsewhere). */
export const WORKER_MARK = 'wagonette-wast-worker';

export interface WorkerJob {
  id: number;
  path: string;
  mode: RunMode;
  maxCallDepth?: number;
  /** PROGRESS_SLOTS Int32 counters, fresh for each job. */
  progress: SharedArrayBuffer;
}

export type WorkerMessage =
  | { id: number; outcome: Outcome }
  | { id: number; report: FileReport };
