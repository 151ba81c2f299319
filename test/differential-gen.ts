// A generator of random, well-typed wasm programs (as ASTs) for differential
// testing against Node's native WebAssembly. Programs use i32/i64/f32/f64
// arithmetic (division and trapping conversions included), locals, blocks,
// if/else, bounded loops, br_if/br_table, select, loads/stores into one page of
// memory, and calls between functions. Float values are canonicalised before
// any bit-observing use (reinterpret, copysign, abs, neg, store, results),
// because NaN payloads of arithmetic are nondeterministic in the spec.

import type { FuncType, Instr, Module, ValType } from '../src/ast.js';
import { emptyModule } from '../src/ast.js';
import { opcode } from '../src/binary/opcodes.js';

export type NT = 'i32' | 'i64' | 'f32' | 'f64';
const TYPES: NT[] = ['i32', 'i64', 'f32', 'f64'];

/** A small deterministic PRNG (mulberry32): fast-check supplies the seed. */
export class Rng {
  private s: number;
  constructor(seed: number) { this.s = seed >>> 0; }
  next(): number {
    this.s = (this.s + 0x6d2b79f5) >>> 0;
    let t = this.s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(n: number): number { return Math.floor(this.next() * n); }
  pick<T>(xs: readonly T[]): T { return xs[this.int(xs.length)]; }
  chance(p: number): boolean { return this.next() < p; }
}

const I = (name: string, extra: Partial<Instr> = {}): Instr => ({ op: opcode(name), offset: -1, ...extra });

const BIN: Record<NT, string[]> = {
  i32: ['add', 'sub', 'mul', 'div_s', 'div_u', 'rem_s', 'rem_u', 'and', 'or', 'xor', 'shl', 'shr_s', 'shr_u', 'rotl', 'rotr'],
  i64: ['add', 'sub', 'mul', 'div_s', 'div_u', 'rem_s', 'rem_u', 'and', 'or', 'xor', 'shl', 'shr_s', 'shr_u', 'rotl', 'rotr'],
  f32: ['add', 'sub', 'mul', 'div', 'min', 'max', 'copysign'],
  f64: ['add', 'sub', 'mul', 'div', 'min', 'max', 'copysign'],
};
const UN: Record<NT, string[]> = {
  i32: ['clz', 'ctz', 'popcnt', 'extend8_s', 'extend16_s'],
  i64: ['clz', 'ctz', 'popcnt', 'extend8_s', 'extend16_s', 'extend32_s'],
  f32: ['abs', 'neg', 'ceil', 'floor', 'trunc', 'nearest', 'sqrt'],
  f64: ['abs', 'neg', 'ceil', 'floor', 'trunc', 'nearest', 'sqrt'],
};
const CMP_I = ['eq', 'ne', 'lt_s', 'lt_u', 'gt_s', 'gt_u', 'le_s', 'le_u', 'ge_s', 'ge_u'];
const CMP_F = ['eq', 'ne', 'lt', 'gt', 'le', 'ge'];
/** Conversions: [name, from]. */
const CONV: Record<NT, [string, NT][]> = {
  i32: [['i32.wrap_i64', 'i64'], ['i32.trunc_f32_s', 'f32'], ['i32.trunc_f32_u', 'f32'], ['i32.trunc_f64_s', 'f64'],
    ['i32.trunc_f64_u', 'f64'], ['i32.trunc_sat_f32_s', 'f32'], ['i32.trunc_sat_f64_u', 'f64'], ['i32.reinterpret_f32', 'f32']],
  i64: [['i64.extend_i32_s', 'i32'], ['i64.extend_i32_u', 'i32'], ['i64.trunc_f32_s', 'f32'], ['i64.trunc_f64_s', 'f64'],
    ['i64.trunc_f64_u', 'f64'], ['i64.trunc_sat_f32_u', 'f32'], ['i64.trunc_sat_f64_s', 'f64'], ['i64.reinterpret_f64', 'f64']],
  f32: [['f32.convert_i32_s', 'i32'], ['f32.convert_i32_u', 'i32'], ['f32.convert_i64_s', 'i64'], ['f32.convert_i64_u', 'i64'],
    ['f32.demote_f64', 'f64'], ['f32.reinterpret_i32', 'i32']],
  f64: [['f64.convert_i32_s', 'i32'], ['f64.convert_i32_u', 'i32'], ['f64.convert_i64_s', 'i64'], ['f64.convert_i64_u', 'i64'],
    ['f64.promote_f32', 'f32'], ['f64.reinterpret_i64', 'i64']],
};
const LOADS: Record<NT, string[]> = {
  i32: ['i32.load', 'i32.load8_s', 'i32.load8_u', 'i32.load16_s', 'i32.load16_u'],
  i64: ['i64.load', 'i64.load8_s', 'i64.load16_u', 'i64.load32_s', 'i64.load32_u'],
  f32: ['f32.load'],
  f64: ['f64.load'],
};
const STORES: Record<NT, string[]> = {
  i32: ['i32.store', 'i32.store8', 'i32.store16'],
  i64: ['i64.store', 'i64.store8', 'i64.store16', 'i64.store32'],
  f32: ['f32.store'],
  f64: ['f64.store'],
};
/** Ops whose result bits depend on the exact input bits (NaN payloads must be canonical first). */
const BIT_OBSERVING = new Set(['copysign', 'abs', 'neg', 'i32.reinterpret_f32', 'i64.reinterpret_f64']);

interface FnSig { params: NT[]; results: NT[] }

class FuncGen {
  readonly locals: NT[] = [];
  /** Scratch locals per type, for canonicalisation. */
  private readonly tmp = new Map<NT, number>();
  constructor(private readonly r: Rng, private readonly params: NT[], private readonly callees: { index: number; sig: FnSig }[]) {}

  /** Loop counters and scratch locals: never picked for ordinary reads and writes. */
  private readonly reserved = new Set<number>();

  private local(t: NT, reserve = false): number {
    this.locals.push(t);
    const i = this.params.length + this.locals.length - 1;
    if (reserve) this.reserved.add(i);
    return i;
  }

  /** An existing local or param of type t, or a new one. */
  private someLocal(t: NT): number {
    const all = [...this.params, ...this.locals];
    const cands = all.map((x, i) => [x, i] as const).filter(([x, i]) => x === t && !this.reserved.has(i)).map(([, i]) => i);
    if (cands.length && this.r.chance(0.8)) return this.r.pick(cands);
    return this.local(t);
  }

  private tmpLocal(t: NT): number {
    let i = this.tmp.get(t);
    if (i === undefined) { i = this.local(t, true); this.tmp.set(t, i); }
    return i;
  }

  const(t: NT): Instr {
    const r = this.r;
    const special32 = [0, 1, -1, 0x7fffffff, -0x80000000, 31, 32, 63, 64, 255, 0x8000, 0xffff];
    switch (t) {
      case 'i32': return I('i32.const', { value: r.chance(0.5) ? r.pick(special32) : (r.next() * 2 ** 32) | 0 });
      case 'i64': {
        const v = r.chance(0.4) ? BigInt(r.pick(special32))
          : r.chance(0.3) ? r.pick([0x7fffffffffffffffn, -0x8000000000000000n, 0x100000000n, -0x100000000n])
            : BigInt.asIntN(64, (BigInt((r.next() * 2 ** 32) >>> 0) << 32n) | BigInt((r.next() * 2 ** 32) >>> 0));
        return I('i64.const', { value: v });
      }
      case 'f32': {
        const f = new Float32Array(1);
        f[0] = r.chance(0.5) ? r.pick([0, -0, 1, -1, 0.5, 1.5, 2.5, -2.5, 1e10, -1e10, 2 ** 31, 2 ** 32, 2 ** 63, Infinity, -Infinity, 3.4e38, 1e-45])
          : (r.next() - 0.5) * 10 ** r.int(12);
        return I('f32.const', { value: new Uint32Array(f.buffer)[0] });
      }
      case 'f64': {
        const f = new Float64Array(1);
        f[0] = r.chance(0.5) ? r.pick([0, -0, 1, -1, 0.5, 2.5, -3.5, 4294967296, -2147483649, 2 ** 63, 2 ** 64, Infinity, -Infinity, 1e300, 5e-324])
          : (r.next() - 0.5) * 10 ** r.int(20);
        const u = new BigUint64Array(f.buffer)[0];
        return I('f64.const', { value: u });
      }
    }
  }

  /** Replace a NaN on top of the stack by the canonical NaN. */
  canon(t: NT, code: Instr[]): Instr[] {
    if (t === 'i32' || t === 'i64') return code;
    const tmp = this.tmpLocal(t);
    const nan = t === 'f32' ? I('f32.const', { value: 0x7fc00000 }) : I('f64.const', { value: 0x7ff8000000000000n });
    // select(x, nan, x == x)
    return [...code, I('local.tee', { idx: tmp }), nan, I('local.get', { idx: tmp }), I('local.get', { idx: tmp }),
      I(`${t}.eq`), I('select')];
  }

  addr(): Instr[] {
    const r = this.r;
    if (r.chance(0.1)) return [I('i32.const', { value: r.pick([65532, 65535, 65536, -1, 70000]) })];
    // base + constant (the engine folds this into the access; the sum must still wrap at 2^32)
    if (r.chance(0.3)) {
      return [...this.expr('i32', 1), I('i32.const', { value: 0x3ff }), I('i32.and'),
        I('i32.const', { value: r.pick([16, 1000, -16, -1024, 0x7ffffff0, -0x7ffffff0]) }), I('i32.add')];
    }
    return [...this.expr('i32', 1), I('i32.const', { value: 0x3ff }), I('i32.and')];
  }

  stmt(depth: number): Instr[] {
    const r = this.r;
    const t = r.pick(TYPES);
    if (r.chance(0.5)) {
      const op = r.pick(STORES[t]);
      return [...this.addr(), ...this.canon(t, this.expr(t, depth)), I(op, { mem: { align: 0, offset: r.chance(0.8) ? r.int(16) : r.int(70000), memory: 0 } })];
    }
    return [...this.expr(t, depth), I('local.set', { idx: this.someLocal(t) })];
  }

  expr(t: NT, depth: number): Instr[] {
    const r = this.r;
    if (depth <= 0 || r.chance(0.15)) {
      return r.chance(0.5) ? [this.const(t)] : [I('local.get', { idx: this.someLocal(t) })];
    }
    const d = depth - 1;
    switch (r.int(13)) {
      case 0: case 1: {
        const op = r.pick(BIN[t]);
        const code = [...this.expr(t, d), ...this.expr(t, d), I(`${t}.${op}`)];
        return BIT_OBSERVING.has(op) ? [...this.canon(t, this.expr(t, d)), ...this.canon(t, this.expr(t, d)), I(`${t}.${op}`)] : code;
      }
      case 2: {
        const op = r.pick(UN[t]);
        return BIT_OBSERVING.has(op) ? [...this.canon(t, this.expr(t, d)), I(`${t}.${op}`)] : [...this.expr(t, d), I(`${t}.${op}`)];
      }
      case 3: {
        if (t !== 'i32') return this.expr(t, d);
        const u = r.pick(TYPES);
        if (u === 'i32' || u === 'i64') {
          if (r.chance(0.2)) return [...this.expr(u, d), I(`${u}.eqz`)];
          return [...this.expr(u, d), ...this.expr(u, d), I(`${u}.${r.pick(CMP_I)}`)];
        }
        return [...this.expr(u, d), ...this.expr(u, d), I(`${u}.${r.pick(CMP_F)}`)];
      }
      case 4: {
        const [name, from] = r.pick(CONV[t]);
        const inner = this.expr(from, d);
        return [...(BIT_OBSERVING.has(name) ? this.canon(from, inner) : inner), I(name)];
      }
      case 5:
        return [...this.addr(), I(r.pick(LOADS[t]), { mem: { align: 0, offset: r.chance(0.9) ? r.int(32) : r.int(70000), memory: 0 } })];
      case 6:
        return [...this.expr('i32', d), I('if', { blockType: t }), ...this.expr(t, d), I('else'), ...this.expr(t, d), I('end')];
      case 7: // br_if out of a block with a value
        return [I('block', { blockType: t }), ...this.expr(t, d), ...this.expr('i32', d), I('br_if', { idx: 0 }),
          I('drop'), ...this.expr(t, d), I('end')];
      case 8: // br_table to one of two labels
        return [I('block', { blockType: t }), I('block', { blockType: t }), ...this.expr(t, d), ...this.expr('i32', d),
          I('br_table', { labels: [r.int(2), r.int(2), r.int(2)] }), I('end'), I('end')];
      case 9: { // a bounded loop accumulating into a local
        const cnt = this.local('i32', true);
        const acc = this.local(t);
        const k = 1 + r.int(5);
        const op = r.pick(BIN[t].filter((o) => !BIT_OBSERVING.has(o)));
        return [I('i32.const', { value: 0 }), I('local.set', { idx: cnt }), ...this.expr(t, d), I('local.set', { idx: acc }),
          I('loop', { blockType: null }),
          I('local.get', { idx: acc }), ...this.expr(t, d), I(`${t}.${op}`), I('local.set', { idx: acc }),
          I('local.get', { idx: cnt }), I('i32.const', { value: 1 }), I('i32.add'), I('local.tee', { idx: cnt }),
          I('i32.const', { value: k }), I('i32.lt_u'), I('br_if', { idx: 0 }),
          I('end'), I('local.get', { idx: acc })];
      }
      case 10:
        return [...this.expr(t, d), ...this.expr(t, d), ...this.expr('i32', d), I('select')];
      case 11: {
        const cs = this.callees.filter((c) => c.sig.results[0] === t);
        if (!cs.length) return this.expr(t, d);
        const c = r.pick(cs);
        return [...c.sig.params.flatMap((p) => this.expr(p, d)), I('call', { idx: c.index })];
      }
      default:
        return [...this.stmt(d), ...this.expr(t, d), I('local.tee', { idx: this.someLocal(t) })];
    }
  }
}

/** The export signature: floats are returned reinterpreted as integers. */
export function exported(t: NT): 'i32' | 'i64' {
  return t === 'f32' ? 'i32' : t === 'f64' ? 'i64' : t;
}

export interface Program {
  module: Module;
  /** Parameter types of the exported `main`. */
  params: NT[];
  result: NT;
}

/** A module with helper functions 0..n-1 (each may call lower ones) and an exported `main` (the last). */
export function genProgram(seed: number): Program {
  const r = new Rng(seed);
  const m = emptyModule();
  m.memories.push({ type: { address: 'i32', limits: { min: 1, max: 1 }, shared: false } });
  m.exports.push({ name: 'mem', kind: 'memory', index: 0 });
  m.datas.push({ mode: 'active', memory: 0, offset: [I('i32.const', { value: 0 }), I('end')], bytes: Uint8Array.from({ length: 64 }, (_, i) => (i * 37 + seed) & 255) });
  const nFuncs = 1 + r.int(4);
  const callees: { index: number; sig: FnSig }[] = [];
  let main: Program | null = null;
  for (let f = 0; f < nFuncs; f++) {
    const isMain = f === nFuncs - 1;
    const params = Array.from({ length: r.int(4) }, () => r.pick(TYPES));
    const result = r.pick(TYPES);
    const g = new FuncGen(r, params, [...callees]);
    const depth = isMain ? 5 : 3;
    const body: Instr[] = [];
    const nStmts = r.int(3);
    for (let s = 0; s < nStmts; s++) body.push(...g.stmt(depth - 1));
    const e = g.expr(result, depth);
    if (isMain) {
      body.push(...g.canon(result, e));
      if (result === 'f32') body.push(I('i32.reinterpret_f32'));
      if (result === 'f64') body.push(I('i64.reinterpret_f64'));
    } else {
      body.push(...e);
    }
    body.push(I('end'));
    const ft: FuncType = { kind: 'func', params: params as ValType[], results: [isMain ? exported(result) : result] };
    m.types.push({ final: true, supers: [], comp: ft });
    m.recGroups.push(1);
    m.funcs.push({ type: m.types.length - 1, locals: g.locals.map((t) => ({ count: 1, type: t })), body });
    callees.push({ index: f, sig: { params, results: [result] } });
    if (isMain) {
      m.exports.push({ name: 'main', kind: 'func', index: f });
      main = { module: m, params, result };
    }
  }
  return main!;
}

/** Arguments for `main`, as JS-API values. */
export function genArgs(seed: number, params: NT[]): unknown[] {
  const r = new Rng(seed ^ 0x5bd1e995);
  return params.map((t) => {
    switch (t) {
      case 'i32': return r.chance(0.3) ? r.pick([0, 1, -1, 0x7fffffff, -0x80000000]) : (r.next() * 2 ** 32) | 0;
      case 'i64': return BigInt.asIntN(64, BigInt(Math.floor(r.next() * 2 ** 53)) * (r.chance(0.5) ? -1n : 1n) * (r.chance(0.3) ? 4096n : 1n));
      case 'f32': return Math.fround(r.chance(0.3) ? r.pick([0, -0, 1.5, -2.5, Infinity, 1e9]) : (r.next() - 0.5) * 1e6);
      case 'f64': return r.chance(0.3) ? r.pick([0, -0, 0.5, -1e20, Infinity, 4294967295.5]) : (r.next() - 0.5) * 1e12;
    }
  });
}
