// Statistics and memory sampling for the harness.

import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

export function median(xs: readonly number[]): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

export function geomean(xs: readonly number[]): number {
  if (xs.length === 0) return NaN;
  return Math.exp(xs.reduce((acc, x) => acc + Math.log(x), 0) / xs.length);
}

/** A full garbage collection, when it can be had (exposed via a V8 flag at run time). */
export const collectGarbage: (() => void) | undefined = (() => {
  try {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as unknown;
    return typeof gc === 'function' ? (gc as () => void) : undefined;
  } catch {
    return undefined;
  }
})();

/** Memory of the current thread's isolate (process.memoryUsage() is per-thread in a worker, except rss). */
export interface MemSnapshot {
  /** Live + not yet collected JS heap objects. */
  heapUsed: number;
  /** JS heap the isolate has committed (grows with the high-water mark, shrinks lazily). */
  heapCommitted: number;
  /** Off-heap ArrayBuffer backing stores (linear memories, typed-array stacks, ...). */
  arrayBuffers: number;
}

export function snapshot(): MemSnapshot {
  const h = getHeapStatistics();
  return { heapUsed: h.used_heap_size, heapCommitted: h.total_heap_size, arrayBuffers: process.memoryUsage().arrayBuffers };
}
