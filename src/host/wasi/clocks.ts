// Clocks and sleeping for clock_time_get / poll_oneoff, without Node imports.

import { ClockId } from './constants.js';
import { Errno, WasiError } from './errno.js';

interface ProcessCpu { cpuUsage?(): { user: number; system: number } }

/** Current time of a WASI clock in nanoseconds. */
export function clockNow(id: number): bigint {
  switch (id) {
    case ClockId.REALTIME:
      // Microseconds fit a double exactly; scale in BigInt.
      return BigInt(Math.floor((performance.timeOrigin + performance.now()) * 1000)) * 1000n;
    case ClockId.MONOTONIC:
      return BigInt(Math.floor(performance.now() * 1e6));
    case ClockId.PROCESS_CPUTIME:
    case ClockId.THREAD_CPUTIME: {
      const usage = (globalThis as { process?: ProcessCpu }).process?.cpuUsage?.();
      if (usage) return BigInt(usage.user + usage.system) * 1000n;
      return BigInt(Math.floor(performance.now() * 1e6));
    }
    default:
      throw new WasiError(Errno.INVAL);
  }
}

/** Resolution of a WASI clock in nanoseconds (what the time sources above deliver). */
export function clockResolution(id: number): bigint {
  switch (id) {
    case ClockId.REALTIME: return 1000n;
    case ClockId.MONOTONIC: return 1000n;
    case ClockId.PROCESS_CPUTIME:
    case ClockId.THREAD_CPUTIME: return 1000n;
    default: throw new WasiError(Errno.INVAL);
  }
}

let sleepCell: Int32Array | null = null;

/** Block the thread for `ns` nanoseconds (WASI calls are synchronous). */
export function sleepNs(ns: bigint): void {
  if (ns <= 0n) return;
  const ms = Number(ns) / 1e6;
  try {
    sleepCell ??= new Int32Array(new SharedArrayBuffer(4));
    Atomics.wait(sleepCell, 0, 0, ms);
    return;
  } catch {
    // Atomics.wait is not allowed here (a browser main thread): spin instead.
  }
  const end = performance.now() + ms;
  while (performance.now() < end) { /* spin */ }
}
