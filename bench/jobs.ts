// One measurement job, run in its own worker thread (bench/worker.ts) so that a
// hang can be timed out, a crash stays contained, and the memory numbers belong
// to one engine and one module. The same code measures both engines.

import { PerformanceObserver, constants as perfConstants } from 'node:perf_hooks';
import { loadEngine, type EngineName, type WasmApi } from './engines.js';
import { collectGarbage, median, snapshot, type MemSnapshot } from './measure.js';
import { asU32 } from './workloads.js';

export interface RunSettings {
  /** File URL of the wagonette entry module to measure. */
  wagonetteEntry: string;
  /** Unmeasured runs first: at least this many, and more until warmupMs have passed (when warmup > 0). */
  warmup: number;
  /** Minimum warm-up time, so a tiering engine (V8's Liftoff -> TurboFan for native wasm; V8 optimising
   *  wagonette's own JS) reaches its top tier even when single runs are short. */
  warmupMs: number;
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
  /** The first call of run(n) (a warm-up run, so cold: JIT tiers, lazy compilation), in ms. */
  firstRunMs?: number;
  /** Measured repetitions (after warm-up), in ms. */
  timesMs?: number[];
  medianMs?: number;
  checksum?: number;
  memory?: MemoryUse;
  /** Garbage collections that started during the measured runs (the engine allocating as it executes shows up here). */
  gcDuringRuns?: { minor: number; major: number };
}

/** Counts the isolate's GCs that start inside [from, to] (performance.now() times). */
function gcCounter(): { stop: (from: number, to: number) => Promise<{ minor: number; major: number }> } {
  const seen: { start: number; minor: boolean }[] = [];
  const obs = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      const kind = (e as unknown as { detail?: { kind?: number } }).detail?.kind;
      seen.push({ start: e.startTime, minor: kind === perfConstants.NODE_PERFORMANCE_GC_MINOR });
    }
  });
  obs.observe({ entryTypes: ['gc'] });
  return {
    async stop(from, to) {
      await new Promise((r) => setTimeout(r, 20)); // entries are delivered asynchronously
      obs.disconnect();
      const inside = seen.filter((g) => g.start >= from && g.start <= to);
      return { minor: inside.filter((g) => g.minor).length, major: inside.filter((g) => !g.minor).length };
    },
  };
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
  /** wagonette only: decode and validate timed separately through its internal modules. */
  phases?: PhaseTimes;
}

export interface PhaseTimes {
  decodeMs?: number[];
  validateMs?: number[];
  decodeMBps?: number;
  validateMBps?: number;
  /** Why the breakdown is missing (the internal modules did not load or failed). */
  error?: string;
}

/** wagonette's internal decoder and validator, found next to its package entry. */
interface Phases {
  decodeModule(bytes: Uint8Array): unknown;
  validateModule(module: unknown): unknown;
}

async function loadPhases(entry: string): Promise<Phases> {
  const decode = (await import(new URL('./binary/decode.js', entry).href)) as Partial<Phases>;
  const validate = (await import(new URL('./valid/validate.js', entry).href)) as Partial<Phases>;
  if (typeof decode.decodeModule !== 'function' || typeof validate.validateModule !== 'function') {
    throw new Error('binary/decode.js or valid/validate.js lacks decodeModule / validateModule');
  }
  return { decodeModule: decode.decodeModule, validateModule: validate.validateModule };
}

export const explainMemory =
  'engine memory = JS heap growth + off-heap ArrayBuffer growth - linear memory, relative to a GC\'d baseline in the job\'s own worker ' +
  'taken before the engine was loaded (so what loading allocates, such as wagonette\'s value stack, counts); ' +
  'retained: after a forced GC with module+instance alive; peak: max of samples after compile/instantiate/each run (no GC, so it includes garbage). ' +
  'Allocation inside a single run is not sampled.';

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

/** `loadBytes`: what loading the engine retained (measured in runJob), added to every figure. */
async function measureWorkload(api: WasmApi, job: WorkloadJob, loadBytes: number): Promise<WorkloadResult> {
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
    for (let i = 0; i < WARMUP_MAX_RUNS && (i < job.warmup || (job.warmup > 0 && performance.now() - warmStart < job.warmupMs)); i++) {
      const before = performance.now();
      result.checksum = check(run(job.n));
      if (i === 0) result.firstRunMs = performance.now() - before;
      samples.push(snapshot());
    }
    const times: number[] = [];
    const gcs = gcCounter();
    const started = performance.now();
    while (times.length < job.reps) {
      t = performance.now();
      const r = run(job.n);
      times.push(performance.now() - t);
      result.checksum = check(r);
      samples.push(snapshot());
      if (performance.now() - started > job.budgetSeconds * 1000) break;
    }
    result.gcDuringRuns = await gcs.stop(started, performance.now());
    result.timesMs = times;
    result.medianMs = median(times);
    const linear = linearMemorySize(instance.exports);
    keepAlive.push(module, instance);
    collectGarbage?.();
    const retained = snapshot();
    result.memory = {
      retained: loadBytes + engineBytes(retained, base, linear),
      peakSampled: loadBytes + Math.max(...samples.map((s) => engineBytes(s, base, linear))),
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

/** Times f over warm-up + reps calls, each on prepare(a fresh distinct copy of the module); prepare is untimed. */
type Timer = (f: (input: unknown) => void, prepare?: (bytes: Uint8Array) => unknown) => number[];

/** `bytes` plus a custom section named "bench" holding `k`: a different but equivalent module. */
function distinctCopy(bytes: Uint8Array, k: number): Uint8Array {
  const custom = [0x00, 10, 5, 0x62, 0x65, 0x6e, 0x63, 0x68, k & 0xff, (k >>> 8) & 0xff, (k >>> 16) & 0xff, (k >>> 24) & 0xff];
  const out = new Uint8Array(bytes.length + custom.length);
  out.set(bytes);
  out.set(custom, bytes.length);
  return out;
}

/** `api` is undefined when the engine did not load (`loadError`); wagonette's phase breakdown may still work. */
async function measureStartup(api: WasmApi | undefined, loadError: string, job: StartupJob): Promise<StartupResult> {
  const result: StartupResult = { engine: job.engine, ok: false, bytes: job.bytes.length };
  const mb = job.bytes.length / 1e6;
  // Each call gets its own copy of the module, made distinct by a trailing custom
  // section: V8 caches compiled modules by their bytes, and a cache hit is not start-up.
  let copies = 0;
  const timed: Timer = (f, prepare = (bytes) => bytes) => {
    const times: number[] = [];
    for (let i = 0; i < job.warmup; i++) f(prepare(distinctCopy(job.bytes, copies++)));
    const started = performance.now();
    while (times.length < job.reps) {
      const input = prepare(distinctCopy(job.bytes, copies++));
      const t = performance.now();
      f(input);
      times.push(performance.now() - t);
      if (performance.now() - started > job.budgetSeconds * 1000) break;
    }
    return times;
  };
  if (api === undefined) {
    result.error = loadError;
  } else {
    try {
      result.validateMs = timed((bytes) => {
        if (!api.validate(bytes as Uint8Array)) throw new Error('validate() returned false for the generated module');
      });
      result.validateMBps = mb / (median(result.validateMs) / 1000);
      result.compileMs = timed((bytes) => {
        new api.Module(bytes as Uint8Array);
      });
      result.compileMBps = mb / (median(result.compileMs) / 1000);
      const bytes = distinctCopy(job.bytes, copies++);
      collectGarbage?.();
      const base = snapshot();
      keepAlive.push(new api.Module(bytes));
      collectGarbage?.();
      result.moduleRetainedBytes = engineBytes(snapshot(), base, 0);
      keepAlive.length = 0;
      result.ok = true;
    } catch (e) {
      result.error = describe(e);
    }
  }
  if (job.engine === 'wagonette') result.phases = await measurePhases(job, timed, mb);
  return result;
}

async function measurePhases(job: StartupJob, timed: Timer, mb: number): Promise<PhaseTimes> {
  const phases: PhaseTimes = {};
  try {
    const { decodeModule, validateModule } = await loadPhases(job.wagonetteEntry);
    phases.decodeMs = timed((bytes) => void decodeModule(bytes as Uint8Array));
    phases.decodeMBps = mb / (median(phases.decodeMs) / 1000);
    // Each validation gets a freshly decoded module (decoding untimed), as validate(bytes) does.
    phases.validateMs = timed((ast) => void validateModule(ast), (bytes) => decodeModule(bytes));
    phases.validateMBps = mb / (median(phases.validateMs) / 1000);
  } catch (e) {
    phases.error = describe(e);
  }
  return phases;
}

export async function runJob(job: Job): Promise<WorkloadResult | StartupResult> {
  let api: WasmApi | undefined;
  let loadError = '';
  collectGarbage?.();
  const beforeLoad = snapshot();
  try {
    api = await loadEngine(job.engine, job.wagonetteEntry);
  } catch (e) {
    loadError = `engine unavailable: ${describe(e)}`;
  }
  if (job.kind === 'startup') return measureStartup(api, loadError, job);
  if (api === undefined) return { engine: job.engine, ok: false, error: loadError };
  collectGarbage?.();
  return measureWorkload(api, job, engineBytes(snapshot(), beforeLoad, 0));
}
