// The SIMD helper functions the compiled code calls by index (SIMD_* codes): the
// compiler registers each helper it emits once; the interpreter calls SIMD_FNS[i].

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const SIMD_FNS: ((...a: any[]) => any)[] = [];
const simdIndex = new Map<unknown, number>();

/** The index of helper `f`, registering it on first use. */
export function simdFn(f: unknown): number {
  let i = simdIndex.get(f);
  if (i === undefined) {
    if (typeof f !== 'function') throw new Error('missing SIMD helper');
    i = SIMD_FNS.length;
    SIMD_FNS.push(f as (...a: unknown[]) => unknown);
    simdIndex.set(f, i);
  }
  return i;
}
