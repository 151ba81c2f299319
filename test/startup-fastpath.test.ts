// The validator's byte fast path (src/valid/code.ts runBytes) must be invisible:
// validating a body from its bytes gives exactly the outcome (success, or the same
// error message at the same offset) of validating the same body as an Instr[]
// (which goes through the general path only). Bodies come from a type-directed
// random generator that mostly writes valid code around the fast path's edges
// (exact vs subtype operands, unreachable code, labels, locals, memory) and
// sometimes drops in a wrong instruction.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { BlockType, Func, Instr, Module, ValType } from '../src/ast.js';
import { decodeModule } from '../src/binary/decode.js';
import { encodeModule } from '../src/binary/encode.js';
import { bodySource } from '../src/binary/instr-stream.js';
import { OP_BY_NAME } from '../src/binary/opcodes.js';
import { CompileError } from '../src/errors.js';
import { validateModule } from '../src/valid/validate.js';
import { Rng } from './differential-gen.js';

type T = 'i32' | 'i64' | 'f32' | 'f64';
const NUMS: T[] = ['i32', 'i64', 'f32', 'f64'];
const FUNCREF: ValType = { nullable: true, heap: 'func' };
/** Non-nullable: must be set before it is read (uninitialised locals are invalid). */
const REF_FUNC: ValType = { nullable: false, heap: 'func' };

function op(name: string): number {
  const info = OP_BY_NAME.get(name);
  if (!info) throw new Error(`no opcode ${name}`);
  return info.code;
}
const I = (name: string, extra: Partial<Instr> = {}): Instr => ({ op: op(name), offset: -1, ...extra });

// Function types: index = type index.
const TYPES: { params: T[]; results: T[] }[] = [
  { params: [], results: [] },
  { params: ['i32'], results: ['i32'] },
  { params: ['i32', 'i64'], results: ['f64'] },
  { params: [], results: ['i32'] },
];
const GLOBALS: { t: T; mutable: boolean }[] = [
  { t: 'i32', mutable: true }, { t: 'i64', mutable: false }, { t: 'f64', mutable: true },
];
const BIN: Record<T, string[]> = {
  i32: ['i32.add', 'i32.and', 'i32.shl', 'i32.div_u'], i64: ['i64.add', 'i64.xor'],
  f32: ['f32.mul'], f64: ['f64.sub', 'f64.max'],
};
const LOADS: Record<T, string[]> = {
  i32: ['i32.load', 'i32.load8_u', 'i32.load16_s'], i64: ['i64.load', 'i64.load32_u'], f32: ['f32.load'], f64: ['f64.load'],
};
const STORES: Record<T, string> = { i32: 'i32.store', i64: 'i64.store', f32: 'f32.store', f64: 'f64.store' };
const NAT_ALIGN: Record<string, number> = {
  'i32.load': 2, 'i32.load8_u': 0, 'i32.load16_s': 1, 'i64.load': 3, 'i64.load32_u': 2, 'f32.load': 2, 'f64.load': 3,
  'i32.store': 2, 'i64.store': 3, 'f32.store': 2, 'f64.store': 3,
};

/** Writes one body, tracking the operand types it should leave so most code is valid. */
class BodyGen {
  private out: Instr[] = [];
  private stack: (T | 'ref')[] = [];
  /** Result types of the enclosing labels, innermost last (loops: their params, none here). */
  private labels: T[][] = [];

  constructor(private rng: Rng, private locals: (T | 'ref')[], private results: T[], private hasMemory: boolean,
    private addr: T) {}

  write(): Instr[] {
    this.labels.push(this.results);
    this.seq(this.rng.int(25), this.results);
    this.out.push(I('end'));
    return this.out;
  }

  private emit(i: Instr): void { this.out.push(i); }

  /** A noise instruction: anything, type-correct or not. */
  private noise(): void {
    const r = this.rng;
    const pick = r.int(8);
    if (pick === 0) this.emit(I('local.get', { idx: r.int(this.locals.length + 2) }));
    else if (pick === 1) this.emit(I('local.set', { idx: r.int(this.locals.length + 1) }));
    else if (pick === 2) this.emit(I(r.pick(BIN[r.pick(NUMS)])));
    else if (pick === 3) this.emit(I('br_if', { idx: r.int(this.labels.length + 1) }));
    else if (pick === 4) this.emit(I('drop'));
    else if (pick === 5) this.emit(I('global.set', { idx: r.int(4) }));
    else if (pick === 6) this.emit(I('select'));
    else this.emit(I(r.pick(LOADS[r.pick(NUMS)]), { mem: { align: r.int(4), offset: r.int(300), memory: 0 } }));
  }

  /** Emits `n` steps, then makes the stack equal `want` (by dropping and pushing). */
  private seq(n: number, want: T[]): void {
    const base = this.stack.length;
    for (let k = 0; k < n; k++) {
      if (this.rng.chance(0.03)) { this.noise(); continue; }
      this.stmt(base);
    }
    while (this.stack.length > base) { this.emit(I('drop')); this.stack.pop(); }
    for (const t of want) this.push(t);
  }

  private push(t: T): void {
    const r = this.rng;
    const locals = this.locals.map((l, i) => [l, i] as const).filter(([l]) => l === t);
    if (locals.length > 0 && r.chance(0.4)) { this.emit(I('local.get', { idx: r.pick(locals)[1] })); this.stack.push(t); return; }
    switch (t) {
      case 'i32': this.emit(I('i32.const', { value: r.pick([0, -1, 63, 64, -65, 8191, 8192, -(2 ** 31), 2 ** 31 - 1]) })); break;
      case 'i64': this.emit(I('i64.const', { value: r.pick([0n, -1n, 1n << 40n, -(1n << 62n), (1n << 63n) - 1n]) })); break;
      case 'f32': this.emit(I('f32.const', { value: 0x3f800000 })); break;
      case 'f64': this.emit(I('f64.const', { value: 0x3ff0000000000000n })); break;
    }
    this.stack.push(t);
  }

  /** Pushes `t`, or now and then a value of another type (an operand the instruction rejects). */
  private pushOrWrong(t: T): void {
    if (this.rng.chance(0.06)) this.push(this.rng.pick(NUMS.filter((x) => x !== t)));
    else this.push(t);
  }

  private stmt(base: number): void {
    const r = this.rng;
    const avail = this.stack.length - base;
    const t = r.pick(NUMS);
    switch (r.int(14)) {
      case 0: this.push(t); break;
      case 1: // binary op on matching operands
        this.push(t); this.pushOrWrong(t); this.emit(I(r.pick(BIN[t]))); this.stack.length -= 1; break;
      case 2: { // local.set / local.tee of a matching local
        const i = r.int(this.locals.length);
        const lt = this.locals[i];
        if (lt === 'ref') {
          // Read it (invalid while it is unset), or set it to a non-null reference.
          if (r.chance(0.3)) { this.emit(I('local.get', { idx: i })); this.emit(I('drop')); break; }
          this.emit(I('ref.null', { heap: 'func' })); this.emit(I('ref.as_non_null')); this.emit(I('local.set', { idx: i }));
          break;
        }
        this.push(lt);
        if (r.chance(0.5)) { this.emit(I('local.tee', { idx: i })); } else { this.emit(I('local.set', { idx: i })); this.stack.pop(); }
        break;
      }
      case 3: { // global get/set
        const g = r.int(GLOBALS.length);
        if (r.chance(0.5) || !GLOBALS[g].mutable) { this.emit(I('global.get', { idx: g })); this.stack.push(GLOBALS[g].t); } else {
          this.push(GLOBALS[g].t); this.emit(I('global.set', { idx: g })); this.stack.pop();
        }
        break;
      }
      case 4: if (avail > 0) { this.emit(I('drop')); this.stack.pop(); } break;
      case 5: { // select
        this.push(t); this.push(t); this.push('i32'); this.emit(I('select')); this.stack.length -= 2; break;
      }
      case 6: { // a block, loop or if with a result
        const kind = r.pick(['block', 'loop', 'if'] as const);
        const res: T[] = r.chance(0.5) ? [] : [r.pick(NUMS)];
        const bt: BlockType = res.length === 0 ? null : res[0];
        if (kind === 'if') { this.pushOrWrong('i32'); this.stack.pop(); }
        this.emit(I(kind, { blockType: bt }));
        const saved = this.stack;
        this.stack = [];
        this.labels.push(kind === 'loop' ? [] : res);
        this.seq(r.int(6), res);
        if (kind === 'if' && (res.length > 0 || r.chance(0.5))) {
          this.emit(I('else'));
          this.stack = [];
          this.seq(r.int(4), res);
        }
        this.labels.pop();
        this.emit(I('end'));
        this.stack = [...saved, ...res];
        break;
      }
      case 7: { // br_if to a label with its values
        const l = r.int(this.labels.length);
        const lt = this.labels[this.labels.length - 1 - l];
        for (const x of lt) this.pushOrWrong(x);
        this.pushOrWrong('i32');
        this.emit(I('br_if', { idx: l }));
        this.stack.length -= lt.length + 1;
        for (const x of lt) this.stack.push(x);
        break;
      }
      case 8: { // br (then unreachable code until the block ends)
        if (!r.chance(0.3)) break;
        const l = r.int(this.labels.length);
        for (const x of this.labels[this.labels.length - 1 - l]) this.pushOrWrong(x);
        this.emit(I('br', { idx: l }));
        if (r.chance(0.5)) this.emit(I(r.pick(BIN[t]))); // polymorphic operands
        // Keep the tracked stack valid for what follows (code after br is unreachable, anything goes).
        break;
      }
      case 9: { // call
        const f = r.int(4);
        const ty = TYPES[f % TYPES.length];
        for (const p of ty.params) this.pushOrWrong(p);
        this.emit(I('call', { idx: f }));
        this.stack.length -= ty.params.length;
        for (const x of ty.results) this.stack.push(x);
        break;
      }
      case 10: case 11: { // load or store
        if (!this.hasMemory && !r.chance(0.1)) break;
        const name = r.chance(0.5) ? r.pick(LOADS[t]) : STORES[t];
        const align = r.chance(0.9) ? r.int(NAT_ALIGN[name] + 1) : NAT_ALIGN[name] + 1;
        const mem = { align, offset: r.pick([0, 4, 127, 128, 70000]), memory: 0 };
        // Mostly the memory's address type; sometimes the other one.
        this.push(r.chance(0.9) ? this.addr : this.addr === 'i32' ? 'i64' : 'i32');
        if (name.includes('store')) { this.push(t); this.emit(I(name, { mem })); this.stack.length -= 2; } else {
          this.emit(I(name, { mem })); this.stack.pop(); this.stack.push(t);
        }
        break;
      }
      case 12: this.emit(I('nop')); break;
      case 13: // a conversion
        this.push('i64'); this.emit(I('i32.wrap_i64')); this.stack.pop(); this.stack.push('i32'); break;
    }
  }
}

function genModule(seed: number): Module {
  const r = new Rng(seed);
  const hasMemory = r.chance(0.8);
  const addr: T = r.chance(0.2) ? 'i64' : 'i32';
  const funcs: Func[] = [];
  const n = 1 + r.int(4);
  for (let i = 0; i < n; i++) {
    const type = i % TYPES.length;
    const extra: (T | 'ref')[] = [];
    for (let k = r.int(4); k > 0; k--) extra.push(r.chance(0.15) ? 'ref' : r.pick(NUMS));
    const locals = [...TYPES[type].params, ...extra];
    const body = new BodyGen(r, locals, TYPES[type].results, hasMemory, addr).write();
    const refType = r.chance(0.5) ? REF_FUNC : FUNCREF;
    funcs.push({ type, locals: extra.map((t) => ({ count: 1, type: t === 'ref' ? refType : t })), body, offset: -1 });
  }
  // Padding so the fast path (which needs some bytes after each instruction) also
  // sees bodies at the very end of the module: sometimes none.
  return {
    types: TYPES.map((t) => ({ final: true, supers: [], comp: { kind: 'func' as const, params: t.params, results: t.results } })),
    recGroups: TYPES.map(() => 1),
    imports: [], funcs, tables: [],
    memories: hasMemory ? [{ type: { address: addr, limits: { min: 1, max: null }, shared: false } }] : [],
    globals: GLOBALS.map((g) => ({ type: { type: g.t, mutable: g.mutable }, init: [g.t === 'i32' ? I('i32.const', { value: 0 })
      : g.t === 'i64' ? I('i64.const', { value: 0n }) : I('f64.const', { value: 0n }), I('end')] })),
    tags: [], exports: [], start: null, elems: [], datas: [], dataCount: null,
    customs: r.chance(0.5) ? [{ name: 'pad', data: new Uint8Array(16), after: 10 }] : [], names: null,
  } as unknown as Module;
}

type Outcome = { ok: true } | { ok: false; message: string; offset: number };

function outcome(m: Module): Outcome {
  try {
    validateModule(m);
    return { ok: true };
  } catch (e) {
    if (!(e instanceof CompileError)) throw e;
    return { ok: false, message: e.message, offset: e.offset };
  }
}

describe('validation from bytes (fast path) agrees with validation from Instr[]', () => {
  it('same outcome, message and offset on generated bodies', () => {
    let valid = 0;
    fc.assert(fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), (seed) => {
      const bytes = encodeModule(genModule(seed));
      const lazy = decodeModule(bytes);
      expect(lazy.funcs.every((f) => bodySource(f)?.end !== undefined)).toBe(true);
      const fromBytes = outcome(lazy);
      const fromList = outcome(decodeModule(bytes, { eagerBodies: true }));
      expect(fromBytes).toEqual(fromList);
      if (fromBytes.ok) valid++;
    }), { numRuns: 1500 });
    // The generator must exercise success as well as failure.
    expect(valid).toBeGreaterThan(100);
    expect(valid).toBeLessThan(1500);
  });

  it('mutated bytes: lazy and eager decoding, then validation, end the same way', () => {
    // Lazy decoding checks bodies with the decoder's fast scan, eager decoding builds
    // them with the general reader; validation then runs the byte fast path or not.
    const run = (bytes: Uint8Array, eagerBodies: boolean): Outcome | string => {
      let m: Module;
      try {
        m = decodeModule(bytes, { eagerBodies });
      } catch (e) {
        if (!(e instanceof CompileError)) throw e;
        return `malformed: ${e.message} @${e.offset}`;
      }
      return outcome(m);
    };
    let decoded = 0;
    fc.assert(fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), fc.array(fc.tuple(fc.nat(), fc.nat(255), fc.nat(2)),
      { minLength: 1, maxLength: 3 }), (seed, edits) => {
      const bytes = Array.from(encodeModule(genModule(seed)));
      for (const [at, byte, kind] of edits) {
        const i = 8 + (at % (bytes.length - 8));
        if (kind === 0) bytes[i] = byte;
        else if (kind === 1) bytes.splice(i, 0, byte);
        else bytes.splice(i, 1);
      }
      const input = Uint8Array.from(bytes);
      const lazy = run(input, false);
      expect(lazy).toEqual(run(input, true));
      if (typeof lazy !== 'string') decoded++;
    }), { numRuns: 2000 });
    expect(decoded).toBeGreaterThan(100);
  });

  it('validation reads bodies without building their instruction lists', () => {
    const bytes = encodeModule(genModule(7));
    const m = decodeModule(bytes);
    outcome(m);
    for (const f of m.funcs) expect(Object.getOwnPropertyDescriptor(f, 'body')?.get).toBeTypeOf('function');
  });

  it('lazily recorded FuncInfo equals the one recorded from the Instr[] body', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), (seed) => {
      const bytes = encodeModule(genModule(seed));
      let a, b;
      try {
        a = validateModule(decodeModule(bytes));
        b = validateModule(decodeModule(bytes, { eagerBodies: true }));
      } catch {
        return; // invalid: nothing recorded
      }
      a.funcs.forEach((fa, i) => {
        const fb = b.funcs[i];
        expect(Array.from(fa.heights)).toEqual(Array.from(fb.heights));
        expect(Array.from(fa.ends)).toEqual(Array.from(fb.ends));
        expect(Array.from(fa.elses)).toEqual(Array.from(fb.elses));
        expect(fa.maxHeight).toBe(fb.maxHeight);
        expect(fa.operandTypes).toEqual(fb.operandTypes);
      });
    }), { numRuns: 200 });
  });
});
