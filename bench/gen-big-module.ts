// The start-up workload: a deterministic generator of a large, valid module
// (default just over 10 MiB) whose functions look like compiled code: locals of
// several types, arithmetic, nested blocks and loops, branches, br_table,
// loads/stores, direct and indirect calls, globals. It writes the binary format
// directly (no dependency on the project's encoder), so it can measure the
// decoder/validator even while the rest of the engine is being built.
//
// Usage as a script: node dist/bench/gen-big-module.js OUT.wasm [MiB] [seed]

import { writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { OP_BY_NAME } from '../src/binary/opcodes.js';

/** Byte of a single-byte opcode, by its text-format name. */
function code(name: string): number {
  const info = OP_BY_NAME.get(name);
  if (info === undefined || info.code > 0xff) throw new Error(`gen-big-module: no single-byte opcode ${name}`);
  return info.code;
}

const I32 = 0x7f;
const I64 = 0x7e;
const F64 = 0x7c;
const FUNCREF = 0x70;
const EMPTY_BLOCK = 0x40;

type Val = 'i32' | 'i64' | 'f64';
const VALTYPE_BYTE: Record<Val, number> = { i32: I32, i64: I64, f64: F64 };

/** A growable byte buffer with the binary format's integer encodings. */
class Bytes {
  private buf = new Uint8Array(1024);
  length = 0;

  private reserve(n: number): void {
    if (this.length + n <= this.buf.length) return;
    let cap = this.buf.length * 2;
    while (cap < this.length + n) cap *= 2;
    const next = new Uint8Array(cap);
    next.set(this.buf.subarray(0, this.length));
    this.buf = next;
  }
  byte(b: number): this {
    this.reserve(1);
    this.buf[this.length++] = b;
    return this;
  }
  bytes(src: Uint8Array): this {
    this.reserve(src.length);
    this.buf.set(src, this.length);
    this.length += src.length;
    return this;
  }
  u32(v: number): this {
    do {
      let b = v & 0x7f;
      v >>>= 7;
      if (v !== 0) b |= 0x80;
      this.byte(b);
    } while (v !== 0);
    return this;
  }
  s32(v: number): this {
    v |= 0;
    for (;;) {
      const b = v & 0x7f;
      v >>= 7;
      if ((v === 0 && (b & 0x40) === 0) || (v === -1 && (b & 0x40) !== 0)) return this.byte(b);
      this.byte(b | 0x80);
    }
  }
  s64(v: bigint): this {
    v = BigInt.asIntN(64, v);
    for (;;) {
      const b = Number(v & 0x7fn);
      v >>= 7n;
      if ((v === 0n && (b & 0x40) === 0) || (v === -1n && (b & 0x40) !== 0)) return this.byte(b);
      this.byte(b | 0x80);
    }
  }
  f64(v: number): this {
    const tmp = new DataView(new ArrayBuffer(8));
    tmp.setFloat64(0, v, true);
    return this.bytes(new Uint8Array(tmp.buffer));
  }
  name(s: string): this {
    const utf8 = new TextEncoder().encode(s);
    return this.u32(utf8.length).bytes(utf8);
  }
  /** Length-prefixed copy of another buffer (section and function bodies). */
  sized(inner: Bytes): this {
    return this.u32(inner.length).bytes(inner.view());
  }
  view(): Uint8Array {
    return this.buf.subarray(0, this.length);
  }
}

/** mulberry32: small, fast and deterministic across platforms. */
class Rng {
  constructor(private state: number) {}
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) | 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)]!;
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
}

interface FuncSig {
  params: Val[];
  result: Val | null;
}

// The function types every generated function uses (index = type index).
const SIGS: FuncSig[] = [
  { params: ['i32', 'i32'], result: 'i32' },
  { params: ['i32'], result: 'i32' },
  { params: ['i32', 'i64', 'f64'], result: 'f64' },
  { params: ['i64', 'i64'], result: 'i64' },
  { params: [], result: null },
  { params: ['i32', 'f64'], result: 'i32' },
];

// Extra locals per function: enough of each type for realistic register pressure.
const EXTRA_LOCALS: [number, Val][] = [[4, 'i32'], [2, 'i64'], [2, 'f64']];
// Dedicated i32 loop counters, one per loop nesting level, so generated loops terminate.
const LOOP_COUNTERS = 3;
const MAX_STMT_DEPTH = 3;
const MAX_EXPR_DEPTH = 4;
const TABLE_SIZE = 64;

const I32_BINOPS = ['i32.add', 'i32.sub', 'i32.mul', 'i32.and', 'i32.or', 'i32.xor', 'i32.shl', 'i32.shr_u', 'i32.shr_s', 'i32.rotl'].map(code);
const I32_CMPOPS = ['i32.eq', 'i32.ne', 'i32.lt_s', 'i32.lt_u', 'i32.gt_s', 'i32.ge_u', 'i32.le_s'].map(code);
const I64_BINOPS = ['i64.add', 'i64.sub', 'i64.mul', 'i64.and', 'i64.or', 'i64.xor', 'i64.shl', 'i64.shr_u', 'i64.rotr'].map(code);
const I64_CMPOPS = ['i64.eq', 'i64.ne', 'i64.lt_s', 'i64.gt_u'].map(code);
const F64_BINOPS = ['f64.add', 'f64.sub', 'f64.mul', 'f64.div', 'f64.min', 'f64.max'].map(code);
const F64_UNOPS = ['f64.sqrt', 'f64.abs', 'f64.neg', 'f64.floor'].map(code);
const F64_CMPOPS = ['f64.lt', 'f64.gt', 'f64.le', 'f64.eq'].map(code);

const OP = {
  block: code('block'), loop: code('loop'), if: code('if'), else: code('else'), end: code('end'),
  br: code('br'), br_if: code('br_if'), br_table: code('br_table'), return: code('return'),
  call: code('call'), call_indirect: code('call_indirect'), drop: code('drop'), select: code('select'),
  local_get: code('local.get'), local_set: code('local.set'), local_tee: code('local.tee'),
  global_get: code('global.get'), global_set: code('global.set'),
  i32_load: code('i32.load'), i64_load: code('i64.load'), f64_load: code('f64.load'), i32_load8_u: code('i32.load8_u'),
  i32_store: code('i32.store'), i64_store: code('i64.store'), f64_store: code('f64.store'),
  i32_const: code('i32.const'), i64_const: code('i64.const'), f64_const: code('f64.const'),
  i32_eqz: code('i32.eqz'), i32_and: code('i32.and'), i32_sub: code('i32.sub'), i32_popcnt: code('i32.popcnt'),
  i32_wrap_i64: code('i32.wrap_i64'), i64_extend_i32_s: code('i64.extend_i32_s'), i64_extend_i32_u: code('i64.extend_i32_u'),
  f64_convert_i32_s: code('f64.convert_i32_s'),
};

/** Generates one function body, tracking types so the result always validates. */
class BodyWriter {
  readonly out = new Bytes();
  private readonly localsOf: Record<Val, number[]> = { i32: [], i64: [], f64: [] };
  private readonly loopCounterBase: number;
  private loopDepth = 0;

  constructor(
    private readonly rng: Rng,
    private readonly sig: FuncSig,
    private readonly funcsByResult: Record<Val, number[]>,
    private readonly funcTypes: number[],
  ) {
    let index = 0;
    for (const p of sig.params) this.localsOf[p].push(index++);
    for (const [count, t] of EXTRA_LOCALS) for (let i = 0; i < count; i++) this.localsOf[t].push(index++);
    this.loopCounterBase = index;
  }

  write(): Uint8Array {
    const o = this.out;
    // Local declarations: the extra locals, then the loop counters (i32).
    o.u32(EXTRA_LOCALS.length + 1);
    for (const [count, t] of EXTRA_LOCALS) o.u32(count).byte(VALTYPE_BYTE[t]);
    o.u32(LOOP_COUNTERS).byte(I32);
    const statements = 2 + this.rng.int(8);
    for (let i = 0; i < statements; i++) this.stmt(0);
    if (this.sig.result !== null) this.expr(this.sig.result, 0);
    o.byte(OP.end);
    return o.view();
  }

  private memarg(alignLog2: number): void {
    this.out.u32(alignLog2).u32(this.rng.int(8) * (1 << alignLog2));
  }

  /** An in-bounds-looking address: (expr & 0xfff0) + a small static offset. */
  private address(depth: number): void {
    this.expr('i32', depth + 1);
    this.out.byte(OP.i32_const).s32(0xfff0).byte(OP.i32_and);
  }

  private stmt(depth: number): void {
    const o = this.out;
    const r = this.rng;
    const nested = depth < MAX_STMT_DEPTH;
    switch (r.int(nested ? 10 : 6)) {
      case 0:
      case 1: {
        const t = r.pick<Val>(['i32', 'i32', 'i64', 'f64']);
        this.expr(t, 0);
        o.byte(OP.local_set).u32(r.pick(this.localsOf[t]));
        break;
      }
      case 2: {
        const t = r.pick<Val>(['i32', 'i64', 'f64']);
        this.address(0);
        this.expr(t, 1);
        o.byte(t === 'i32' ? OP.i32_store : t === 'i64' ? OP.i64_store : OP.f64_store);
        this.memarg(t === 'i32' ? 2 : 3);
        break;
      }
      case 3:
        this.expr('i32', 1);
        o.byte(OP.global_set).u32(0);
        break;
      case 4: {
        // A call whose result is dropped (or a void call).
        const callee = r.int(this.funcTypes.length);
        this.call(callee, 0);
        if (SIGS[this.funcTypes[callee]!]!.result !== null) o.byte(OP.drop);
        break;
      }
      case 5: {
        // Early exit from a function-level block on a condition.
        o.byte(OP.block).byte(EMPTY_BLOCK);
        this.expr('i32', 1);
        o.byte(OP.br_if).u32(0);
        this.stmt(depth + 1);
        o.byte(OP.end);
        break;
      }
      case 6:
      case 7: {
        this.expr('i32', 1);
        o.byte(OP.if).byte(EMPTY_BLOCK);
        this.stmts(depth + 1, 1 + r.int(3));
        if (r.chance(0.6)) {
          o.byte(OP.else);
          this.stmts(depth + 1, 1 + r.int(3));
        }
        o.byte(OP.end);
        break;
      }
      case 8: {
        if (this.loopDepth >= LOOP_COUNTERS) return this.stmt(MAX_STMT_DEPTH);
        const counter = this.loopCounterBase + this.loopDepth++;
        o.byte(OP.i32_const).s32(1 + r.int(100)).byte(OP.local_set).u32(counter);
        o.byte(OP.block).byte(EMPTY_BLOCK).byte(OP.loop).byte(EMPTY_BLOCK);
        this.stmts(depth + 1, 1 + r.int(4));
        if (r.chance(0.3)) {
          // A conditional break out of the loop.
          this.expr('i32', 2);
          o.byte(OP.br_if).u32(1);
        }
        o.byte(OP.local_get).u32(counter).byte(OP.i32_const).s32(1).byte(OP.i32_sub);
        o.byte(OP.local_tee).u32(counter).byte(OP.br_if).u32(0);
        o.byte(OP.end).byte(OP.end);
        this.loopDepth--;
        break;
      }
      default: {
        // A switch: nested blocks and a br_table on a small selector.
        const arms = 2 + r.int(3);
        for (let i = 0; i <= arms; i++) o.byte(OP.block).byte(EMPTY_BLOCK);
        this.expr('i32', 2);
        o.byte(OP.br_table).u32(arms);
        for (let i = 0; i < arms; i++) o.u32(i);
        o.u32(arms);
        o.byte(OP.end);
        for (let i = 0; i < arms; i++) {
          this.stmt(depth + 1);
          o.byte(OP.br).u32(arms - 1 - i);
          o.byte(OP.end);
        }
        break;
      }
    }
  }

  private stmts(depth: number, n: number): void {
    for (let i = 0; i < n; i++) this.stmt(depth);
  }

  private call(callee: number, depth: number): void {
    const sig = SIGS[this.funcTypes[callee]!]!;
    for (const p of sig.params) this.expr(p, depth + 1);
    if (this.rng.chance(0.15)) {
      // Indirect through the table: the table slot is chosen at run time.
      this.expr('i32', depth + 1);
      this.out.byte(OP.i32_const).s32(TABLE_SIZE - 1).byte(OP.i32_and);
      this.out.byte(OP.call_indirect).u32(this.funcTypes[callee]!).u32(0);
    } else {
      this.out.byte(OP.call).u32(callee);
    }
  }

  private expr(t: Val, depth: number): void {
    const o = this.out;
    const r = this.rng;
    const leaf = depth >= MAX_EXPR_DEPTH || r.chance(0.3);
    if (leaf) {
      if (r.chance(0.55)) {
        o.byte(OP.local_get).u32(r.pick(this.localsOf[t]));
      } else if (t === 'i32') {
        if (r.chance(0.15)) o.byte(OP.global_get).u32(0);
        else o.byte(OP.i32_const).s32(r.int(2000) - 100);
      } else if (t === 'i64') {
        o.byte(OP.i64_const).s64(BigInt(r.int(1 << 30)) * 0x10001n - 12345n);
      } else {
        o.byte(OP.f64_const).f64(Math.round(r.next() * 1e6) / 1000);
      }
      return;
    }
    const d = depth + 1;
    const k = r.int(10);
    if (k === 0 && this.funcsByResult[t].length > 0) {
      this.call(r.pick(this.funcsByResult[t]), d);
      return;
    }
    if (k === 1) {
      this.address(d);
      if (t === 'i32') {
        const byte = r.chance(0.3);
        o.byte(byte ? OP.i32_load8_u : OP.i32_load);
        this.memarg(byte ? 0 : 2);
      } else {
        o.byte(t === 'i64' ? OP.i64_load : OP.f64_load);
        this.memarg(3);
      }
      return;
    }
    if (k === 2) {
      this.expr(t, d);
      this.expr(t, d);
      this.expr('i32', d);
      o.byte(OP.select);
      return;
    }
    switch (t) {
      case 'i32':
        switch (r.int(6)) {
          case 0:
            this.expr('i32', d);
            this.expr('i32', d);
            o.byte(r.pick(I32_CMPOPS));
            return;
          case 1:
            this.expr('i64', d);
            this.expr('i64', d);
            o.byte(r.pick(I64_CMPOPS));
            return;
          case 2:
            this.expr('f64', d);
            this.expr('f64', d);
            o.byte(r.pick(F64_CMPOPS));
            return;
          case 3:
            this.expr('i64', d);
            o.byte(OP.i32_wrap_i64);
            return;
          case 4:
            this.expr('i32', d);
            o.byte(r.chance(0.5) ? OP.i32_eqz : OP.i32_popcnt);
            return;
          default:
            this.expr('i32', d);
            this.expr('i32', d);
            o.byte(r.pick(I32_BINOPS));
            return;
        }
      case 'i64':
        if (r.chance(0.25)) {
          this.expr('i32', d);
          o.byte(r.chance(0.5) ? OP.i64_extend_i32_s : OP.i64_extend_i32_u);
        } else {
          this.expr('i64', d);
          this.expr('i64', d);
          o.byte(r.pick(I64_BINOPS));
        }
        return;
      case 'f64':
        switch (r.int(4)) {
          case 0:
            this.expr('i32', d);
            o.byte(OP.f64_convert_i32_s);
            return;
          case 1:
            this.expr('f64', d);
            o.byte(r.pick(F64_UNOPS));
            return;
          default:
            this.expr('f64', d);
            this.expr('f64', d);
            o.byte(r.pick(F64_BINOPS));
            return;
        }
    }
  }
}

export interface BigModuleOptions {
  /** Stop adding functions once the code section reaches this many bytes (default 10.5 MiB); at least 512 functions are generated. */
  targetBytes?: number;
  seed?: number;
}

export interface BigModule {
  bytes: Uint8Array;
  functions: number;
}

/** Build the start-up workload module. Same options, same bytes. */
export function generateBigModule(options: BigModuleOptions = {}): BigModule {
  const target = options.targetBytes ?? Math.round(10.5 * 1024 * 1024);
  const rng = new Rng(options.seed ?? 0x5eed);

  // Bodies first: the function count is only known once the size target is hit.
  // Callees are drawn from a fixed pool of the first functions so bodies can be
  // generated before the total count is known.
  const CALLEE_POOL = 512;
  const funcTypes: number[] = [];
  for (let i = 0; i < CALLEE_POOL; i++) funcTypes.push(rng.int(SIGS.length));
  const funcsByResult: Record<Val, number[]> = { i32: [], i64: [], f64: [] };
  funcTypes.forEach((t, i) => {
    const res = SIGS[t]!.result;
    if (res !== null) funcsByResult[res].push(i);
  });
  const calleeTypes = funcTypes.slice();

  const code = new Bytes();
  let count = 0;
  // At least the callee pool, so every call and table entry names a real function.
  while (code.length < target || count < CALLEE_POOL) {
    const type = count < CALLEE_POOL ? funcTypes[count]! : rng.int(SIGS.length);
    if (count >= CALLEE_POOL) funcTypes.push(type);
    const body = new BodyWriter(rng, SIGS[type]!, funcsByResult, calleeTypes).write();
    code.u32(body.length).bytes(body);
    count++;
  }

  const module = new Bytes();
  module.bytes(new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]));
  const section = (id: number, content: Bytes): void => {
    module.byte(id).sized(content);
  };

  const types = new Bytes().u32(SIGS.length);
  for (const s of SIGS) {
    types.byte(0x60).u32(s.params.length);
    for (const p of s.params) types.byte(VALTYPE_BYTE[p]);
    if (s.result === null) types.u32(0);
    else types.u32(1).byte(VALTYPE_BYTE[s.result]);
  }
  section(1, types);

  const funcs = new Bytes().u32(count);
  for (const t of funcTypes) funcs.u32(t);
  section(3, funcs);

  section(4, new Bytes().u32(1).byte(FUNCREF).byte(0x00).u32(TABLE_SIZE));
  section(5, new Bytes().u32(1).byte(0x01).u32(1).u32(16)); // memory: 1 page, max 16
  const globals = new Bytes().u32(2);
  globals.byte(I32).byte(0x01).byte(OP.i32_const).s32(65536).byte(OP.end); // a mutable "stack pointer"
  globals.byte(I64).byte(0x00).byte(OP.i64_const).s64(0x123456789n).byte(OP.end);
  section(6, globals);

  const exportCount = Math.min(count, 32);
  const exports = new Bytes().u32(exportCount + 1);
  exports.name('memory').byte(0x02).u32(0);
  for (let i = 0; i < exportCount; i++) exports.name(`f${i}`).byte(0x00).u32(i * Math.floor(count / exportCount));
  section(7, exports);

  // One active element segment filling the table with callees of mixed types.
  const elems = new Bytes().u32(1).u32(0).byte(OP.i32_const).s32(0).byte(OP.end).u32(TABLE_SIZE);
  for (let i = 0; i < TABLE_SIZE; i++) elems.u32(i);
  section(9, elems);

  section(10, new Bytes().u32(count).bytes(code.view()));

  const data = new Bytes().u32(1).u32(0).byte(OP.i32_const).s32(1024).byte(OP.end);
  const blob = new Uint8Array(4096);
  for (let i = 0; i < blob.length; i++) blob[i] = (i * 131 + (i >> 5)) & 0xff;
  data.u32(blob.length).bytes(blob);
  section(11, data);

  return { bytes: module.view().slice(), functions: count };
}

// Script entry: write the module to a file.
const isMain = process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
if (isMain && process.argv[2] !== undefined) {
  const mib = process.argv[3] !== undefined ? Number(process.argv[3]) : 10.5;
  const seed = process.argv[4] !== undefined ? Number(process.argv[4]) : undefined;
  const { bytes, functions } = generateBigModule({ targetBytes: Math.round(mib * 1024 * 1024), seed });
  writeFileSync(process.argv[2], bytes);
  console.log(`wrote ${process.argv[2]}: ${bytes.length} bytes, ${functions} functions`);
}
