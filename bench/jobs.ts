// One measurement job, run in its own worker thread (bench/worker.ts) so that a
// hang can be timed out, a crash stays contained, and the memory numbers belong
// to one engine and one module. The same code measures both engines.

import { loadEngine, type EngineName, type WasmApi } from './engines.js';
import { collectGarbage, median, snapshot, type MemSnapshot } from './measure.js';
import { asU32 } from './workloads.js';

export interface RunSettings {
  /** File URL of the wagonette entry module to measure. */
  wagonetteEntry: string;
  /** Unmeasured runs first: at least this many, and more until WARMUP_MIN_MS have passed. */
  warmup: number;
  reps: number;
  /** Stop adding repetitions once the measured ones took this long (at least one is always measured). */
  budgetSeconds: number;
}

export interface WorkloadJob extends RunSettings {
  kind: 'workload';
  engine: EngineName;
  name: string;
  n: number;
  bytes: Uint8Array;
  /** The native reference checksum of run(n); undefined when not known for this n. */
  expected: number | undefined;
}

export interface StartupJob extends RunSettings {
  kind: 'startup';
  engine: EngineName;
  bytes: Uint8Array;
}

export type Job = WorkloadJob | StartupJob;

/** Engine memory beyond the module's linear memory, in bytes (see explainMemory). */
export interface MemoryUse {
  /** After a full GC with the module and instance still alive: JS heap growth plus off-heap buffers other than linear memory. */
  retained: number;
  /** Highest sample (taken after compile, instantiate and every run, without GC) of the same sum; includes garbage not yet collected. */
  peakSampled: number;
  /** Growth of the committed JS heap at its highest sample: a high-water proxy that also sees collected garbage. */
  heapCommittedGrowth: number;
  /** Linear memory size (memory export), excluded above. */
  linear: number;
  /** False when no GC could be forced: then `retained` includes garbage. */
  gcForced: boolean;
}

export interface WorkloadResult {
  engine: EngineName;
  ok: boolean;
  error?: string;
  compileMs?: number;
  instantiateMs?: number;
  /** Measured repetitions (after warm-up), in ms. */
  timesMs?: number[];
  medianMs?: number;
  checksum?: number;
  memory?: MemoryUse;
}

export interface StartupResult {
  engine: EngineName;
  ok: boolean;
  error?: string;
  bytes: number;
  validateMs?: number[];
  compileMs?: number[];
  /** Medians as throughput, 10^6 bytes per second. */
  validateMBps?: number;
  compileMBps?: number;
  /** JS heap + off-heap growth retained by one compiled Module after a full GC. */
  moduleRetainedBytes?: number;
}

export const explainMemory =
  'engine memory = JS heap growth + off-heap ArrayBuffer growth - linear memory, relative to a GC\'d baseline in the job\'s own worker; ' +
  'retained: after a forced GC with module+instance alive; peak: max of samples after compile/instantiate/each run (no GC, so it includes garbage). ' +
  'Allocation inside a single run is not sampled.';

/** Warm-up continues (up to WARMUP_MAX_RUNS) until this much time was spent, so a tiering
 *  engine (V8's Liftoff -> TurboFan) reaches its top tier even when single runs are short. */
const WARMUP_MIN_MS = 200;
const WARMUP_MAX_RUNS = 1000;

/** Holds measured objects across the final GC so they count as retained (a local could be collected early). */
const keepAlive: unknown[] = [];

function describe(e: unknown): string {
  if (e instanceof Error) return `${e.name}: ${e.message}`;
  return String(e);
}

function engineBytes(s: MemSnapshot, base: MemSnapshot, linear: number): number {
  return s.heapUsed - base.heapUsed + Math.max(0, s.arrayBuffers - base.arrayBuffers - linear);
}

function linearMemorySize(exports: Record<string, unknown>): number {
  const mem = exports['memory'] as { buffer?: ArrayBuffer } | undefined;
  return mem?.buffer?.byteLength ?? 0;
}

async function measureWorkload(api: WasmApi, job: WorkloadJob): Promise<WorkloadResult> {
  const result: WorkloadResult = { engine: job.engine, ok: false };
  const check = (r: unknown): number => {
    const sum = asU32(r);
    if (job.expected !== undefined && sum !== job.expected) throw new Error(`checksum mismatch: got ${sum}, expected ${job.expected}`);
    return sum;
  };
  collectGarbage?.();
  const base = snapshot();
  const samples: MemSnapshot[] = [];
  try {
    let t = performance.now();
    const module = new api.Module(job.bytes);
    result.compileMs = performance.now() - t;
    samples.push(snapshot());
    t = performance.now();
    const instance = new api.Instance(module, {});
    result.instantiateMs = performance.now() - t;
    samples.push(snapshot());
    const run = instance.exports['run'];
    if (typeof run !== 'function') throw new Error('the module has no exported function run');
    const warmStart = performance.now();
    for (let i = 0; i < WARMUP_MAX_RUNS && (i < job.warmup || (job.warmup > 0 && performance.now() - warmStart < WARMUP_MIN_MS)); i++) {
      result.checksum = check(run(job.n));
      samples.push(snapshot());
    }
    const times: number[] = [];
    const started = performance.now();
    while (times.length < job.reps) {
      t = performance.now();
      const r = run(job.n);
      times.push(performance.now() - t);
      result.checksum = check(r);
      samples.push(snapshot());
      if (performance.now() - started > job.budgetSeconds * 1000) break;
    }
    result.timesMs = times;
    result.medianMs = median(times);
    const linear = linearMemorySize(instance.exports);
    keepAlive.push(module, instance);
    collectGarbage?.();
    const retained = snapshot();
    result.memory = {
      retained: engineBytes(retained, base, linear),
      peakSampled: Math.max(...samples.map((s) => engineBytes(s, base, linear))),
      heapCommittedGrowth: Math.max(...samples.map((s) => s.heapCommitted - base.heapCommitted)),
      linear,
      gcForced: collectGarbage !== undefined,
    };
    result.ok = true;
  } catch (e) {
    result.error = describe(e);
  }
  keepAlive.length = 0;
  return result;
}

async function measureStartup(api: WasmApi, job: StartupJob): Promise<StartupResult> {
  const result: StartupResult = { engine: job.engine, ok: false, bytes: job.bytes.length };
  const mb = job.bytes.length / 1e6;
  const timed = (f: () => void): number[] => {
    const times: number[] = [];
    for (let i = 0; i < job.warmup; i++) f();
    const started = performance.now();
    while (times.length < job.reps) {
      const t = performance.now();
      f();
      times.push(performance.now() - t);
      if (performance.now() - started > job.budgetSeconds * 1000) break;
    }
    return times;
  };
  try {
    result.validateMs = timed(() => {
      if (!api.validate(job.bytes)) throw new Error('validate() returned false for the generated module');
    });
    result.validateMBps = mb / (median(result.validateMs) / 1000);
    result.compileMs = timed(() => {
      new api.Module(job.bytes);
    });
    result.compileMBps = mb / (median(result.compileMs) / 1000);
    collectGarbage?.();
    const base = snapshot();
    keepAlive.push(new api.Module(job.bytes));
    collectGarbage?.();
    result.moduleRetainedBytes = engineBytes(snapshot(), base, 0);
    keepAlive.length = 0;
    result.ok = true;
  } catch (e) {
    result.error = describe(e);
  }
  return result;
}

export async function runJob(job: Job): Promise<WorkloadResult | StartupResult> {
  let api: WasmApi;
  try {
    api = await loadEngine(job.engine, job.wagonetteEntry);
  } catch (e) {
    const error = describe(e);
    return job.kind === 'workload' ? { engine: job.engine, ok: false, error } : { engine: job.engine, ok: false, error, bytes: job.bytes.length };
  }
  return job.kind === 'workload' ? measureWorkload(api, job) : measureStartup(api, job);
}
