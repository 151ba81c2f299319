// Running many .wast files: in worker threads (a pool of `jobs`, each file with
// a time limit, so a hanging or crashing engine costs one file, not the run), or
// in this thread when jobs is 0.

import { readFileSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { loadEngine } from './engine.js';
import type { WastFile } from './wast-files.js';
import { topLevelForms } from './wast-forms.js';
import { runWastText, type FileReport, type Outcome, type RunMode } from './wast-runner.js';
import {
  PROGRESS_DONE, PROGRESS_LINE, PROGRESS_PASSED, PROGRESS_SKIPPED, PROGRESS_SLOTS, WORKER_MARK, type WorkerJob, type WorkerMessage,
} from './wast-progress.js';

export interface PoolOptions {
  mode?: RunMode;
  /** Worker threads; 0 runs the files in this thread (no time limit). */
  jobs?: number;
  /** Per-file time limit in worker mode. */
  timeoutMs?: number;
  maxCallDepth?: number;
  /** The worker script (default: wast-worker.js next to this module). */
  workerUrl?: URL;
  /** Called as each file finishes, in completion order. */
  onFile?: (file: WastFile, report: FileReport) => void;
}

export interface FileResult {
  file: WastFile;
  report: FileReport;
}

/** Every form of the file counted failed with one reason (the file could not be run at all). */
function allFailed(path: string, why: string): FileReport {
  return partlyDone(path, why, { done: 0, line: 0, passed: 0, skipped: 0, outcomes: [] });
}

/** What a worker reported before it was stopped. */
interface Progress {
  done: number;
  /** Line of the command that was running. */
  line: number;
  passed: number;
  skipped: number;
  /** Failed and skipped outcomes received so far. */
  outcomes: Outcome[];
}

/**
 * A report for a file whose run was cut short: the commands that finished keep
 * their verdicts; the one running fails with `why`; the rest fail as not run.
 */
function partlyDone(path: string, why: string, p: Progress): FileReport {
  let forms: { head: string; line: number }[] = [];
  try {
    forms = topLevelForms(readFileSync(path, 'utf8'));
  } catch {
    // unreadable: no forms; the reason is still reported below
  }
  const outcomes = p.outcomes.slice();
  const rest = forms.slice(Math.min(p.done, forms.length));
  rest.forEach((f, i) => {
    const detail = i === 0 ? `${why}${p.line > 0 ? ` while running the command at line ${p.line}` : ''}` : `not run: the script was stopped (${why})`;
    outcomes.push({ line: i === 0 && p.line > 0 ? p.line : f.line, command: f.head, status: 'failed', detail });
  });
  if (forms.length === 0) outcomes.push({ line: 0, command: '(file)', status: 'failed', detail: why });
  const failed = outcomes.filter((o) => o.status === 'failed').length;
  return { passed: p.passed, failed, skipped: p.skipped, forms: forms.length, outcomes };
}

async function runInProcess(files: WastFile[], opts: PoolOptions): Promise<FileResult[]> {
  const engine = await loadEngine();
  const results: FileResult[] = [];
  for (const file of files) {
    let report: FileReport;
    try {
      const text = readFileSync(file.path, 'utf8');
      report = runWastText(engine, text, file.path, { mode: opts.mode ?? 'full', ...(opts.maxCallDepth !== undefined ? { maxCallDepth: opts.maxCallDepth } : {}) });
    } catch (e) {
      report = allFailed(file.path, `runner error: ${(e as Error).message}`);
    }
    opts.onFile?.(file, report);
    results.push({ file, report });
  }
  return results;
}

/** Run the files; results come back in the order of `files`. */
export async function runFiles(files: WastFile[], opts: PoolOptions = {}): Promise<FileResult[]> {
  const jobs = opts.jobs ?? 1;
  if (jobs <= 0) return runInProcess(files, opts);
  const workerUrl = opts.workerUrl ?? new URL('./wast-worker.js', import.meta.url);
  const timeoutMs = opts.timeoutMs ?? 300_000;
  const reports: (FileReport | undefined)[] = new Array(files.length);
  let next = 0;

  const finish = (i: number, report: FileReport) => {
    reports[i] = report;
    opts.onFile?.(files[i]!, report);
  };

  // One lane: a worker that takes files until none are left; replaced after a timeout or crash.
  const lane = async (): Promise<void> => {
    let worker: Worker | undefined;
    try {
      while (next < files.length) {
        const i = next++;
        const file = files[i]!;
        worker ??= new Worker(workerUrl, { workerData: WORKER_MARK });
        const w: Worker = worker;
        const progress = new SharedArrayBuffer(4 * PROGRESS_SLOTS);
        const counters = new Int32Array(progress);
        const received: Outcome[] = [];
        const job: WorkerJob = { id: i, path: file.path, mode: opts.mode ?? 'full', progress, ...(opts.maxCallDepth !== undefined ? { maxCallDepth: opts.maxCallDepth } : {}) };
        const report = await new Promise<FileReport | string>((resolveJob) => {
          const timer = setTimeout(() => resolveJob(`timed out after ${timeoutMs / 1000} s`), timeoutMs);
          const cleanup = () => {
            clearTimeout(timer);
            w.off('message', onMessage);
            w.off('error', onError);
            w.off('exit', onExit);
          };
          const onMessage = (m: WorkerMessage) => {
            if (m.id !== i) return;
            if ('outcome' in m) {
              received.push(m.outcome);
              return;
            }
            cleanup();
            resolveJob(m.report);
          };
          const onError = (e: Error) => { cleanup(); resolveJob(`worker crashed: ${e.name}: ${e.message}`); };
          const onExit = (code: number) => { cleanup(); resolveJob(`worker exited with code ${code}`); };
          w.on('message', onMessage);
          w.on('error', onError);
          w.on('exit', onExit);
          w.postMessage(job);
        });
        if (typeof report === 'string') {
          await worker.terminate();
          worker = undefined;
          finish(i, partlyDone(file.path, report, {
            done: Atomics.load(counters, PROGRESS_DONE),
            line: Atomics.load(counters, PROGRESS_LINE),
            passed: Atomics.load(counters, PROGRESS_PASSED),
            skipped: Atomics.load(counters, PROGRESS_SKIPPED),
            outcomes: received,
          }));
        } else {
          finish(i, report);
        }
      }
    } finally {
      if (worker) {
        await settle();
        await worker.terminate();
      }
    }
  };

  await Promise.all(Array.from({ length: Math.min(jobs, files.length) }, lane));
  return files.map((file, i) => ({ file, report: reports[i]! }));
}

/** Totals over files, and the per-file table as written by --json and kept in the baseline. */
export interface Summary {
  files: Record<string, { passed: number; failed: number; skipped: number }>;
  passed: number;
  failed: number;
  skipped: number;
}

export function summarize(results: FileResult[]): Summary {
  const s: Summary = { files: {}, passed: 0, failed: 0, skipped: 0 };
  for (const { file, report } of results) {
    s.files[file.key] = { passed: report.passed, failed: report.failed, skipped: report.skipped };
    s.passed += report.passed;
    s.failed += report.failed;
    s.skipped += report.skipped;
  }
  return s;
}

/** The summary as JSON with one line per file, so baseline changes read well in a diff. */
export function summaryJson(s: Summary): string {
  const files = Object.entries(s.files).map(([k, c]) => `    ${JSON.stringify(k)}: ${JSON.stringify(c)}`);
  return `{\n  "files": {\n${files.join(',\n')}\n  },\n  "passed": ${s.passed},\n  "failed": ${s.failed},\n  "skipped": ${s.skipped}\n}\n`;
}

/**
 * Node 20 can abort the whole process (`GetForegroundTaskRunner` assertion) when a worker is
 * terminated while V8 still optimises one of its functions on a background thread: the job
 * allocates, starts incremental marking and asks for the gone isolate's task runner. That
 * happened in about 1 of 10 `wasm-run wast` runs, right after the last file. Letting an idle
 * worker's background compilations finish first (they take milliseconds; the interpreter loop
 * about 100 ms) made it 0 in 140. (Turning concurrent recompilation off instead also made it 0,
 * but ran the spec suite 2.6 times slower.)
 */
function settle(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 300));
}
