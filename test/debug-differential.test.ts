// Differential check of debug compilation on the official test suite: every
// module of the chosen scripts is instantiated twice, one instance with a
// debugger attached (a DEBUG stop before every instruction, counted as fuel).
// Each invoke of the script runs on both, and the outcomes (results bit for
// bit, or the trap message) must be the same. Modules importing anything but
// the `spectest` module are skipped; each instance gets its own spectest.

import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseWast } from '../src/text/index.js';
import { encodeModule } from '../src/binary/encode.js';
import { Global, Instance, Memory, Module, Table } from '../src/api/jsapi.js';
import { invokeExport, refKind } from '../src/api/raw.js';
import { Debugger } from '../src/debug/index.js';
import type { RawValue } from '../src/exec/value.js';

import { SUITE_OR_EMPTY as SUITE } from './suite-path.js';
const FILES = ['fac', 'block', 'br', 'br_if', 'br_table', 'call', 'call_indirect', 'if', 'loop', 'labels', 'local_tee',
  'local_set', 'return', 'select', 'stack', 'switch', 'unwind', 'left-to-right', 'nop', 'int_exprs', 'i64',
  'conversions', 'memory_grow', 'try_table', 'throw', 'return_call', 'return_call_indirect', 'call_ref', 'br_on_null',
  'bulk', 'memory_copy', 'simd_lane', 'float_exprs', 'struct', 'array', 'br_on_cast', 'i32', 'f32', 'f64', 'global',
  'func', 'memory', 'load', 'store', 'table_get', 'table_set', 'simd_load', 'simd_store', 'simd_bitwise',
  'simd_select', 'simd_i32x4_arith', 'simd_splat', 'legacy/rethrow', 'legacy/try_delegate',
  'legacy/throw', 'return_call_ref', 'exports', 'start', 'address', 'align', 'endianness'];

/** A fresh `spectest` module (its memory and table must not be shared by the two instances). */
function spectest(): Record<string, Record<string, unknown>> {
  const nop = () => undefined;
  return {
    spectest: {
      print: nop, print_i32: nop, print_i64: nop, print_f32: nop, print_f64: nop, print_i32_f32: nop, print_f64_f64: nop,
      global_i32: new Global({ value: 'i32' }, 666), global_i64: new Global({ value: 'i64' }, 666n),
      global_f32: new Global({ value: 'f32' }, 666.6), global_f64: new Global({ value: 'f64' }, 666.6),
      table: new Table({ element: 'anyfunc', initial: 10, maximum: 20 }),
      memory: new Memory({ initial: 1, maximum: 2 }),
    },
  };
}

function show(v: RawValue): string {
  switch (v.type) {
    case 'i32': return `i32:${v.value}`;
    case 'i64': return `i64:${v.value}`;
    case 'f32': return `f32:${v.bits}`;
    case 'f64': return `f64:${v.bits}`;
    case 'v128': return `v128:${[...v.bytes].join(',')}`;
    case 'ref': return `ref:${refKind(v.ref)}`;
  }
}

function outcome(inst: Instance, name: string, args: RawValue[]): string {
  try {
    return invokeExport(inst, name, args).map(show).join(' ');
  } catch (e) {
    return `throws ${(e as Error).name}: ${(e as Error).message.split('\n')[0]}`;
  }
}

describe.skipIf(!existsSync(SUITE))('debug-compiled code agrees with normal code on the test suite', () => {
  for (const file of FILES) {
    const path = join(SUITE, `${file}.wast`);
    it.skipIf(!existsSync(path))(file, () => {
      const script = parseWast(readFileSync(path, 'utf8'), `${file}.wast`);
      let pair: [Instance, Instance] | null = null;
      let dbg: Debugger | null = null;
      let compared = 0, executed = 0;
      const finish = () => { if (dbg) { executed += dbg.executed; dbg.detach(); } dbg = null; pair = null; };
      for (const c of script.commands) {
        if (c.type === 'module') {
          finish();
          if (c.definition || c.source.kind === 'quote') continue;
          const ast = c.source.kind === 'text' ? c.source.module : undefined;
          if (c.source.kind === 'text' && !ast) continue;
          if (ast && ast.imports.some((im) => im.module !== 'spectest')) continue;
          try {
            const bytes = c.source.kind === 'binary' ? c.source.bytes : encodeModule(ast!);
            const a = new Instance(new Module(bytes), spectest());
            const b = new Instance(new Module(bytes), spectest());
            pair = [a, b];
            dbg = new Debugger(b);
            dbg.fuel = Number.MAX_SAFE_INTEGER;
          } catch { pair = null; }
          continue;
        }
        if (pair === null) continue;
        const action = c.type === 'assert_return' || c.type === 'assert_trap' || c.type === 'action' ? c.action : null;
        if (action === null || action.kind !== 'invoke' || action.module !== undefined) continue;
        if (action.args.some((v) => v.type === 'ref' && v.ref !== null)) continue;
        const [a, b] = pair;
        expect(outcome(b, action.name, action.args), `${file}.wast:${c.line} ${action.name}`)
          .toBe(outcome(a, action.name, action.args));
        compared++;
      }
      finish();
      expect(compared).toBeGreaterThan(0);
      expect(executed).toBeGreaterThan(0);
    }, 120_000);
  }
});
