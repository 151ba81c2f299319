// `wasm-run wast [--json OUT] [--mode validation] [--verbose] [--jobs N] [--timeout S]
//  [--suite] [--exit-zero] [--groups FILE] PATH...`: run spec scripts and print per-file and total counts.
// --suite adds the official suite's folder; --exit-zero exits 0 even when commands fail
// (for rewriting the baseline); --jobs 0 runs in this thread without time limits;
// --groups adds totals per group of files (see ../shared/spec-groups.json).

import { readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { collectWastFiles, findSuite, SUITE_MISSING_HELP, type WastFile } from './wast-files.js';
import { InputError } from './load.js';
import { runFiles, summarize, summaryJson, type Summary } from './wast-pool.js';
import type { FileReport, RunMode } from './wast-runner.js';
import { flagValue, UsageError } from './usage.js';

interface WastArgs {
  paths: string[];
  json?: string;
  mode: RunMode;
  verbose: boolean;
  jobs: number;
  timeoutMs: number;
  exitZero: boolean;
  groups?: string;
}

function parseArgs(args: string[]): WastArgs {
  const a: WastArgs = { paths: [], mode: 'full', verbose: false, jobs: 1, timeoutMs: 300_000, exitZero: false };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    switch (arg) {
      case '--json': a.json = flagValue(args, i++, arg); break;
      case '--mode': {
        const m = flagValue(args, i++, arg);
        if (m !== 'validation' && m !== 'full') throw new UsageError(`--mode must be "validation" or "full", not "${m}"`);
        a.mode = m;
        break;
      }
      case '--verbose': case '-v': a.verbose = true; break;
      case '--exit-zero': a.exitZero = true; break;
      case '--groups': a.groups = flagValue(args, i++, arg); break;
      case '--suite': {
        const suite = findSuite();
        if (!suite) throw new InputError(SUITE_MISSING_HELP);
        a.paths.push(suite);
        break;
      }
      case '--jobs': case '-j': {
        const n = Number(flagValue(args, i++, arg));
        if (!Number.isInteger(n) || n < 0) throw new UsageError('--jobs needs a whole number (0 = run in this thread)');
        a.jobs = n;
        break;
      }
      case '--timeout': {
        const s = Number(flagValue(args, i++, arg));
        if (!(s > 0)) throw new UsageError('--timeout needs a positive number of seconds');
        a.timeoutMs = s * 1000;
        break;
      }
      default:
        if (arg.startsWith('-') && arg !== '-') throw new UsageError(`unknown flag for wast: ${arg}`);
        a.paths.push(arg);
    }
  }
  if (a.paths.length === 0) throw new UsageError('wast needs at least one .wast file or folder (or --suite)');
  a.jobs = Math.min(a.jobs, Math.max(1, availableParallelism()));
  return a;
}

/** Each failure (file:line, command, expected vs got, the command's first line), then each skip's reason. */
function printDetails(key: string, r: FileReport, out: (s: string) => void): void {
  for (const o of r.outcomes) {
    if (o.status !== 'failed') continue;
    out(`  ${key}:${o.line}: ${o.command}: ${o.detail ?? ''}`);
    if (o.source) out(`      ${o.source}`);
  }
  for (const o of r.outcomes) {
    if (o.status === 'skipped') out(`  ${key}:${o.line}: (skipped) ${o.command}: ${o.detail ?? ''}`);
  }
}

/** Totals per group of a `{"group": ["file key", ...]}` JSON file (like spec-groups.json). */
function printGroups(path: string, s: Summary, out: (s: string) => void): void {
  let groups: Record<string, string[]>;
  try {
    groups = JSON.parse(readFileSync(path, 'utf8')) as Record<string, string[]>;
  } catch (e) {
    throw new InputError(`${path}: cannot read groups (${(e as Error).message})`);
  }
  for (const [name, keys] of Object.entries(groups)) {
    const t = { passed: 0, failed: 0, skipped: 0, missing: 0 };
    for (const k of keys) {
      const f = s.files[k];
      if (!f) { t.missing++; continue; }
      t.passed += f.passed; t.failed += f.failed; t.skipped += f.skipped;
    }
    const total = t.passed + t.failed + t.skipped;
    const pct = total > 0 ? ((100 * t.passed) / total).toFixed(1) : '0.0';
    out(`group ${name}: ${t.passed} passed, ${t.failed} failed, ${t.skipped} skipped (${pct}% of ${total} in ${keys.length - t.missing} files${t.missing ? `, ${t.missing} not run` : ''})`);
  }
}

/** Returns the exit code: 0 when nothing failed, 1 otherwise. */
export async function wastCommand(args: string[], out: (s: string) => void = console.log): Promise<number> {
  const a = parseArgs(args);
  const files = collectWastFiles(a.paths);
  // Lines are printed in file order as soon as each file and all before it are done,
  // so output never depends on scheduling.
  const done = new Map<WastFile, FileReport>();
  let cursor = 0;
  const onFile = (file: WastFile, report: FileReport) => {
    done.set(file, report);
    for (let f = files[cursor]; f && done.has(f); f = files[++cursor]) {
      const r = done.get(f)!;
      out(`${f.key}: ${r.passed} passed, ${r.failed} failed, ${r.skipped} skipped`);
      if (a.verbose) printDetails(f.key, r, out);
    }
  };
  const results = await runFiles(files, { mode: a.mode, jobs: a.jobs, timeoutMs: a.timeoutMs, onFile });
  const s = summarize(results);
  out(`${s.passed} passed, ${s.failed} failed, ${s.skipped} skipped`);
  if (a.groups) printGroups(a.groups, s, out);
  if (a.json) writeFileSync(a.json, summaryJson(s));
  return s.failed === 0 || a.exitZero ? 0 : 1;
}
