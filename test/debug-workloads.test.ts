// Debug-compiled code must compute exactly what normal code computes: every
// benchmark workload, run in a debug session (a DEBUG stop before each
// instruction, counted as fuel; the first 200 stepped with the state read at
// each), gives the native reference checksum; after detaching, so does normal code.

import { describe, expect, it } from 'vitest';
import { Instance, Module } from '../src/api/jsapi.js';
import { Debugger } from '../src/debug/index.js';
import { asU32, expectedChecksum, loadWorkloads, workloadBytes } from '../bench/workloads.js';

describe('debug-compiled workloads', () => {
  for (const w of loadWorkloads()) {
    it(`${w.name}: run(testN) matches the reference with a debugger attached`, () => {
      const inst = new Instance(new Module(workloadBytes(w)), {});
      const run = inst.exports['run'] as (n: number) => unknown;
      const dbg = new Debugger(inst);
      dbg.fuel = Number.MAX_SAFE_INTEGER;
      // Step (reading frames, locals and stack at each stop), then run to the end.
      const s = dbg.start('run', [w.testN]);
      for (let i = 0; i < 200 && s.state === 'paused'; i++) {
        s.frames();
        s.locals();
        s.stack();
        s.step();
      }
      const r = s.continue();
      expect(typeof r === 'object' && 'done' in r && r.done[0].type === 'i32' ? asU32(r.done[0].value) : r)
        .toBe(expectedChecksum(w.name, w.testN));
      expect(dbg.executed).toBeGreaterThan(200);
      expect(dbg.fuel).toBe(Number.MAX_SAFE_INTEGER - dbg.executed);
      dbg.detach();
      expect(asU32(run(w.testN))).toBe(expectedChecksum(w.name, w.testN));
    }, 60_000);
  }
});
