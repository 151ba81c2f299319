// Streaming a function body one instruction at a time, without building an
// `Instr` object per instruction. Building millions of instruction objects is
// most of the cost of turning a big binary into an AST; a consumer that only
// looks at each instruction once (a validator, a compiler) can read the bytes
// through this instead.
//
// The stream fills one reused `Instr`-shaped object, `cur`, whose fields follow
// the AST's documentation; fields the current opcode has no immediate for are
// undefined. `cur` (and its `mem`) are overwritten by the next call of `next()`:
// copy what must outlive an iteration.
//
// Funcs decoded from a binary carry their body's bytes (see `bodySource`); for
// other Funcs (text-parsed, built by hand, or whose body was replaced) the
// stream walks `func.body` instead, so consumers need one code path.

import type { BlockType, Catch, Func, Instr, MemArg, ValType } from '../ast.js';
import { CompileError } from '../errors.js';
import type { ByteCursor } from './leb128.js';
import { MSG_TOO_LONG, MSG_UNEXPECTED_END, readLength, readS32, readS33, readS64, readU32, readU64Number, skipLeb64 } from './leb128.js';
import { ABS_HEAP_BY_BYTE, readHeapType, readRefTo } from './heap-type.js';
import { ImmCode, immKindTable, prefixTable } from './imm-codes.js';
import { keepShape } from './shape-anchor.js';

/** Where a decoded function's body lives: bytes[start..] up to and including its final `end`. */
export interface BodySource {
  bytes: Uint8Array;
  start: number;
  /** Just past the final `end`, when known (lets the stream skip tracking block depth). */
  end?: number;
  /** Builds the body's `Instr[]` from `start` (the decoder's; for lazily built bodies). */
  load?: (start: number) => Instr[];
}

const SOURCE = Symbol('wagonette.bodySource');
const IMM = immKindTable();

/** Records where a Func's body can be streamed from (used by the decoder). */
export function attachBodySource(f: Func, source: BodySource): void {
  Object.defineProperty(f, SOURCE, { value: source, writable: true, enumerable: false, configurable: true });
}

/** Forgets a Func's byte source (its body was replaced). */
export function detachBodySource(f: Func): void {
  if (Object.prototype.hasOwnProperty.call(f, SOURCE)) (f as unknown as Record<symbol, unknown>)[SOURCE] = undefined;
}

/** The byte source of a Func decoded from a binary whose body was not replaced; undefined otherwise. */
export function bodySource(f: Func): BodySource | undefined {
  return (f as unknown as Record<symbol, BodySource | undefined>)[SOURCE];
}

export interface InstrStream {
  /** The current instruction; overwritten by the next call of `next()`. */
  readonly cur: Instr;
  /** Index of the current instruction in the body (0 for the first). */
  readonly index: number;
  /** Moves to the next instruction; false once the body's final `end` has been passed. */
  next(): boolean;
}

export interface StreamOptions {
  /** Leave `cur.value` undefined for constants (their bytes are still checked): for
   *  consumers that only need types, e.g. the validator, so no bigint is built per i64/f64. */
  skipValues?: boolean;
}

/** A stream over a function body: from its bytes when it has a byte source, else from `f.body`. */
export function streamBody(f: Func, options: StreamOptions = {}): InstrStream {
  const src = bodySource(f);
  return src ? new ByteInstrStream(src.bytes, src.start, src.end ?? -1, options.skipValues === true) : new ArrayInstrStream(f.body);
}

/**
 * The byte view of a stream reading a decoded body whose end is known, or null.
 * A consumer may decode the simplest instructions itself for speed: it reads at
 * `pos`, moves `pos` past what it consumed, and calls `next()` for the rest
 * (`cur` and `index` then describe only instructions read through `next()`).
 */
export interface ByteBodyStream extends InstrStream {
  readonly bytes: Uint8Array;
  pos: number;
  /** Just past the body's final `end`. */
  readonly stop: number;
  /** End of the readable bytes. */
  readonly end: number;
}

export function asByteStream(s: InstrStream): ByteBodyStream | null {
  return s instanceof ByteInstrStream && s.stop >= 0 ? s : null;
}

/** A stream over an instruction list already in memory (a constant expression). */
export function streamExpr(e: Instr[]): InstrStream {
  return new ArrayInstrStream(e);
}

class ArrayInstrStream implements InstrStream {
  cur: Instr = { op: 0x0b, offset: -1 };
  index = -1;
  constructor(private readonly body: Instr[]) {}
  next(): boolean {
    if (this.index + 1 >= this.body.length) return false;
    this.cur = this.body[++this.index]!;
    return true;
  }
}

const NUM: (ValType | undefined)[] = [];
NUM[0x7f] = 'i32'; NUM[0x7e] = 'i64'; NUM[0x7d] = 'f32'; NUM[0x7c] = 'f64'; NUM[0x7b] = 'v128';
const CATCH_KINDS = ['catch', 'catch_ref', 'catch_all', 'catch_all_ref'] as const;

function hex2(n: number): string {
  return n.toString(16).padStart(2, '0');
}

/** The scratch instruction: every field present so its shape never changes. */
function scratch(): Instr {
  return {
    op: 0, offset: -1, idx: undefined, idx2: undefined, blockType: undefined, labels: undefined,
    mem: undefined, value: undefined, lane: undefined, lanes: undefined, types: undefined,
    heap: undefined, ref: undefined, ref2: undefined, catches: undefined, exact: undefined,
  };
}

/**
 * Reads instructions from bytes the decoder has already checked. It still never
 * reads out of bounds and throws CompileError on malformed bytes, but it does not
 * repeat the structural checks (else/catch placement) the decoder made.
 */
class ByteInstrStream implements InstrStream, ByteCursor {
  readonly cur: Instr = scratch();
  index = -1;
  pos: number;
  readonly end: number;
  private depth = 0;
  private done = false;
  private readonly mem: MemArg = { align: 0, offset: 0, memory: 0 };
  /** Immediate code of the current instruction, to clear its fields on the next step. */
  private lastImm: number = ImmCode.none;
  private readonly tables = IMM;

  /** `stop`: where the body ends (just past its final `end`) when the decoder measured
   *  it, else -1 and the stream tracks block depth to find the final `end`. */
  constructor(readonly bytes: Uint8Array, start: number, readonly stop = -1, private readonly skipValues = false) {
    this.pos = start;
    this.end = bytes.length;
  }

  // fail/u8 repeat the decoder's on purpose: class-own primitives keep this hot loop monomorphic.
  private fail(msg: string, at: number): never {
    throw new CompileError(msg, at);
  }

  private u8(): number {
    if (this.pos >= this.end) this.fail(MSG_UNEXPECTED_END, this.end);
    return this.bytes[this.pos++]!;
  }

  next(): boolean {
    const offset = this.pos;
    if (this.stop >= 0 ? offset >= this.stop : this.done) return false;
    if (offset >= this.end) this.fail(MSG_UNEXPECTED_END, this.end);
    let op = this.bytes[offset]!;
    this.pos = offset + 1;
    let kind: number;
    if (op >= 0xfb && op <= 0xfe) {
      const sub = readU32(this);
      const table = prefixTable(this.tables, op)!;
      kind = sub < table.length ? table[sub]! : -1;
      op = (op << 12) | sub;
    } else {
      kind = this.tables.single[op]!;
      if (this.stop < 0 && op <= 0x1f) this.trackDepth(op);
    }
    if (kind < 0) this.fail(`illegal opcode ${hex2(op > 0xff ? op >> 12 : op)}${op > 0xff ? ` ${hex2(op & 0xfff)}` : ''}`, offset);
    // Fields of the previous instruction's immediate kind are cleared unless this
    // instruction has the same kind (it overwrites them): runs of local.get etc.
    const last = this.lastImm;
    if (last !== ImmCode.none && last !== kind) this.clear(last);
    const c = this.cur;
    c.op = op;
    c.offset = offset;
    this.index++;
    this.lastImm = kind;
    if (kind === ImmCode.none) return true;
    // A one-byte index (local.get, call, br_if, ...) is the most common immediate.
    const p = offset + 1;
    if (kind === ImmCode.idx && op < 0x100 && p < this.end && this.bytes[p]! < 0x80) {
      c.idx = this.bytes[p]!;
      this.pos = p + 1;
      return true;
    }
    this.fill(kind);
    return true;
  }

  private trackDepth(op: number): void {
    switch (op) {
      case 0x02: case 0x03: case 0x04: case 0x06: case 0x1f: this.depth++; break;
      case 0x18: this.depth--; break; // delegate closes its try
      case 0x0b:
        if (this.depth === 0) this.done = true;
        else this.depth--;
        break;
    }
  }

  private clear(kind: number): void {
    const c = this.cur;
    switch (kind) {
      case ImmCode.block: c.blockType = undefined; return;
      case ImmCode.try_table: c.blockType = undefined; c.catches = undefined; return;
      case ImmCode.idx: case ImmCode.data: c.idx = undefined; return;
      case ImmCode.idx2: case ImmCode.data2: c.idx = undefined; c.idx2 = undefined; return;
      case ImmCode.br_table: c.labels = undefined; return;
      case ImmCode.memarg: c.mem = undefined; return;
      case ImmCode.memarg_lane: c.mem = undefined; c.lane = undefined; return;
      case ImmCode.i32: case ImmCode.i64: case ImmCode.f32: case ImmCode.f64: case ImmCode.v128: c.value = undefined; return;
      case ImmCode.lane: c.lane = undefined; return;
      case ImmCode.shuffle: c.lanes = undefined; return;
      case ImmCode.select_t: c.types = undefined; return;
      case ImmCode.heap: c.heap = undefined; c.exact = undefined; return;
      case ImmCode.br_on_cast: c.idx = undefined; c.ref = undefined; c.ref2 = undefined; return;
    }
  }

  private fill(kind: number): void {
    const c = this.cur;
    switch (kind) {
      case ImmCode.block: c.blockType = this.blockType(); return;
      case ImmCode.try_table: {
        c.blockType = this.blockType();
        const n = readLength(this);
        const catches: Catch[] = new Array(n);
        for (let i = 0; i < n; i++) {
          const at = this.pos;
          const k = this.u8();
          const ck = CATCH_KINDS[k];
          if (ck === undefined) this.fail('malformed catch clause', at);
          catches[i] = k < 2 ? { kind: ck, tag: readU32(this), label: readU32(this) } : { kind: ck, label: readU32(this) };
        }
        c.catches = catches;
        return;
      }
      case ImmCode.idx: case ImmCode.data: c.idx = readU32(this); return;
      case ImmCode.idx2: case ImmCode.data2: c.idx = readU32(this); c.idx2 = readU32(this); return;
      case ImmCode.br_table: {
        const n = readLength(this);
        const labels: number[] = new Array(n + 1);
        for (let i = 0; i <= n; i++) labels[i] = readU32(this);
        c.labels = labels;
        return;
      }
      case ImmCode.memarg: c.mem = this.memArg(); return;
      case ImmCode.memarg_lane: c.mem = this.memArg(); c.lane = this.u8(); return;
      case ImmCode.i32: if (this.skipValues) readS32(this); else c.value = readS32(this); return;
      case ImmCode.i64: if (this.skipValues) skipLeb64(this, true); else c.value = readS64(this); return;
      case ImmCode.f32: {
        if (this.skipValues) { this.take(4); return; }
        const p = this.take(4);
        const b = this.bytes;
        c.value = (b[p]! | (b[p + 1]! << 8) | (b[p + 2]! << 16) | (b[p + 3]! << 24)) >>> 0;
        return;
      }
      case ImmCode.f64: {
        if (this.skipValues) { this.take(8); return; }
        const p = this.take(8);
        const b = this.bytes;
        const lo = (b[p]! | (b[p + 1]! << 8) | (b[p + 2]! << 16) | (b[p + 3]! << 24)) >>> 0;
        const hi = (b[p + 4]! | (b[p + 5]! << 8) | (b[p + 6]! << 16) | (b[p + 7]! << 24)) >>> 0;
        c.value = (BigInt(hi) << 32n) | BigInt(lo);
        return;
      }
      case ImmCode.v128: { const p = this.take(16); if (this.skipValues) return; c.value = this.bytes.slice(p, p + 16); return; }
      case ImmCode.lane: c.lane = this.u8(); return;
      case ImmCode.shuffle: { const p = this.take(16); c.lanes = this.bytes.slice(p, p + 16); return; }
      case ImmCode.select_t: {
        const n = readLength(this);
        const types: ValType[] = new Array(n);
        for (let i = 0; i < n; i++) types[i] = this.valType();
        c.types = types;
        return;
      }
      case ImmCode.heap: c.heap = readHeapType(this); if (this.lastExact) c.exact = true; return;
      case ImmCode.br_on_cast: {
        const at = this.pos;
        const flags = this.u8();
        if (flags > 3) this.fail('malformed br_on_cast flags', at);
        c.idx = readU32(this);
        c.ref = readRefTo(this, (flags & 1) !== 0);
        c.ref2 = readRefTo(this, (flags & 2) !== 0);
        return;
      }
      case ImmCode.zero: {
        const at = this.pos;
        if (this.u8() !== 0) this.fail('zero byte expected', at);
        return;
      }
    }
  }

  private take(n: number): number {
    const p = this.pos;
    if (p + n > this.end) this.fail(MSG_UNEXPECTED_END, this.end);
    this.pos = p + n;
    return p;
  }

  private memArg(): MemArg {
    const at = this.pos;
    const flags = readU32(this);
    if (flags >= 0x80) this.fail('malformed memop flags', at);
    const m = this.mem;
    m.memory = flags & 0x40 ? readU32(this) : 0;
    m.offset = readU64Number(this);
    m.align = flags & 0x3f;
    return m;
  }

  /** Whether the last heap type read was `exact x` (see ./heap-type.ts). */
  lastExact = false;

  private valType(): ValType {
    const at = this.pos;
    const b = this.u8();
    const num = NUM[b];
    if (num !== undefined) return num;
    if (b & 0x80) this.fail(MSG_TOO_LONG, this.pos);
    const abs = ABS_HEAP_BY_BYTE[b];
    if (abs !== undefined) return { nullable: true, heap: abs };
    if (b === 0x63 || b === 0x64) return readRefTo(this, b === 0x63);
    return this.fail('malformed reference type', at);
  }

  private blockType(): BlockType {
    const at = this.pos;
    if (at >= this.end) this.fail(MSG_UNEXPECTED_END, this.end);
    const b = this.bytes[at]!;
    if (b === 0x40) { this.pos++; return null; }
    if ((b & 0xc0) === 0x40) return this.valType();
    const v = readS33(this);
    if (v < 0) this.fail('malformed block type', at);
    return v;
  }
}

keepShape(new ByteInstrStream(new Uint8Array(0), 0, 0, true));
keepShape(new ByteInstrStream(new Uint8Array(0), 0, -1, false));
