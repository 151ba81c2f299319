// The binary decoder: WebAssembly 3.0 module bytes to the module AST.
//
// Reads follow the reference interpreter's structure so that malformed inputs
// fail with the official suite's wording: reads are bounded by the end of the
// module (not of the enclosing section or function), and sizes are checked
// after their contents were read ("section size mismatch"). Counts are checked
// against the bytes left before anything is allocated for them.

import type {
  AbsHeapType, BlockType, Catch, CatchKind, CompType, CustomSection, Data, Elem, Export, Expr,
  ExternKind, FieldType, Func, Global, GlobalType, Import, ImportDesc, Instr, Limits,
  LocalGroup, MemArg, MemType, Module, RefType, StorageType, SubType, Table, TableType, ValType,
} from '../ast.js';
import { emptyModule } from '../ast.js';
import { CompileError } from '../errors.js';
import type { ByteCursor } from './leb128.js';
import {
  MSG_TOO_LONG, MSG_UNEXPECTED_END, readLength, readS32, readS33, readS64, readU32, readU64Number, skipLeb64,
} from './leb128.js';
import { ABS_HEAP_BY_BYTE, readHeapType, readRefTo } from './heap-type.js';
import { decodeNames } from './names.js';
import { IMM_NONE, immKindTable, ImmCode } from './imm-codes.js';
import { SectionId, SECTION_ORDER } from './sections.js';
import { keepShape } from './shape-anchor.js';
import { attachBodySource, bodySource, detachBodySource, type BodySource } from './instr-stream.js';

export interface DecodeOptions {
  /** Accept the custom-page-sizes proposal's memory limits flag (0x08). */
  customPageSizes?: boolean;
  /**
   * Build every function body's instruction list during decoding. By default
   * bodies are fully checked during decoding (same errors) but their `Instr`
   * lists are built on first access of `func.body`: allocating millions of
   * instruction objects is most of the cost of decoding a big module.
   */
  eagerBodies?: boolean;
}

/**
 * Decode a module binary. Throws only CompileError. Malformed function bodies
 * are reported here even when their instruction lists are built lazily; the
 * input is copied, so later changes to `bytes` do not affect the module.
 */
export function decodeModule(bytes: Uint8Array, options: DecodeOptions = {}): Module {
  try {
    // A private plain copy: later changes to `bytes` cannot reach lazily built
    // bodies, and slices are real copies even when given a Node Buffer.
    const own = new Uint8Array(bytes.length);
    own.set(bytes);
    return new Decoder(own, options).module();
  } catch (e) {
    if (e instanceof CompileError) throw e;
    // A bug or resource exhaustion: still report it as a compile failure.
    throw new CompileError(`malformed module: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/** Shared instances of the abbreviated nullable reference types (immutable by convention). */
function absRef(heap: AbsHeapType): RefType {
  return { nullable: true, heap };
}

const EXTERN_KINDS: ExternKind[] = ['func', 'table', 'memory', 'global', 'tag'];
const CATCH_KINDS: CatchKind[] = ['catch', 'catch_ref', 'catch_all', 'catch_all_ref'];

// Frame kinds for the structured-control bookkeeping of flat instruction lists.
const FRAME_BLOCK = 0;
const FRAME_IF = 1;
const FRAME_ELSE = 2;
const FRAME_TRY = 3;
const FRAME_CATCH = 4; // a legacy try after its first catch/catch_all

/** 1 for bytes the fast body scan leaves to the general path: block structure
 *  (tracked there) and the prefixes of multi-byte opcodes. */
const IS_STRUCTURAL = new Uint8Array(256);
for (const b of [0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x0b, 0x18, 0x19, 0x1f, 0xfb, 0xfc, 0xfd, 0xfe]) IS_STRUCTURAL[b] = 1;

/** 1 for the block-type bytes the fast body scan takes itself: empty and the numeric/vector types. */
const PLAIN_BLOCK_TYPE = new Uint8Array(256);
for (const b of [0x40, 0x7f, 0x7e, 0x7d, 0x7c, 0x7b]) PLAIN_BLOCK_TYPE[b] = 1;

function hex2(n: number): string {
  return n.toString(16).padStart(2, '0');
}

class Decoder implements ByteCursor {
  readonly bytes: Uint8Array;
  pos = 0;
  readonly end: number;
  private readonly opts: DecodeOptions;
  private readonly imm = immKindTable();
  /** Whether any instruction so far refers to a data segment (needs the data count section). */
  private usesDataIndex = false;
  private readonly frames: number[] = [];
  /** Number of entries of the code section (0 when there is none). */
  private codeCount = 0;
  /** Opcode of the instruction being read (see `opcode`). */
  private op = 0;

  constructor(bytes: Uint8Array, opts: DecodeOptions) {
    this.bytes = bytes;
    this.end = bytes.length;
    this.opts = opts;
  }

  // ---- primitive reads ----

  private fail(msg: string, at: number = this.pos): never {
    throw new CompileError(msg, at);
  }

  private u8(): number {
    if (this.pos >= this.end) this.fail(MSG_UNEXPECTED_END, this.end);
    return this.bytes[this.pos++]!;
  }

  private u32(): number {
    return readU32(this);
  }

  /** A one-byte signed LEB (the spec's s7): a continuation bit makes it too long. */
  private s7byte(): number {
    const b = this.u8();
    if (b & 0x80) this.fail(MSG_TOO_LONG, this.pos);
    return b;
  }

  private byteString(): Uint8Array {
    const n = readLength(this);
    if (this.pos + n > this.end) this.fail(MSG_UNEXPECTED_END, this.end);
    const s = this.bytes.slice(this.pos, this.pos + n);
    this.pos += n;
    return s;
  }

  private name(): string {
    const at = this.pos;
    const n = readLength(this);
    if (this.pos + n > this.end) this.fail(MSG_UNEXPECTED_END, this.end);
    const s = decodeUtf8(this.bytes, this.pos, this.pos + n);
    if (s === null) this.fail('malformed UTF-8 encoding', at);
    this.pos += n;
    return s;
  }

  // ---- types ----

  /** Whether the last heap type read was `exact x` (see ./heap-type.ts). */
  lastExact = false;

  private refType(): RefType {
    const at = this.pos;
    const b = this.s7byte();
    const abs = ABS_HEAP_BY_BYTE[b];
    if (abs !== undefined) return absRef(abs);
    if (b === 0x63) return readRefTo(this, true);
    if (b === 0x64) return readRefTo(this, false);
    return this.fail('malformed reference type', at);
  }

  private valType(): ValType {
    const at = this.pos;
    if (at < this.end) {
      switch (this.bytes[at]) {
        case 0x7f: this.pos++; return 'i32';
        case 0x7e: this.pos++; return 'i64';
        case 0x7d: this.pos++; return 'f32';
        case 0x7c: this.pos++; return 'f64';
        case 0x7b: this.pos++; return 'v128';
      }
    }
    return this.refType();
  }

  private storageType(): StorageType {
    const at = this.pos;
    if (at < this.end) {
      const b = this.bytes[at];
      if (b === 0x78) { this.pos++; return 'i8'; }
      if (b === 0x77) { this.pos++; return 'i16'; }
    }
    try {
      return this.valType();
    } catch (e) {
      if (e instanceof CompileError && e.reason === 'malformed reference type') this.fail('malformed storage type', at);
      throw e;
    }
  }

  private mutability(): boolean {
    const b = this.u8();
    if (b === 0) return false;
    if (b === 1) return true;
    return this.fail('malformed mutability', this.pos - 1);
  }

  private fieldType(): FieldType {
    const type = this.storageType();
    return { type, mutable: this.mutability() };
  }

  private valTypes(): ValType[] {
    const n = readLength(this);
    const ts: ValType[] = new Array(n);
    for (let i = 0; i < n; i++) ts[i] = this.valType();
    return ts;
  }

  private compType(): CompType {
    const at = this.pos;
    const b = this.s7byte();
    switch (b) {
      case 0x60: {
        const params = this.valTypes();
        const results = this.valTypes();
        return { kind: 'func', params, results };
      }
      case 0x5f: {
        const n = readLength(this);
        const fields: FieldType[] = new Array(n);
        for (let i = 0; i < n; i++) fields[i] = this.fieldType();
        return { kind: 'struct', fields };
      }
      case 0x5e:
        return { kind: 'array', field: this.fieldType() };
    }
    return this.fail('malformed definition type', at);
  }

  private subType(): SubType {
    const b = this.pos < this.end ? this.bytes[this.pos] : -1;
    if (b === 0x50 || b === 0x4f) {
      this.pos++;
      const n = readLength(this);
      const supers: number[] = new Array(n);
      for (let i = 0; i < n; i++) supers[i] = this.u32();
      return this.describedComp({ final: b === 0x4f, supers, comp: null! });
    }
    return this.describedComp({ final: true, supers: [], comp: null! });
  }

  /** Custom-descriptors proposal: optional `0x4c x` (describes), then `0x4d y` (descriptor), then the comptype. */
  private describedComp(st: SubType): SubType {
    if (this.pos < this.end && this.bytes[this.pos] === 0x4c) { this.pos++; st.describes = this.u32(); }
    if (this.pos < this.end && this.bytes[this.pos] === 0x4d) { this.pos++; st.descriptor = this.u32(); }
    st.comp = this.compType();
    return st;
  }

  /** Limits flags: a byte whose bits outside `allowed` make it malformed. */
  private limitsFlags(allowed: number): number {
    const at = this.pos;
    const flags = this.u8();
    if ((flags & ~allowed) !== 0) this.fail('malformed limits flags', at);
    return flags;
  }

  /** Limits are u64 for both address types (as in the reference decoder); range checks are validation's. */
  private limits(flags: number): Limits {
    const min = readU64Number(this);
    const max = flags & 1 ? readU64Number(this) : null;
    return { min, max };
  }

  private tableType(): TableType {
    const elem = this.refType();
    const flags = this.limitsFlags(0x05);
    const address = flags & 4 ? 'i64' : 'i32';
    return { address, limits: this.limits(flags), elem };
  }

  private memType(): MemType {
    const flags = this.limitsFlags(this.opts.customPageSizes ? 0x0f : 0x07);
    const address = flags & 4 ? 'i64' : 'i32';
    const limits = this.limits(flags);
    const mt: MemType = { address, limits, shared: (flags & 2) !== 0 };
    if (flags & 8) {
      const p = this.pos;
      const log2 = this.u32();
      if (log2 > 64) this.fail('invalid custom page size', p);
      mt.pageSizeLog2 = log2;
    }
    return mt;
  }

  private globalType(): GlobalType {
    const type = this.valType();
    return { type, mutable: this.mutability() };
  }

  private tagType(): number {
    const at = this.pos;
    if (this.u8() !== 0) this.fail('zero byte expected', at);
    return this.u32();
  }

  // ---- instructions ----

  private blockType(): BlockType {
    const at = this.pos;
    if (at >= this.end) this.fail(MSG_UNEXPECTED_END, this.end);
    const b = this.bytes[at]!;
    if (b === 0x40) {
      this.pos++;
      return null;
    }
    if ((b & 0xc0) === 0x40) return this.valType(); // a one-byte negative s33: a value type
    const v = readS33(this);
    if (v < 0) this.fail('malformed block type', at);
    return v;
  }

  private memArg(): MemArg {
    const at = this.pos;
    const flags = this.u32();
    if (flags >= 0x80) this.fail('malformed memop flags', at);
    const memory = flags & 0x40 ? this.u32() : 0;
    const offset = readU64Number(this);
    return { align: flags & 0x3f, offset, memory };
  }

  /**
   * Reads one opcode at `offset` (prefix and sub-opcode included) and returns its
   * immediate code; the full opcode is left in `this.op`. Tracks block structure:
   * returns -2 for the `end` that closes the whole expression.
   */
  private opcode(offset: number): number {
    const bytes = this.bytes;
    let op = bytes[offset]!;
    this.pos = offset + 1;
    if (op >= 0xfb && op <= 0xfe) {
      const sub = readU32(this);
      const table = op === 0xfb ? this.imm.gc : op === 0xfc ? this.imm.misc : op === 0xfd ? this.imm.simd : this.imm.atomic;
      const kind = sub < table.length ? table[sub]! : -1;
      if (kind < 0) this.fail(`illegal opcode ${hex2(op)} ${hex2(sub)}`, offset);
      this.op = (op << 12) | sub;
      return kind;
    }
    const kind = this.imm.single[op]!;
    if (kind < 0) this.fail(`illegal opcode ${hex2(op)}`, offset);
    this.op = op;
    if (op <= 0x1f) {
      // Structured control: keep just enough state to find the final `end`
      // and to reject else/catch where the reference decoder would.
      const frames = this.frames;
      const top = frames.length - 1;
      switch (op) {
        case 0x02: case 0x03: case 0x1f: frames.push(FRAME_BLOCK); break;
        case 0x04: frames.push(FRAME_IF); break;
        case 0x06: frames.push(FRAME_TRY); break;
        case 0x05:
          if (top < 0 || frames[top] !== FRAME_IF) this.fail('END opcode expected', offset);
          frames[top] = FRAME_ELSE;
          break;
        case 0x07: case 0x19:
          if (top < 0 || (frames[top] !== FRAME_TRY && frames[top] !== FRAME_CATCH)) {
            this.fail('END opcode expected', offset);
          }
          frames[top] = FRAME_CATCH;
          break;
        case 0x18:
          if (top < 0 || frames[top] !== FRAME_TRY) this.fail('END opcode expected', offset);
          frames.pop();
          break;
        case 0x0b:
          if (top < 0) return -2;
          frames.pop();
          break;
      }
    }
    return kind;
  }

  /** Decodes instructions up to and including the `end` that closes the expression. */
  private expr(): Expr {
    const out: Instr[] = [];
    this.frames.length = 0;
    for (;;) {
      const offset = this.pos;
      if (offset >= this.end) this.fail(MSG_UNEXPECTED_END, this.end);
      const kind = this.opcode(offset);
      if (kind === -2) {
        out.push({ op: 0x0b, offset });
        return out;
      }
      out.push(kind === IMM_NONE ? { op: this.op, offset } : this.immediates(this.op, kind, offset));
    }
  }

  /**
   * Checks an expression as `expr` would, with the same errors, without building
   * anything: used for function bodies, which are materialised on first access.
   */
  private scanExpr(): void {
    this.frames.length = 0;
    const bytes = this.bytes;
    const end = this.end;
    const single = this.imm.single;
    // The position lives in a local (a register) on the fast path, which takes the
    // common instructions whose immediates are short and plainly valid. Anything
    // else (control, prefixes, long or odd encodings, the end of input) is re-read
    // from its start by the general path, so errors are exactly those of `expr`.
    let pos = this.pos;
    for (;;) {
      const offset = pos;
      if (offset + 10 < end) {
        const op = bytes[offset]!;
        if (op <= 0x0b) {
          // Block structure with the plainest block types; frames as `opcode` keeps them.
          const frames = this.frames;
          if (op === 0x0b) {
            if (frames.length === 0) { this.pos = offset + 1; return; }
            frames.pop();
            pos = offset + 1;
            continue;
          }
          if ((op === 0x02 || op === 0x03 || op === 0x04) && PLAIN_BLOCK_TYPE[bytes[offset + 1]!]) {
            frames.push(op === 0x04 ? FRAME_IF : FRAME_BLOCK);
            pos = offset + 2;
            continue;
          }
          if (op === 0x05 && frames.length > 0 && frames[frames.length - 1] === FRAME_IF) {
            frames[frames.length - 1] = FRAME_ELSE;
            pos = offset + 1;
            continue;
          }
        }
        if (!IS_STRUCTURAL[op]) {
          const kind = single[op]!;
          if (kind === IMM_NONE) { pos = offset + 1; continue; }
          const b = bytes[offset + 1]!;
          switch (kind) {
            case ImmCode.idx:
              if (b < 0x80) { pos = offset + 2; continue; }
              if (bytes[offset + 2]! < 0x80) { pos = offset + 3; continue; } // two bytes: always a valid u32
              break;
            case ImmCode.i32:
              if (b < 0x80) { pos = offset + 2; continue; }
              if (bytes[offset + 2]! < 0x80) { pos = offset + 3; continue; }
              break;
            case ImmCode.i64: {
              // Up to 9 bytes a signed LEB128 is always a valid s64.
              let q = offset + 1;
              while (q < offset + 10 && bytes[q]! >= 0x80) q++;
              if (q < offset + 10) { pos = q + 1; continue; }
              break;
            }
            case ImmCode.f32: pos = offset + 5; continue;
            case ImmCode.f64: pos = offset + 9; continue;
            case ImmCode.memarg:
              if (b < 0x40 && bytes[offset + 2]! < 0x80) { pos = offset + 3; continue; }
              break;
          }
        }
      }
      this.pos = offset;
      if (offset >= end) this.fail(MSG_UNEXPECTED_END, end);
      const kind = this.opcode(offset);
      if (kind === -2) return;
      if (kind !== IMM_NONE) this.skipImmediates(kind, offset);
      pos = this.pos;
    }
  }

  private skipImmediates(kind: number, offset: number): void {
    switch (kind as ImmCode) {
      case ImmCode.block: this.blockType(); return;
      case ImmCode.try_table: this.immediates(this.op, kind, offset); return;
      case ImmCode.idx: readU32(this); return;
      case ImmCode.idx2: readU32(this); readU32(this); return;
      case ImmCode.data: this.usesDataIndex = true; readU32(this); return;
      case ImmCode.data2: this.usesDataIndex = true; readU32(this); readU32(this); return;
      case ImmCode.br_table: {
        const n = readLength(this);
        for (let i = 0; i <= n; i++) readU32(this);
        return;
      }
      case ImmCode.memarg: this.skipMemArg(); return;
      case ImmCode.memarg_lane: this.skipMemArg(); this.u8(); return;
      case ImmCode.i32: readS32(this); return;
      case ImmCode.i64: skipLeb64(this, true); return;
      case ImmCode.f32: this.skipBytes(4); return;
      case ImmCode.f64: this.skipBytes(8); return;
      case ImmCode.v128: case ImmCode.shuffle: this.skipBytes(16); return;
      case ImmCode.lane: this.u8(); return;
      case ImmCode.select_t: {
        const n = readLength(this);
        for (let i = 0; i < n; i++) this.valType();
        return;
      }
      case ImmCode.heap: readHeapType(this); return;
      case ImmCode.br_on_cast: this.immediates(this.op, kind, offset); return;
      case ImmCode.zero: this.zeroByte(); return;
    }
  }

  private skipMemArg(): void {
    const at = this.pos;
    const flags = readU32(this);
    if (flags >= 0x80) this.fail('malformed memop flags', at);
    if (flags & 0x40) readU32(this);
    skipLeb64(this, false);
  }

  private skipBytes(n: number): void {
    if (this.pos + n > this.end) this.fail(MSG_UNEXPECTED_END, this.end);
    this.pos += n;
  }

  private immediates(op: number, kind: number, offset: number): Instr {
    switch (kind as ImmCode) {
      case ImmCode.block:
        return { op, offset, blockType: this.blockType() };
      case ImmCode.try_table: {
        const blockType = this.blockType();
        const n = readLength(this);
        const catches: Catch[] = new Array(n);
        for (let i = 0; i < n; i++) {
          const at = this.pos;
          const k = this.u8();
          const ck = CATCH_KINDS[k];
          if (ck === undefined) this.fail('malformed catch clause', at);
          if (k < 2) {
            const tag = this.u32();
            catches[i] = { kind: ck, tag, label: this.u32() };
          } else {
            catches[i] = { kind: ck, label: this.u32() };
          }
        }
        return { op, offset, blockType, catches };
      }
      case ImmCode.idx:
        return { op, offset, idx: this.u32() };
      case ImmCode.idx2: {
        const idx = this.u32();
        return { op, offset, idx, idx2: this.u32() };
      }
      case ImmCode.data: {
        this.usesDataIndex = true;
        return { op, offset, idx: this.u32() };
      }
      case ImmCode.data2: {
        this.usesDataIndex = true;
        const idx = this.u32();
        return { op, offset, idx, idx2: this.u32() };
      }
      case ImmCode.br_table: {
        const n = readLength(this);
        const labels: number[] = new Array(n + 1);
        for (let i = 0; i <= n; i++) labels[i] = this.u32();
        return { op, offset, labels };
      }
      case ImmCode.memarg:
        return { op, offset, mem: this.memArg() };
      case ImmCode.memarg_lane: {
        const mem = this.memArg();
        return { op, offset, mem, lane: this.u8() };
      }
      case ImmCode.i32:
        return { op, offset, value: readS32(this) };
      case ImmCode.i64:
        return { op, offset, value: readS64(this) };
      case ImmCode.f32: {
        const p = this.pos;
        if (p + 4 > this.end) this.fail(MSG_UNEXPECTED_END, this.end);
        const b = this.bytes;
        this.pos = p + 4;
        return { op, offset, value: (b[p]! | (b[p + 1]! << 8) | (b[p + 2]! << 16) | (b[p + 3]! << 24)) >>> 0 };
      }
      case ImmCode.f64: {
        const p = this.pos;
        if (p + 8 > this.end) this.fail(MSG_UNEXPECTED_END, this.end);
        this.pos = p + 8;
        return { op, offset, value: this.view().getBigUint64(p, true) };
      }
      case ImmCode.v128:
        return { op, offset, value: this.fixedBytes(16) };
      case ImmCode.lane:
        return { op, offset, lane: this.u8() };
      case ImmCode.shuffle:
        return { op, offset, lanes: this.fixedBytes(16) };
      case ImmCode.select_t:
        return { op, offset, types: this.valTypes() };
      case ImmCode.heap: {
        const heap = readHeapType(this);
        return this.lastExact ? { op, offset, heap, exact: true } : { op, offset, heap };
      }
      case ImmCode.br_on_cast: {
        const at = this.pos;
        const flags = this.u8();
        if (flags > 3) this.fail('malformed br_on_cast flags', at);
        const idx = this.u32();
        const ref = readRefTo(this, (flags & 1) !== 0);
        const ref2 = readRefTo(this, (flags & 2) !== 0);
        return { op, offset, idx, ref, ref2 };
      }
      case ImmCode.zero:
        this.zeroByte();
        return { op, offset };
    }
    return this.fail(`illegal opcode ${hex2(op)}`, offset);
  }

  /** atomic.fence's reserved byte. */
  private zeroByte(): void {
    const at = this.pos;
    if (this.u8() !== 0) this.fail('zero byte expected', at);
  }

  private dataView: DataView | null = null;
  private view(): DataView {
    return (this.dataView ??= new DataView(this.bytes.buffer, this.bytes.byteOffset, this.bytes.byteLength));
  }

  private fixedBytes(n: number): Uint8Array {
    const p = this.pos;
    if (p + n > this.end) this.fail(MSG_UNEXPECTED_END, this.end);
    this.pos = p + n;
    return this.bytes.slice(p, p + n);
  }

  // ---- sections ----

  module(): Module {
    const m = emptyModule();
    if (this.end < 4) this.fail(MSG_UNEXPECTED_END, this.end);
    const b = this.bytes;
    if (b[0] !== 0x00 || b[1] !== 0x61 || b[2] !== 0x73 || b[3] !== 0x6d) this.fail('magic header not detected', 0);
    if (this.end < 8) this.fail(MSG_UNEXPECTED_END, this.end);
    if (b[4] !== 1 || b[5] !== 0 || b[6] !== 0 || b[7] !== 0) this.fail('unknown binary version', 4);
    this.pos = 8;

    let lastOrder = 0; // position in SECTION_ORDER of the last non-custom section
    let lastId = 0;
    let funcTypes: number[] = [];
    while (this.pos < this.end) {
      const idAt = this.pos;
      const id = this.bytes[this.pos]!;
      const order = SECTION_ORDER[id];
      if (order === undefined) this.fail('malformed section id', idAt);
      if (id !== SectionId.custom && order <= lastOrder) this.fail('unexpected content after last section', idAt);
      this.pos++;
      const size = readLength(this);
      const start = this.pos;
      const end = start + size;
      switch (id) {
        case SectionId.custom: m.customs.push(this.customSection(end, lastId)); break;
        case SectionId.type: this.typeSection(m); break;
        case SectionId.import: this.importSection(m); break;
        case SectionId.func: {
          const n = readLength(this);
          funcTypes = new Array(n);
          for (let i = 0; i < n; i++) funcTypes[i] = this.u32();
          break;
        }
        case SectionId.table: {
          const n = readLength(this);
          for (let i = 0; i < n; i++) m.tables.push(this.table());
          break;
        }
        case SectionId.memory: {
          const n = readLength(this);
          for (let i = 0; i < n; i++) m.memories.push({ type: this.memType() });
          break;
        }
        case SectionId.tag: {
          const n = readLength(this);
          for (let i = 0; i < n; i++) m.tags.push({ type: this.tagType() });
          break;
        }
        case SectionId.global: {
          const n = readLength(this);
          for (let i = 0; i < n; i++) {
            const type = this.globalType();
            m.globals.push({ type, init: this.expr() } satisfies Global);
          }
          break;
        }
        case SectionId.export: this.exportSection(m); break;
        case SectionId.start: m.start = this.u32(); break;
        case SectionId.elem: {
          const n = readLength(this);
          for (let i = 0; i < n; i++) m.elems.push(this.elem());
          break;
        }
        case SectionId.dataCount: m.dataCount = this.u32(); break;
        case SectionId.code: this.codeSection(m, funcTypes); break;
        case SectionId.data: {
          const n = readLength(this);
          for (let i = 0; i < n; i++) m.datas.push(this.data());
          break;
        }
      }
      if (this.pos !== end) this.fail('section size mismatch', start);
      if (id !== SectionId.custom) {
        lastOrder = order;
        lastId = id;
      }
    }
    if (this.codeCount !== funcTypes.length) {
      this.fail('function and code section have inconsistent lengths', this.end);
    }
    if (m.dataCount !== null && m.dataCount !== m.datas.length) {
      this.fail('data count and data section have inconsistent lengths', this.end);
    }
    if (m.dataCount === null && this.usesDataIndex) this.fail('data count section required', this.end);
    const nameSection = m.customs.find((c) => c.name === 'name');
    if (nameSection) m.names = decodeNames(nameSection.data);
    return m;
  }

  private bodyDecoder: Decoder | null = null;
  /** Builds the body at a position (one closure per module, shared by its lazy Funcs). */
  private loadBody: ((at: number) => Instr[]) | null = null;

  /** Materialises a function body that `scanExpr` already checked. */
  private bodyAt(at: number): Instr[] {
    const d = (this.bodyDecoder ??= new Decoder(this.bytes, this.opts));
    d.pos = at;
    return d.expr();
  }

  private customSection(end: number, after: number): CustomSection {
    const name = this.name();
    if (this.pos > end) this.fail(MSG_UNEXPECTED_END, end);
    const data = this.bytes.slice(this.pos, end);
    this.pos = end;
    return { name, data, after };
  }

  private typeSection(m: Module): void {
    const n = readLength(this);
    for (let i = 0; i < n; i++) {
      if (this.pos < this.end && this.bytes[this.pos] === 0x4e) {
        this.pos++;
        const k = readLength(this);
        for (let j = 0; j < k; j++) m.types.push(this.subType());
        m.recGroups.push(k);
      } else {
        m.types.push(this.subType());
        m.recGroups.push(1);
      }
    }
  }

  private importSection(m: Module): void {
    const n = readLength(this);
    for (let i = 0; i < n; i++) {
      const module = this.name();
      const name = this.name();
      const at = this.pos;
      const kind = this.u8();
      let desc: ImportDesc;
      switch (kind) {
        case 0: desc = { kind: 'func', type: this.u32() }; break;
        case 1: desc = { kind: 'table', type: this.tableType() }; break;
        case 2: desc = { kind: 'memory', type: this.memType() }; break;
        case 3: desc = { kind: 'global', type: this.globalType() }; break;
        case 4: desc = { kind: 'tag', type: this.tagType() }; break;
        case 0x20: desc = { kind: 'func', type: this.u32(), exact: true }; break; // custom descriptors
        default: this.fail('malformed import kind', at);
      }
      m.imports.push({ module, name, desc } satisfies Import);
    }
  }

  private table(): Table {
    if (this.pos < this.end && this.bytes[this.pos] === 0x40) {
      this.pos++;
      const at = this.pos;
      if (this.u8() !== 0x00) this.fail('zero byte expected', at);
      const type = this.tableType();
      return { type, init: this.expr() };
    }
    return { type: this.tableType(), init: null };
  }

  private exportSection(m: Module): void {
    const n = readLength(this);
    for (let i = 0; i < n; i++) {
      const name = this.name();
      const at = this.pos;
      const kind = EXTERN_KINDS[this.u8()];
      if (kind === undefined) this.fail('malformed export kind', at);
      m.exports.push({ name, kind, index: this.u32() } satisfies Export);
    }
  }

  private funcIndices(): Expr[] {
    const n = readLength(this);
    const init: Expr[] = new Array(n);
    for (let i = 0; i < n; i++) {
      const offset = this.pos;
      const idx = this.u32();
      // Synthesised `ref.func idx; end`: not from a binary position of their own.
      init[i] = [{ op: 0xd2, offset, idx }, { op: 0x0b, offset: -1 }];
    }
    return init;
  }

  private exprs(): Expr[] {
    const n = readLength(this);
    const init: Expr[] = new Array(n);
    for (let i = 0; i < n; i++) init[i] = this.expr();
    return init;
  }

  private elemKind(): RefType {
    const at = this.pos;
    if (this.u8() !== 0x00) this.fail('malformed element kind', at);
    return { nullable: false, heap: 'func' };
  }

  private elem(): Elem {
    const at = this.pos;
    const flags = this.u32();
    switch (flags) {
      case 0: {
        const offset = this.expr();
        return { mode: 'active', table: 0, offset, type: { nullable: false, heap: 'func' }, init: this.funcIndices(), exprs: false };
      }
      case 1: {
        const type = this.elemKind();
        return { mode: 'passive', type, init: this.funcIndices(), exprs: false };
      }
      case 2: {
        const table = this.u32();
        const offset = this.expr();
        const type = this.elemKind();
        return { mode: 'active', table, offset, type, init: this.funcIndices(), exprs: false };
      }
      case 3: {
        const type = this.elemKind();
        return { mode: 'declarative', type, init: this.funcIndices(), exprs: false };
      }
      case 4: {
        const offset = this.expr();
        return { mode: 'active', table: 0, offset, type: { nullable: true, heap: 'func' }, init: this.exprs(), exprs: true };
      }
      case 5: {
        const type = this.refType();
        return { mode: 'passive', type, init: this.exprs(), exprs: true };
      }
      case 6: {
        const table = this.u32();
        const offset = this.expr();
        const type = this.refType();
        return { mode: 'active', table, offset, type, init: this.exprs(), exprs: true };
      }
      case 7: {
        const type = this.refType();
        return { mode: 'declarative', type, init: this.exprs(), exprs: true };
      }
    }
    return this.fail('malformed elements segment kind', at);
  }

  private data(): Data {
    const at = this.pos;
    const flags = this.u32();
    switch (flags) {
      case 0: {
        const offset = this.expr();
        return { mode: 'active', memory: 0, offset, bytes: this.byteString() };
      }
      case 1:
        return { mode: 'passive', memory: 0, bytes: this.byteString() };
      case 2: {
        const memory = this.u32();
        const offset = this.expr();
        return { mode: 'active', memory, offset, bytes: this.byteString() };
      }
    }
    return this.fail('malformed data segment kind', at);
  }

  private codeSection(m: Module, funcTypes: number[]): void {
    const n = readLength(this);
    this.codeCount = n;
    for (let i = 0; i < n; i++) {
      const entry = this.pos;
      const size = readLength(this);
      const start = this.pos;
      const groups = readLength(this);
      const locals: LocalGroup[] = new Array(groups);
      let total = 0;
      for (let g = 0; g < groups; g++) {
        const count = this.u32();
        total += count;
        locals[g] = { count, type: this.valType() };
      }
      if (total > 0xffffffff) this.fail('too many locals', start);
      const type = funcTypes[i] ?? 0;
      if (this.opts.eagerBodies) {
        const body = this.expr();
        if (this.pos !== start + size) this.fail('section size mismatch', start);
        m.funcs.push({ type, locals, body, offset: entry } satisfies Func);
      } else {
        const bodyAt = this.pos;
        this.scanExpr();
        if (this.pos !== start + size) this.fail('section size mismatch', start);
        const load = (this.loadBody ??= (at: number) => this.bodyAt(at));
        const f = lazyFunc(type, locals, entry, { bytes: this.bytes, start: bodyAt, end: start + size, load });
        m.funcs.push(f);
      }
    }
  }
}

/**
 * A Func whose `body` is an own, enumerable accessor until first read: the read
 * builds the list from the Func's byte source and turns `body` into a plain data
 * property. The accessor functions are shared (they find the Func as `this`), so
 * every lazy Func has the same shape: per-object closures would give each Func
 * its own hidden class, costing several hundred bytes per function.
 */
function lazyFunc(type: number, locals: LocalGroup[], offset: number, source: BodySource): Func {
  const f = { type, locals } as Func;
  Object.defineProperty(f, 'body', LAZY_BODY);
  f.offset = offset;
  attachBodySource(f, source);
  return f;
}

function settleBody(f: Func, body: Instr[]): Instr[] {
  Object.defineProperty(f, 'body', { value: body, writable: true, enumerable: true, configurable: true });
  return body;
}

const LAZY_BODY: PropertyDescriptor = {
  enumerable: true,
  configurable: true,
  get(this: Func): Instr[] {
    const src = bodySource(this)!;
    return settleBody(this, src.load!(src.start));
  },
  set(this: Func, v: Instr[]): void {
    detachBodySource(this); // the bytes no longer describe the body
    settleBody(this, v);
  },
};

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Strict UTF-8 decoding of bytes[start, end); null when malformed (overlongs, surrogates, > U+10FFFF). */
export function decodeUtf8(bytes: Uint8Array, start: number, end: number): string | null {
  if (end - start <= 32) {
    // Short ASCII names (the common case) without the decoder's call overhead.
    let s = '';
    for (let i = start; i < end; i++) {
      const b = bytes[i]!;
      if (b >= 0x80) return decodeUtf8Slow(bytes, start, end);
      s += String.fromCharCode(b);
    }
    return s;
  }
  return decodeUtf8Slow(bytes, start, end);
}

function decodeUtf8Slow(bytes: Uint8Array, start: number, end: number): string | null {
  try {
    return utf8.decode(bytes.subarray(start, end));
  } catch {
    return null;
  }
}

// See shape-anchor.ts: a decoder and a lazily built Func stay alive so the classes
// that optimised decoding code depends on survive garbage collection.
keepShape(new Decoder(new Uint8Array(0), {}));
keepShape(lazyFunc(0, [], -1, { bytes: new Uint8Array(0), start: 0, end: 0, load: () => [] }));
