// Reading and writing typed locals and globals through a paused session: what is
// written is what the function then computes with, for every number type.

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { wat2wasm } from '../src/text/index.js';
import { Instance, Module } from '../src/api/jsapi.js';
import { Debugger, formatDebugValue } from '../src/debug/index.js';

const WAT = `(module
  (global $g64 (export "g64") (mut f64) (f64.const 0))
  (global $gi (mut i64) (i64.const 0))
  (func $mix (export "mix") (param $a i32) (param $b i64) (param $c f32) (param $d f64) (result f64)
    (local $r externref)
    (f64.add
      (f64.add (f64.convert_i32_s (local.get $a)) (f64.convert_i64_s (local.get $b)))
      (f64.add (f64.promote_f32 (local.get $c)) (local.get $d)))))`;

function session() {
  const inst = new Instance(new Module(wat2wasm(WAT)));
  const dbg = new Debugger(inst);
  return { inst, dbg, s: dbg.start('mix', [0, 0n, 0, 0]) };
}

describe('typed locals and globals', () => {
  it('show their declared types', () => {
    const { s } = session();
    expect(s.locals().map((l) => [l.name, l.type, l.value])).toEqual([
      ['a', 'i32', 0], ['b', 'i64', 0n], ['c', 'f32', 0], ['d', 'f64', 0], ['r', 'ref', null]]);
  });

  it('written values are the ones the function computes with (law)', () => {
    const { dbg } = session();
    const small = fc.integer({ min: -(2 ** 20), max: 2 ** 20 });
    fc.assert(fc.property(small, small, small, small, (a, b, c, d) => {
      const s = dbg.start('mix', [0, 0n, 0, 0]);
      s.setLocal('$a', a); s.setLocal('b', BigInt(b)); s.setLocal(2, c / 4); s.setLocal('d', String(d / 8));
      expect(s.local('a').value).toBe(a);
      expect(s.local('b').value).toBe(BigInt(b));
      expect(s.local('c').value).toBe(Math.fround(c / 4));
      expect(s.local('d').value).toBe(d / 8);
      const r = s.continue();
      return typeof r === 'object' && 'done' in r && r.done[0].type === 'f64'
        && new Float64Array(new BigUint64Array([r.done[0].bits]).buffer)[0] === a + b + Math.fround(c / 4) + d / 8;
    }), { numRuns: 50 });
  });

  it('globals of every number type can be written, also from text', () => {
    const { inst, s } = session();
    s.setGlobal('g64', '2.5');
    expect(s.global('$g64')).toEqual({ type: 'f64', value: 2.5 });
    expect((inst.exports.g64 as { value: number }).value).toBe(2.5);
    s.setGlobal('gi', '-0x10');
    expect(s.global('gi')).toEqual({ type: 'i64', value: -16n });
    expect(formatDebugValue(s.global('gi'))).toBe('i64:-16');
    s.setLocal('r', 'null');
    expect(() => s.setLocal('r', 'abc')).toThrow(/only null/);
    expect(() => s.setLocal('a', 'abc')).toThrow(/not a number/);
    expect(formatDebugValue({ type: 'f32', value: 1.5 })).toBe('f32:1.5');
  });
});
