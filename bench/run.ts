// The benchmark harness: `npm run bench` (node dist/bench/run.js).
// Runs every workload on Node's native WebAssembly and on wagonette, each job in
// its own worker thread, and prints per workload the median run() time on both,
// the ratio wagonette/native and the engine memory, then the geometric mean of
// the ratios over the compute workloads, then the start-up workload (decode +
// validate and decode + validate + compile throughput on a generated ~10 MiB module).
//
// Options:
//   --filter A,B     only workloads whose name contains A or B ("startup" selects the start-up workload)
//   --reps N         measured repetitions per workload and engine (default 5; after --warmup runs)
//   --warmup N       unmeasured runs first (default 3; 0 = none)
//   --warmup-ms MS   continue warming up until MS ms were spent (default 3000)
//   --quick          small sizes (quickN), 3 reps, 500 ms of warm-up, start-up with 1 rep
//   --budget S       stop adding repetitions after S seconds of measured runs (default 30; at least 1 rep)
//   --timeout S      abandon a job (one workload on one engine) after S seconds (default 600)
//   --engines LIST   native,wagonette (default both)
//   --json FILE      also write the results as JSON
//   --list           list the workloads and exit
//   --wagonette FILE measure this build of wagonette (a module exporting `WebAssembly`; default dist/src/index.js)

import { writeFileSync } from 'node:fs';
import { arch, cpus, platform } from 'node:os';
import { Worker } from 'node:worker_threads';
import { pathToFileURL } from 'node:url';
import { DEFAULT_WAGONETTE_ENTRY, ENGINES, loadEngine, type EngineName } from './engines.js';
import { generateBigModule } from './gen-big-module.js';
import { explainMemory, type Job, type StartupResult, type WorkloadResult } from './jobs.js';
import { collectGarbage, geomean, median } from './measure.js';
import { expectedChecksum, loadWorkloads, workloadBytes, type Workload } from './workloads.js';

interface Options {
  filter: string[];
  reps: number;
  warmup: number;
  warmupMs: number;
  quick: boolean;
  budgetSeconds: number;
  timeoutSeconds: number;
  engines: EngineName[];
  json: string | undefined;
  wagonetteEntry: string;
}

const USAGE = 'usage: node dist/bench/run.js [--filter A,B] [--reps N] [--warmup N] [--warmup-ms MS] [--quick] [--budget S] [--timeout S] [--engines native,wagonette] [--json FILE] [--wagonette FILE] [--list]';

function parseArgs(argv: string[]): Options {
  const o: Options = { filter: [], reps: 5, warmup: 3, warmupMs: 3000, quick: false, budgetSeconds: 30, timeoutSeconds: 600, engines: [...ENGINES], json: undefined, wagonetteEntry: DEFAULT_WAGONETTE_ENTRY };
  let repsGiven = false, warmupMsGiven = false;
  const value = (i: number): string => {
    const v = argv[i + 1];
    if (v === undefined) throw new Error(`${argv[i]} needs a value\n${USAGE}`);
    return v;
  };
  const count = (i: number, min: number): number => {
    const n = Number(value(i));
    if (!Number.isInteger(n) || n < min) throw new Error(`${argv[i]} needs an integer >= ${min}`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    switch (argv[i]) {
      case '--filter': o.filter = value(i).split(',').filter((s) => s !== ''); i++; break;
      case '--reps': o.reps = count(i, 1); repsGiven = true; i++; break;
      case '--warmup': o.warmup = count(i, 0); i++; break;
      case '--warmup-ms': o.warmupMs = count(i, 0); warmupMsGiven = true; i++; break;
      case '--quick': o.quick = true; break;
      case '--budget': o.budgetSeconds = Number(value(i)); i++; break;
      case '--timeout': o.timeoutSeconds = Number(value(i)); i++; break;
      case '--json': o.json = value(i); i++; break;
      case '--wagonette': o.wagonetteEntry = pathToFileURL(value(i)).href; i++; break;
      case '--engines': {
        const names = value(i).split(',');
        for (const n of names) if (!ENGINES.includes(n as EngineName)) throw new Error(`unknown engine ${n} (have: ${ENGINES.join(', ')})`);
        o.engines = names as EngineName[];
        i++;
        break;
      }
      case '--help': case '-h': console.log(USAGE); process.exit(0); break;
      case '--list':
        for (const w of loadWorkloads()) console.log(`${pad(w.name, 10)} ${pad(w.category, 8)} n=${w.defaultN} (quick ${w.quickN})  ${w.what}`);
        console.log(`${pad('startup', 10)} ${pad('startup', 8)} generated ~11 MB module: decode+validate and decode+validate+compile MB/s`);
        process.exit(0);
        break;
      default: throw new Error(`unknown argument ${argv[i]}\n${USAGE}`);
    }
  }
  if (o.quick && !repsGiven) o.reps = 3;
  if (o.quick && !warmupMsGiven) o.warmupMs = 500;
  if (!(o.budgetSeconds > 0) || !(o.timeoutSeconds > 0)) throw new Error('--budget and --timeout need positive numbers of seconds');
  return o;
}

function selected(name: string, filter: string[]): boolean {
  return filter.length === 0 || filter.some((f) => name.includes(f));
}

/** Run one job in a fresh worker; a timeout or a crashed worker becomes an error result. */
function inWorker<R>(job: Job, timeoutSeconds: number, failed: (error: string) => R): Promise<R> {
  return new Promise((resolve) => {
    const worker = new Worker(new URL('./worker.js', import.meta.url), { workerData: job });
    let settled = false;
    const finish = (r: R): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void worker.terminate();
      resolve(r);
    };
    const timer = setTimeout(() => finish(failed(`timed out after ${timeoutSeconds} s`)), timeoutSeconds * 1000);
    worker.on('message', (r: R) => finish(r));
    worker.on('error', (e: Error) => finish(failed(`worker crashed: ${e.name}: ${e.message}`)));
    worker.on('exit', (code) => finish(failed(`worker exited with code ${code} before reporting`)));
  });
}

interface WorkloadRow {
  name: string;
  category: string;
  n: number;
  expected: number | undefined;
  results: Partial<Record<EngineName, WorkloadResult>>;
  /** median wagonette / median native, when both ran. */
  ratio?: number;
  /** fastest wagonette run / fastest native run: on a shared, noisy host the less disturbed figure. */
  bestRatio?: number;
}

const fmtMs = (ms: number | undefined): string => (ms === undefined ? '-' : ms >= 100 ? ms.toFixed(0) : ms >= 10 ? ms.toFixed(1) : ms.toFixed(2));
const fmtMB = (b: number | undefined): string => (b === undefined ? '-' : (b / (1 << 20)).toFixed(1));
const pad = (s: string, n: number): string => (s.length >= n ? s : s + ' '.repeat(n - s.length));
const padL = (s: string, n: number): string => (s.length >= n ? s : ' '.repeat(n - s.length) + s);

function cell(r: WorkloadResult | undefined): string {
  if (r === undefined) return '(not run)';
  if (!r.ok) return 'ERROR';
  return `${fmtMs(r.medianMs)}${r.timesMs !== undefined && r.timesMs.length > 1 ? '' : '*'}`;
}

function printRow(row: WorkloadRow, engines: EngineName[]): void {
  const cols = [pad(row.name, 10), padL(String(row.n), 9)];
  for (const e of engines) cols.push(padL(cell(row.results[e]), 11));
  if (engines.length === 2) {
    cols.push(padL(row.ratio === undefined ? '-' : `${row.ratio.toFixed(1)}x`, 8));
    cols.push(padL(row.bestRatio === undefined ? '-' : `${row.bestRatio.toFixed(1)}x`, 7));
  }
  if (engines.includes('wagonette')) {
    const w = row.results['wagonette'];
    cols.push(padL(fmtMs(w?.compileMs), 9));
    cols.push(padL(w?.memory === undefined ? '-' : `${fmtMB(w.memory.retained)}/${fmtMB(w.memory.peakSampled)}`, 13));
    cols.push(padL(w?.gcDuringRuns === undefined ? '-' : `${w.gcDuringRuns.minor}/${w.gcDuringRuns.major}`, 6));
  }
  const errors = engines.flatMap((e) => {
    const r = row.results[e];
    if (r === undefined || r.ok) return [];
    return [r.error?.startsWith('engine unavailable') ? `${e}: unavailable (see above)` : `${e}: ${r.error ?? 'failed'}`];
  });
  console.log(cols.join(' ') + (errors.length > 0 ? `  ${errors.join('; ').slice(0, 300)}` : ''));
}

async function main(): Promise<void> {
  const opts = parseArgs(process.argv.slice(2));
  const workloads = loadWorkloads().filter((w) => selected(w.name, opts.filter));
  const doStartup = selected('startup', opts.filter);
  const settings = { wagonetteEntry: opts.wagonetteEntry, warmup: opts.warmup, warmupMs: opts.warmupMs, reps: opts.reps, budgetSeconds: opts.budgetSeconds };
  console.log(`wagonette bench: node ${process.version} ${platform()}/${arch()} ${cpus()[0]?.model ?? ''}`);
  console.log(`${opts.quick ? 'quick sizes' : 'default sizes'}, ${opts.warmup} warm-up (at least ${opts.warmupMs} ms) + up to ${opts.reps} measured runs (budget ${opts.budgetSeconds} s), medians in ms; each job in its own worker`);
  if (collectGarbage === undefined) console.log('note: could not force GC; memory numbers include garbage');
  // An engine that cannot even load is reported once, and its jobs are not started.
  const unavailable: Partial<Record<EngineName, string>> = {};
  for (const e of opts.engines) {
    try {
      await loadEngine(e, opts.wagonetteEntry);
    } catch (err) {
      unavailable[e] = err instanceof Error ? err.message : String(err);
      console.log(`${e} is unavailable, its jobs fail: ${unavailable[e]}`);
    }
  }
  const unavailableError = (e: EngineName): string => `engine unavailable: ${unavailable[e]}`;
  console.log('');

  const rows: WorkloadRow[] = [];
  if (workloads.length > 0) {
    const head = [pad('workload', 10), padL('n', 9), ...opts.engines.map((e) => padL(`${e} ms`, 11))];
    if (opts.engines.length === 2) head.push(padL('ratio', 8), padL('best', 7));
    if (opts.engines.includes('wagonette')) head.push(padL('w.compile', 9), padL('w.mem MB r/p', 13), padL('w.gc', 6));
    console.log(head.join(' '));
    for (const w of workloads) {
      const n = opts.quick ? w.quickN : w.defaultN;
      const row: WorkloadRow = { name: w.name, category: w.category, n, expected: expectedChecksum(w.name, n), results: {} };
      const bytes = workloadBytes(w);
      for (const engine of opts.engines) {
        if (unavailable[engine] !== undefined) {
          row.results[engine] = { engine, ok: false, error: unavailableError(engine) };
          continue;
        }
        const job: Job = { kind: 'workload', engine, name: w.name, n, bytes, expected: row.expected, ...settings };
        row.results[engine] = await inWorker<WorkloadResult>(job, opts.timeoutSeconds, (error) => ({ engine, ok: false, error }));
      }
      const nat = row.results['native'];
      const wag = row.results['wagonette'];
      if (nat?.ok && wag?.ok && nat.medianMs !== undefined && wag.medianMs !== undefined && nat.medianMs > 0) row.ratio = wag.medianMs / nat.medianMs;
      if (nat?.ok && wag?.ok && nat.timesMs?.length && wag.timesMs?.length) row.bestRatio = Math.min(...wag.timesMs) / Math.min(...nat.timesMs);
      rows.push(row);
      printRow(row, opts.engines);
    }
    console.log('');
    console.log('(ratio = median wagonette / median native; best = fastest run / fastest run, less disturbed by other load on a shared host;');
    console.log(' * = a single measured run; w.compile = wagonette new Module ms; w.mem = wagonette engine memory beyond linear memory, retained/peak-sampled;');
    console.log(' w.gc = minor/major GCs that started during wagonette\'s measured runs: an engine that allocated per executed instruction would show hundreds)');
    if (opts.engines.includes('wagonette')) console.log(`memory: ${explainMemory}`);
  }

  const compute = rows.filter((r) => r.category === 'compute');
  const ratios = compute.flatMap((r) => (r.ratio === undefined ? [] : [r.ratio]));
  const gm = ratios.length > 0 ? geomean(ratios) : undefined;
  const bests = compute.flatMap((r) => (r.bestRatio === undefined ? [] : [r.bestRatio]));
  const gmBest = bests.length > 0 ? geomean(bests) : undefined;
  if (compute.length > 0 && opts.engines.length === 2) {
    console.log(
      gm === undefined
        ? `geomean wagonette/native: n/a (0 of ${compute.length} compute workloads ran on both engines)`
        : `geomean wagonette/native over ${ratios.length} of ${compute.length} compute workloads: ${gm.toFixed(2)}x${ratios.length < compute.length ? ' (INCOMPLETE: some workloads failed)' : ''}` +
          (gmBest === undefined ? '' : ` (of best runs: ${gmBest.toFixed(2)}x)`),
    );
    const simd = rows.filter((r) => r.category === 'simd');
    for (const r of simd) console.log(`simd workload ${r.name}: ${r.ratio === undefined ? 'did not run on both engines' : `${r.ratio.toFixed(2)}x`} (not in the geomean)`);
  }

  let startup: { bytes: number; functions: number; generateMs: number; results: Partial<Record<EngineName, StartupResult>> } | undefined;
  if (doStartup) {
    const t = performance.now();
    const big = generateBigModule();
    const generateMs = performance.now() - t;
    startup = { bytes: big.bytes.length, functions: big.functions, generateMs, results: {} };
    console.log('');
    console.log(`start-up: generated module ${(big.bytes.length / 1e6).toFixed(2)} MB, ${big.functions} functions (bench/gen-big-module.ts, ${generateMs.toFixed(0)} ms)`);
    const reps = opts.quick ? 1 : Math.min(opts.reps, 3);
    for (const engine of opts.engines) {
      const job: Job = { kind: 'startup', engine, bytes: big.bytes, wagonetteEntry: opts.wagonetteEntry, warmup: opts.quick ? 0 : 1, warmupMs: 0, reps, budgetSeconds: opts.budgetSeconds };
      // Started even for an unavailable engine: wagonette's decode/validate breakdown may still work.
      const r = await inWorker<StartupResult>(job, opts.timeoutSeconds, (error) => ({ engine, ok: false, error, bytes: big.bytes.length }));
      startup.results[engine] = r;
      const med = (xs: number[] | undefined): number | undefined => (xs === undefined ? undefined : median(xs));
      if (r.ok) {
        console.log(
          `  ${pad(engine, 10)} decode+validate ${padL(r.validateMBps!.toFixed(1), 7)} MB/s (${fmtMs(med(r.validateMs))} ms)   ` +
            `decode+validate+compile ${padL(r.compileMBps!.toFixed(1), 7)} MB/s (${fmtMs(med(r.compileMs))} ms)   module retained ${fmtMB(r.moduleRetainedBytes)} MB`,
        );
      } else {
        console.log(`  ${pad(engine, 10)} ERROR ${r.error?.startsWith('engine unavailable') && unavailable[engine] !== undefined ? 'unavailable (see above)' : (r.error ?? '')}`);
      }
      const p = r.phases;
      if (p !== undefined) {
        console.log(
          p.error !== undefined
            ? `  ${pad('', 10)} phases: unavailable (${p.error})`
            : `  ${pad('', 10)} phases: decode ${p.decodeMBps!.toFixed(1)} MB/s (${fmtMs(med(p.decodeMs))} ms), validate ${p.validateMBps!.toFixed(1)} MB/s (${fmtMs(med(p.validateMs))} ms) [internal decodeModule / validateModule]`,
        );
      }
    }
    console.log('  (decode+validate = validate(bytes); +compile = new Module(bytes). V8 compiles function bodies lazily, so its Module time is mostly decode+validate.)');
  }

  if (opts.json !== undefined) {
    const report = {
      date: new Date().toISOString(),
      node: process.version,
      platform: `${platform()}/${arch()}`,
      cpu: cpus()[0]?.model,
      options: opts,
      memoryNote: explainMemory,
      workloads: rows.map((r) => ({ ...r, what: workloads.find((w: Workload) => w.name === r.name)?.what })),
      geomean: { ratio: gm ?? null, bestRatio: gmBest ?? null, workloads: ratios.length, of: compute.length },
      startup: startup ?? null,
    };
    writeFileSync(opts.json, JSON.stringify(report, null, 2) + '\n');
    console.log(`\nwrote ${opts.json}`);
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : String(e));
  process.exit(2);
});
