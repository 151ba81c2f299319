// Validation of the start-up workload (a generated module of compiled-looking code).
// Speed is measured by `npm run bench` (start-up line), not asserted here: the rate is
// only printed. Full size: VALID_PERF_MIB=10.5 npx vitest run test/valid-perf.test.ts
import { describe, expect, it } from 'vitest';
import { generateBigModule } from '../bench/gen-big-module.js';
import { decodeModule } from '../src/binary/decode.js';
import { validateModule } from '../src/valid/validate.js';

describe('validation throughput', () => {
  it('validates the generated start-up module (and prints the rate)', () => {
    const mib = Number(process.env.VALID_PERF_MIB ?? 2);
    const { bytes } = generateBigModule({ targetBytes: Math.round(mib * 1024 * 1024) });
    const t0 = performance.now();
    const m = decodeModule(bytes, { eagerBodies: true });
    const t1 = performance.now();
    // Best of three, in process CPU time (wall time on a shared machine mostly measures the neighbours).
    let best = Infinity, bestWall = Infinity;
    let instrs = 0, validated = 0;
    for (let r = 0; r < 3; r++) {
      const w = performance.now();
      const c = process.cpuUsage();
      const info = validateModule(m);
      const used = process.cpuUsage(c);
      best = Math.min(best, (used.user + used.system) / 1000);
      bestWall = Math.min(bestWall, performance.now() - w);
      instrs = info.funcs.reduce((n, f) => n + f.heights.length, 0);
      validated = info.funcs.length;
    }
    const mb = bytes.length / 1048576;
    console.log(`valid-perf: ${mb.toFixed(1)} MiB, ${instrs} instructions: decode ${(t1 - t0).toFixed(0)} ms, ` +
      `validate best ${best.toFixed(0)} ms CPU (${bestWall.toFixed(0)} ms wall) = ${(mb / (best / 1000)).toFixed(1)} MiB/s, ` +
      `${((best * 1e6) / instrs).toFixed(1)} ns/instr`);
    expect(instrs).toBeGreaterThan(100000);
    expect(validated).toBe(m.funcs.length);
  });
});
