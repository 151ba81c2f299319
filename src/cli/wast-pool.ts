// Running many .wast files: in worker threads (a pool of `jobs`, each file with
// a time limit, so a hanging or crashing engine costs one file, not the run), or
// in this thread when jobs is 0.

import { readFileSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { loadEngine } from './engine.js';
import type { WastFile } from './wast-files.js';
import { topLevelForms } from './wast-forms.js';
import { runWastText, type FileReport, type Outcome, type RunMode } from './wast-runner.js';
import type { WorkerJob } from './wast-worker.js';

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

/** Every form of the file counted failed with one reason (the file could not be run to the end). */
function allFailed(path: string, why: string): FileReport {
  let forms: { head: string; line: number }[] = [];
  try {
    forms = topLevelForms(readFileSync(path, 'utf8'));
  } catch {
    // unreadable: zero forms, and the reason still reported below
  }
  const outcomes: Outcome[] = forms.map((f) => ({ line: f.line, command: f.head, status: 'failed', detail: why }));
  if (outcomes.length === 0) outcomes.push({ line: 0, command: '(file)', status: 'failed', detail: why });
  return { passed: 0, failed: outcomes.length, skipped: 0, forms: forms.length, outcomes };
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
        worker ??= new Worker(workerUrl);
        const w: Worker = worker;
        const job: WorkerJob = { id: i, path: file.path, mode: opts.mode ?? 'full', ...(opts.maxCallDepth !== undefined ? { maxCallDepth: opts.maxCallDepth } : {}) };
        const report = await new Promise<FileReport | string>((resolveJob) => {
          const timer = setTimeout(() => resolveJob(`timed out after ${timeoutMs / 1000} s`), timeoutMs);
          const cleanup = () => {
            clearTimeout(timer);
            w.off('message', onMessage);
            w.off('error', onError);
            w.off('exit', onExit);
          };
          const onMessage = (m: { id: number; report: FileReport }) => {
            if (m.id !== i) return;
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
          await w.terminate();
          worker = undefined;
          finish(i, allFailed(file.path, report));
        } else {
          finish(i, report);
        }
      }
    } finally {
      if (worker) await worker.terminate();
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
