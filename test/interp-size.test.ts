// V8 does not optimise a function whose bytecode is longer than --max-optimized-bytecode-size
// (61440 bytes in Node 20). The interpreter loop (`execute` in src/exec/interp.ts) is one big
// function; past that size it silently stays in V8's bytecode interpreter and every workload
// runs about 25 times slower (and allocates a HeapNumber per f64 result). This test compiles the
// built loop with --print-bytecode and checks its length, and that V8 really optimises it.
// (dist/ is built by `npm test`'s tsc step before vitest runs.)

import { describe, it, expect } from 'vitest';
import { spawnSync } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';

const entry = pathToFileURL(fileURLToPath(new URL('../dist/src/index.js', import.meta.url))).href;
const LIMIT = 61440;

// A loop long enough to make `execute` hot, then one more call.
const script = `
const { WebAssembly: W, wat2wasm } = await import(${JSON.stringify(entry)});
const wat = '(module (func (export "f") (param $n i32) (result i32) (local $i i32) (local $x i32)' +
  '(loop $l (local.set $x (i32.xor (local.get $x) (local.get $i)))' +
  '(br_if $l (i32.ne (local.tee $i (i32.add (local.get $i) (i32.const 1))) (local.get $n)))) (local.get $x)))';
const f = new W.Instance(new W.Module(wat2wasm(wat)), {}).exports.f;
for (let k = 0; k < 20; k++) f(200000);
`;

describe('the interpreter loop stays optimisable', () => {
  it(`its bytecode is shorter than V8's ${LIMIT}-byte optimisation limit, and V8 optimises it`, () => {
    const r = spawnSync(process.execPath, ['--input-type=module', '--print-bytecode', '--print-bytecode-filter=execute', '--trace-opt', '-e', script], {
      encoding: 'utf8', maxBuffer: 256 << 20,
    });
    expect(r.status, r.stderr).toBe(0);
    const lengths = [...r.stdout.matchAll(/Bytecode length: (\d+)/g)].map((m) => Number(m[1]));
    expect(lengths.length).toBeGreaterThan(0);
    const length = Math.max(...lengths);
    console.log(`execute: ${length} bytes of bytecode (${LIMIT - length} below the limit)`);
    expect(length).toBeLessThan(LIMIT);
    expect(r.stdout).toMatch(/completed (compiling|optimizing) .*<JSFunction execute .*TURBOFAN/);
  });
});

// Every f64/f32 operation that used to go through a helper returning a double (min, max,
// rounding, conversions): once the loop is optimised, running it must not allocate.
const floatLoop = `
const { WebAssembly: W, wat2wasm } = await import(${JSON.stringify(entry)});
const wat = \`(module (func (export "f") (param $n i32) (result f64) (local $i i32) (local $x f64) (local $y f32) (local $k i64)
  (loop $l
    (local.set $x (f64.add (local.get $x) (f64.convert_i32_s (local.get $i))))
    (local.set $x (f64.min (f64.max (local.get $x) (f64.const -1e9)) (f64.const 1e9)))
    (local.set $x (f64.add (f64.nearest (local.get $x)) (f64.add (f64.ceil (f64.const 0.25)) (f64.floor (f64.const 0.75)))))
    (local.set $x (f64.add (local.get $x) (f64.trunc (f64.const 0.5))))
    (local.set $y (f32.min (f32.max (f32.demote_f64 (local.get $x)) (f32.const -5)) (f32.nearest (f32.const 7.5))))
    (local.set $k (i64.add (i64.trunc_f64_s (local.get $x)) (i64.trunc_sat_f32_u (local.get $y))))
    (local.set $x (f64.add (local.get $x) (f64.convert_i64_s (local.get $k))))
    (local.set $x (f64.add (local.get $x) (f64.convert_i64_u (i64.trunc_f64_u (f64.abs (local.get $x))))))
    (local.set $y (f32.add (local.get $y) (f32.convert_i64_s (local.get $k))))
    (local.set $x (f64.add (local.get $x) (f64.convert_i32_u (i32.add (i32.trunc_f64_s (f64.const 3.5)) (i32.trunc_sat_f32_u (local.get $y))))))
    (local.set $x (f64.mul (local.get $x) (f64.const 0.5)))
    (br_if $l (i32.ne (local.tee $i (i32.add (local.get $i) (i32.const 1))) (local.get $n))))
  (local.get $x)))\`;
const f = new W.Instance(new W.Module(wat2wasm(wat)), {}).exports.f;
for (let k = 0; k < 20; k++) f(100000);
globalThis.gc(); // start the measured part with an empty young generation
console.log('MEASURE');
for (let k = 0; k < 10; k++) f(300000);
console.log('END');
`;

describe('the optimised loop allocates nothing per instruction', () => {
  it('no garbage collection while 3 million iterations of float rounding and conversions run', () => {
    const r = spawnSync(process.execPath, ['--input-type=module', '--expose-gc', '--trace-gc', '-e', floatLoop], { encoding: 'utf8', maxBuffer: 64 << 20 });
    expect(r.status, r.stderr).toBe(0);
    const measured = r.stdout.slice(r.stdout.indexOf('MEASURE'), r.stdout.indexOf('END'));
    expect(r.stdout).toContain('END');
    const gcs = measured.split('\n').filter((l) => /Scavenge|Mark-Compact|Mark-sweep|Minor/i.test(l));
    expect(gcs, gcs.join('\n')).toEqual([]);
  });
});
