// The benchmark workload manifest (bench/workloads.json), the built modules
// (bench/wasm/<name>.wasm) and their reference checksums (bench/expected.json,
// written by bench/build.sh from native builds of the same C). Shared by the
// harness and the tests; works from bench/ (vitest) and dist/bench/ (npm run bench).

import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export type WorkloadCategory = 'compute' | 'simd';

export interface Workload {
  name: string;
  category: WorkloadCategory;
  /** Size for the full benchmark: a native run takes roughly 50-200 ms. */
  defaultN: number;
  /** Size for --quick: a native run takes a few ms. */
  quickN: number;
  /** Tiny size for the tests on wagonette (an interpreter): a native run takes well under 1 ms. */
  testN: number;
  /** One line: what the workload exercises. */
  what: string;
}

/** The repository root: the nearest ancestor of this file holding package.json. */
export function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    const up = dirname(dir);
    if (up === dir) throw new Error('bench: cannot find the repository root (no package.json above bench/)');
    dir = up;
  }
}

export function benchDir(): string {
  return join(repoRoot(), 'bench');
}

export function loadWorkloads(): Workload[] {
  const manifest = JSON.parse(readFileSync(join(benchDir(), 'workloads.json'), 'utf8')) as { workloads: Workload[] };
  return manifest.workloads;
}

/** The module's bytes as a plain Uint8Array (not a Node Buffer). */
export function workloadBytes(w: Workload): Uint8Array {
  return new Uint8Array(readFileSync(join(benchDir(), 'wasm', `${w.name}.wasm`)));
}

let expectedCache: Record<string, Record<string, number>> | undefined;

/** The native reference checksum of run(n), or undefined when build.sh did not compute it for this n. */
export function expectedChecksum(name: string, n: number): number | undefined {
  expectedCache ??= JSON.parse(readFileSync(join(benchDir(), 'expected.json'), 'utf8')) as Record<string, Record<string, number>>;
  return expectedCache[name]?.[String(n)];
}

/** run() returns an i32 (a JS number, signed); checksums are compared as u32. */
export function asU32(result: unknown): number {
  if (typeof result === 'number') return result >>> 0;
  if (typeof result === 'bigint') return Number(BigInt.asUintN(32, result));
  throw new Error(`run() returned ${typeof result}, expected a number`);
}
