// Evaluation of constant expressions (global/table initialisers, segment offsets
// and elements): constants, ref.null/ref.func, global.get and the extended-const
// integer arithmetic. Values are kept as raw words so NaN bits survive.

import type { Expr } from '../ast.js';
import { Op } from '../binary/opcodes.js';
import { Kind } from './compiled.js';
import { RuntimeError } from '../errors.js';
import { GcStruct, arrayLayout, externalize, internalize, newArray, structLayout, wrapPacked, type FieldLayout, type GcArray } from './gc.js';
import { i64Add, i64Mul, i64Sub } from './i64.js';
import type { ModuleInstance } from './instance.js';
import type { GlobalInst } from './global.js';

/** A constant value: up to four 32-bit words, or a reference. */
export interface ConstVal {
  w: Int32Array;
  ref: unknown;
  isRef: boolean;
}

const STRUCT_NEW_DESC = 0xfb020;
const STRUCT_NEW_DEFAULT_DESC = 0xfb021;

function num(w0: number, w1 = 0, w2 = 0, w3 = 0): ConstVal {
  return { w: Int32Array.of(w0, w1, w2, w3), ref: null, isRef: false };
}

function ref(r: unknown): ConstVal {
  return { w: new Int32Array(4), ref: r, isRef: true };
}

export function globalValue(g: GlobalInst): ConstVal {
  return { w: g.w.slice(), ref: g.ref, isRef: typeof g.type.type === 'object' };
}

function storeField(w: Int32Array, r: unknown[], f: FieldLayout, at: number, v: ConstVal): void {
  if (f.kind === Kind.REF) { r[at] = v.ref; return; }
  w[at] = wrapPacked(v.w[0], f.packed);
  w[at + 1] = v.w[1];
  if (f.kind === Kind.V128) { w[at + 2] = v.w[2]; w[at + 3] = v.w[3]; }
}

export function evalConst(expr: Expr, inst: ModuleInstance): ConstVal {
  const st: ConstVal[] = [];
  const scratch = new Int32Array(6);
  for (const ins of expr) {
    switch (ins.op) {
      case Op.end: break;
      case Op.i32_const: st.push(num(ins.value as number)); break;
      case Op.f32_const: st.push(num(ins.value as number | 0)); break;
      case Op.i64_const: case Op.f64_const: {
        const v = BigInt.asUintN(64, ins.value as bigint);
        st.push(num(Number(v & 0xffffffffn) | 0, Number(v >> 32n) | 0));
        break;
      }
      case Op.v128_const: {
        const b = ins.value as Uint8Array;
        const dv = new DataView(b.buffer, b.byteOffset, 16);
        st.push(num(dv.getInt32(0, true), dv.getInt32(4, true), dv.getInt32(8, true), dv.getInt32(12, true)));
        break;
      }
      case Op.ref_null: st.push(ref(null)); break;
      case Op.ref_func: st.push(ref(inst.funcs[ins.idx!])); break;
      case Op.global_get: st.push(globalValue(inst.globals[ins.idx!])); break;
      case Op.i32_add: case Op.i32_sub: case Op.i32_mul: {
        const b = st.pop()!.w[0], a = st.pop()!.w[0];
        st.push(num(ins.op === Op.i32_add ? (a + b) | 0 : ins.op === Op.i32_sub ? (a - b) | 0 : Math.imul(a, b)));
        break;
      }
      case Op.i64_add: case Op.i64_sub: case Op.i64_mul: {
        const b = st.pop()!.w, a = st.pop()!.w;
        scratch[0] = a[0]; scratch[1] = a[1]; scratch[2] = b[0]; scratch[3] = b[1];
        (ins.op === Op.i64_add ? i64Add : ins.op === Op.i64_sub ? i64Sub : i64Mul)(scratch, 4, 0, 2);
        st.push(num(scratch[4], scratch[5]));
        break;
      }
      case Op.any_convert_extern: st.push(ref(internalize(st.pop()!.ref))); break;
      case Op.extern_convert_any: st.push(ref(externalize(st.pop()!.ref))); break;
      case Op.ref_i31: st.push(ref((st.pop()!.w[0] << 1) >> 1)); break;
      case Op.struct_new: case Op.struct_new_default:
      case STRUCT_NEW_DESC: case STRUCT_NEW_DEFAULT_DESC: {
        const withDesc = ins.op === STRUCT_NEW_DESC || ins.op === STRUCT_NEW_DEFAULT_DESC;
        // Custom descriptors: the descriptor operand is on top of the fields.
        const desc = withDesc ? st.pop()!.ref as GcStruct | null : null;
        if (withDesc && desc === null) throw new RuntimeError('null descriptor reference');
        const l = structLayout(inst.rtts[ins.idx!]);
        const w = new Int32Array(l.words);
        const r = new Array<unknown>(l.refs).fill(null);
        if (ins.op === Op.struct_new || ins.op === STRUCT_NEW_DESC) {
          const vals = st.splice(st.length - l.fields.length);
          l.fields.forEach((f, i) => storeField(w, r, f, f.at, vals[i]));
        }
        st.push(ref(new GcStruct(l.rtt, w, r, desc)));
        break;
      }
      case Op.array_new: case Op.array_new_default: case Op.array_new_fixed: {
        const l = arrayLayout(inst.rtts[ins.idx!]);
        let vals: ConstVal[];
        if (ins.op === Op.array_new_fixed) vals = st.splice(st.length - ins.idx2!);
        else {
          const n = st.pop()!.w[0] >>> 0;
          const v = ins.op === Op.array_new ? st.pop()! : null;
          vals = new Array<ConstVal>(n).fill(v ?? (l.elem.kind === Kind.REF ? ref(null) : num(0)));
        }
        const a: GcArray = newArray(l, vals.length);
        vals.forEach((v, k) => storeField(a.w ?? new Int32Array(0), a.r ?? [], l.elem, a.r ? k : k * l.elemWords, v));
        st.push(ref(a));
        break;
      }
      default:
        throw new Error(`unsupported constant instruction 0x${ins.op.toString(16)}`);
    }
  }
  return st[st.length - 1] ?? num(0);
}
