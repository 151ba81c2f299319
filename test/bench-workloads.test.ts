// Correctness of the benchmark workloads (never timing): every built module is
// export-only and its run(n) checksum equals the reference computed by
// bench/build.sh from native gcc/clang builds of the same C, on Node's
// WebAssembly and on wagonette. Also checks the start-up module generator.

import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { generateBigModule } from '../bench/gen-big-module.js';
import { decodeModule } from '../src/binary/decode.js';
import { OP_BY_CODE } from '../src/binary/opcodes.js';
import { asU32, expectedChecksum, loadWorkloads, workloadBytes, type Workload } from '../bench/workloads.js';

interface Api {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
  validate(bytes: Uint8Array): boolean;
}

const workloads = loadWorkloads();

function instantiate(api: Api, w: Workload): Record<string, unknown> {
  return new api.Instance(new api.Module(workloadBytes(w)), {}).exports;
}

function runChecksum(exports: Record<string, unknown>, n: number): number {
  return asU32((exports['run'] as (n: number) => unknown)(n));
}

// wagonette is probed once: while its package entry cannot load or cannot run
// a trivial module, its tests are skipped with the reason in their titles.
const SMALLEST = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, // header
  0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7f, // type: () -> i32
  0x03, 0x02, 0x01, 0x00, // func 0: type 0
  0x07, 0x07, 0x01, 0x03, 0x72, 0x75, 0x6e, 0x00, 0x00, // export "run"
  0x0a, 0x06, 0x01, 0x04, 0x00, 0x41, 0x2a, 0x0b, // body: i32.const 42
]);
let wagonette: Api | undefined;
let unavailable = '';
try {
  const pkg = (await import('../src/index.js')) as unknown as { WebAssembly?: Api };
  if (pkg.WebAssembly === undefined) throw new Error('src/index.ts exports no WebAssembly namespace');
  const probe = new pkg.WebAssembly.Instance(new pkg.WebAssembly.Module(SMALLEST), {}).exports;
  if ((probe['run'] as () => unknown)() !== 42) throw new Error('a module returning i32.const 42 did not return 42');
  wagonette = pkg.WebAssembly;
} catch (e) {
  unavailable = e instanceof Error ? e.message.split('\n')[0]! : String(e);
}
const wagonetteSkip = wagonette === undefined ? ` (SKIPPED: wagonette cannot run modules yet: ${unavailable})` : '';

// The SIMD workload needs SIMD in the interpreter: probed with f32x4.splat + i32x4.extract_lane.
const SIMD_PROBE = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
  0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7f,
  0x03, 0x02, 0x01, 0x00,
  0x07, 0x07, 0x01, 0x03, 0x72, 0x75, 0x6e, 0x00, 0x00,
  0x0a, 0x0e, 0x01, 0x0c, 0x00,
  0x43, 0x00, 0x00, 0xc0, 0x3f, // f32.const 1.5
  0xfd, 0x13, // f32x4.splat
  0xfd, 0x1b, 0x00, // i32x4.extract_lane 0
  0x0b,
]);
let noSimd = wagonette === undefined ? unavailable : '';
if (wagonette !== undefined) {
  try {
    const r = (new wagonette.Instance(new wagonette.Module(SIMD_PROBE), {}).exports['run'] as () => unknown)();
    if (r !== 0x3fc00000) noSimd = `the SIMD probe returned ${String(r)}, not 0x3fc00000`;
  } catch (e) {
    noSimd = e instanceof Error ? e.message.split('\n')[0]! : String(e);
  }
}
const simdSkip = noSimd !== '' ? ` (SKIPPED: wagonette cannot run SIMD yet: ${noSimd})` : '';

describe('bench workloads on native WebAssembly', () => {
  for (const w of workloads) {
    it(`${w.name}: export-only module whose run(n) matches the native C reference`, () => {
      const module = new WebAssembly.Module(workloadBytes(w));
      expect(WebAssembly.Module.imports(module)).toEqual([]);
      expect(WebAssembly.Module.exports(module).map((e) => e.name)).toContain('run');
      const exports = new WebAssembly.Instance(module, {}).exports as Record<string, unknown>;
      for (const n of [w.testN, w.quickN, w.defaultN]) {
        const expected = expectedChecksum(w.name, n);
        expect(expected, `bench/expected.json has no entry for ${w.name} n=${n}; rerun bench/build.sh`).toBeTypeOf('number');
        expect(runChecksum(exports, n)).toBe(expected);
      }
      // Repeating a run on the same instance gives the same answer (the harness relies on it).
      expect(runChecksum(exports, w.quickN)).toBe(expectedChecksum(w.name, w.quickN));
    });
  }

  it('sha256: the digest equals node:crypto SHA-256 of the same message', () => {
    const w = workloads.find((x) => x.name === 'sha256')!;
    const exports = instantiate(WebAssembly as unknown as Api, w);
    const n = w.quickN;
    runChecksum(exports, n);
    const mem = new Uint8Array((exports['memory'] as WebAssembly.Memory).buffer);
    const msgPtr = (exports['message_ptr'] as () => number)();
    const digestPtr = (exports['digest_ptr'] as () => number)();
    const message = mem.slice(msgPtr, msgPtr + n * 64 - 5);
    const view = new DataView(mem.buffer, digestPtr, 32);
    const words = Array.from({ length: 8 }, (_, i) => view.getUint32(i * 4, true).toString(16).padStart(8, '0'));
    expect(words.join('')).toBe(createHash('sha256').update(message).digest('hex'));
  });

  // Each workload really contains the instructions it is meant to measure (build flags, no devirtualisation).
  const mustContain: Record<string, string[]> = {
    fib: ['call'],
    sieve: ['i32.store8', 'i32.load8_u'],
    nbody: ['f64.sqrt', 'f64.div'],
    matmul: ['f64.mul', 'f64.add', 'f64.load'],
    i64: ['i64.mul', 'i64.div_u', 'i64.rem_u', 'i64.div_s', 'i64.rotl', 'i64.popcnt', 'i64.clz'],
    crc32: ['i32.xor', 'i32.load8_u'],
    sha256: ['i32.rotl', 'i32.add'],
    bulk: ['memory.copy', 'memory.fill'],
    interp: ['call_indirect'],
    raytrace: ['f64.sqrt', 'call'],
    simd: ['f32x4.mul', 'f32x4.le', 'i32x4.sub', 'v128.load'],
  };
  for (const [name, ops] of Object.entries(mustContain)) {
    it(`${name}: contains ${ops.join(', ')}`, () => {
      const m = decodeModule(workloadBytes(workloads.find((w) => w.name === name)!));
      const used = new Set(m.funcs.flatMap((f) => f.body.map((i) => OP_BY_CODE.get(i.op)?.name)));
      for (const op of ops) expect(used, `${name}.wasm lacks ${op}`).toContain(op);
    });
  }

  it('lz77: the reference checksums are not the round-trip failure value 0', () => {
    const w = workloads.find((x) => x.name === 'lz77')!;
    expect(expectedChecksum(w.name, w.quickN)).not.toBe(0);
    expect(expectedChecksum(w.name, w.defaultN)).not.toBe(0);
  });
});

describe('bench workloads on wagonette', () => {
  // Tiny sizes, and a macrotask yield between runs: an interpreter run blocks the
  // test worker, which must keep answering vitest's RPC in between.
  const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));
  for (const w of workloads) {
    const skip = w.category === 'simd' ? simdSkip : wagonetteSkip;
    it.skipIf(skip !== '')(`${w.name}: run(testN) matches the native C reference${skip}`, async () => {
      await yieldToEventLoop();
      const exports = instantiate(wagonette!, w);
      expect(runChecksum(exports, w.testN)).toBe(expectedChecksum(w.name, w.testN));
      await yieldToEventLoop();
      // A second run on the same instance (the harness repeats runs) gives the same answer.
      expect(runChecksum(exports, w.testN)).toBe(expectedChecksum(w.name, w.testN));
    });
  }
});

describe('start-up module generator', () => {
  it('builds a valid module of at least 10 MB, deterministically', () => {
    const a = generateBigModule();
    expect(a.bytes.length).toBeGreaterThanOrEqual(10_000_000);
    expect(a.functions).toBeGreaterThan(1000);
    expect(WebAssembly.validate(a.bytes)).toBe(true);
    const b = generateBigModule();
    expect(Buffer.from(b.bytes).equals(Buffer.from(a.bytes))).toBe(true);
  });

  it('every seed and size gives a module native WebAssembly accepts', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0x7fffffff }), fc.integer({ min: 1, max: 64 * 1024 }), (seed, targetBytes) => {
        const { bytes } = generateBigModule({ seed, targetBytes });
        return WebAssembly.validate(bytes);
      }),
      { numRuns: 40 },
    );
  });

  it.skipIf(wagonette === undefined)(`wagonette validates the generated module${wagonetteSkip}`, () => {
    const { bytes } = generateBigModule({ targetBytes: 256 * 1024 });
    expect(wagonette!.validate(bytes)).toBe(true);
    expect(() => new wagonette!.Module(bytes)).not.toThrow();
  });
});
