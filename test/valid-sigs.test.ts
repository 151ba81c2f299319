import { describe, expect, it } from 'vitest';
import type { Instr } from '../src/ast.js';
import { OPCODES, PREFIX_ATOMIC, PREFIX_MISC, prefixed, type OpInfo } from '../src/binary/opcodes.js';
import { CompileError } from '../src/errors.js';
import { parseModuleText } from '../src/text/wast.js';
import { MEM_CMPXCHG, MEM_LOAD, MEM_RMW, MEM_STORE, MEM_WAIT, classify } from '../src/valid/sigs.js';
import { F32, I32, I64, V128 } from '../src/valid/types.js';
import { validateModule } from '../src/valid/validate.js';

describe('opcode classification', () => {
  const row = (name: string, imm: OpInfo['imm'] = 'none', natAlign?: number): OpInfo =>
    natAlign === undefined ? { code: 0, name, imm } : { code: 0, name, imm, natAlign };

  it('derives scalar signatures from names', () => {
    expect(classify(row('i32.add'))).toEqual({ kind: 'sig', params: [I32, I32], results: [I32] });
    expect(classify(row('i64.eqz'))).toEqual({ kind: 'sig', params: [I64], results: [I32] });
    expect(classify(row('f32.lt'))).toEqual({ kind: 'sig', params: [F32, F32], results: [I32] });
    expect(classify(row('f32.convert_i64_u'))).toEqual({ kind: 'sig', params: [I64], results: [F32] });
    expect(classify(row('i32.trunc_sat_f32_s'))).toEqual({ kind: 'sig', params: [F32], results: [I32] });
    expect(classify(row('i64.extend32_s'))).toEqual({ kind: 'sig', params: [I64], results: [I64] });
  });

  it('derives vector signatures and lane counts', () => {
    expect(classify(row('i16x8.extract_lane_s', 'lane'))).toEqual({ kind: 'sig', params: [V128], results: [I32], lanes: 8 });
    expect(classify(row('f64x2.replace_lane', 'lane'))).toEqual({ kind: 'sig', params: [V128, 0x4], results: [V128], lanes: 2 });
    expect(classify(row('i8x16.shl'))).toEqual({ kind: 'sig', params: [V128, I32], results: [V128] });
    expect(classify(row('v128.bitselect'))).toEqual({ kind: 'sig', params: [V128, V128, V128], results: [V128] });
    expect(classify(row('i32x4.relaxed_dot_i8x16_i7x16_add_s'))).toEqual({ kind: 'sig', params: [V128, V128, V128], results: [V128] });
    expect(classify(row('i16x8.extend_low_i8x16_s'))).toEqual({ kind: 'sig', params: [V128], results: [V128] });
    expect(classify(row('i16x8.narrow_i32x4_s'))).toEqual({ kind: 'sig', params: [V128, V128], results: [V128] });
    expect(classify(row('v128.load16_lane', 'memarg_lane', 1))).toMatchObject({ kind: 'mem', lanes: 8, natAlign: 1 });
  });

  it('knows the wide-arithmetic and threads proposals by name', () => {
    expect(classify(row('i64.add128'))).toEqual({ kind: 'sig', params: [I64, I64, I64, I64], results: [I64, I64] });
    expect(classify(row('i64.mul_wide_u'))).toEqual({ kind: 'sig', params: [I64, I64], results: [I64, I64] });
    expect(classify(row('i32.atomic.load8_u', 'memarg', 0))).toMatchObject({ kind: 'mem', access: MEM_LOAD, type: I32, atomic: true });
    expect(classify(row('i64.atomic.store32', 'memarg', 2))).toMatchObject({ kind: 'mem', access: MEM_STORE, type: I64, atomic: true });
    expect(classify(row('i64.atomic.rmw16.xchg_u', 'memarg', 1))).toMatchObject({ kind: 'mem', access: MEM_RMW, type: I64 });
    expect(classify(row('i32.atomic.rmw.cmpxchg', 'memarg', 2))).toMatchObject({ kind: 'mem', access: MEM_CMPXCHG, type: I32 });
    expect(classify(row('memory.atomic.wait64', 'memarg', 3))).toMatchObject({ kind: 'mem', access: MEM_WAIT, type: I64 });
    expect(classify(row('atomic.fence', 'memory'))).toEqual({ kind: 'sig', params: [], results: [] });
    expect(prefixed(PREFIX_ATOMIC, 3)).toBe(0xfe003);
    expect(prefixed(PREFIX_MISC, 19)).toBe(0xfc013);
  });

  it('leaves no opcode of the table unknown to the validator', () => {
    // Each instruction alone in unreachable code: whatever else is wrong with it,
    // the validator must recognise the opcode.
    const m = parseModuleText(`(module
      (type $f (func)) (type $s (struct (field (mut i32)))) (type $a (array (mut i32)))
      (memory 1) (table 1 funcref) (global (mut i32) (i32.const 0)) (tag)
      (elem declare func 0) (data "x") (func))`);
    m.dataCount = 1;
    for (const r of OPCODES) {
      if (r.name === 'end' || r.name === 'else' || r.name === 'catch' || r.name === 'catch_all' || r.name === 'delegate') continue;
      const ins: Instr = { op: r.code, offset: -1, idx: 0, idx2: 0, labels: [0], lane: 0, lanes: new Uint8Array(16),
        types: ['i32'], heap: 'any', ref: { nullable: true, heap: 'any' }, ref2: { nullable: true, heap: 'any' },
        catches: [], blockType: null, mem: { align: 0, offset: 0, memory: 0 }, value: 0 };
      const structured = ['block', 'loop', 'if', 'try', 'try_table'].includes(r.name);
      m.funcs[0].body = [{ op: 0x00, offset: -1 }, ins, ...(structured ? [{ op: 0x0b, offset: -1 }] : []), { op: 0x0b, offset: -1 }];
      try {
        validateModule(m);
      } catch (e) {
        expect(e).toBeInstanceOf(CompileError);
        expect((e as CompileError).reason, r.name).not.toMatch(/illegal opcode/);
      }
    }
  });
});
