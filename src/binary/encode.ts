// The binary encoder: module AST to canonical WebAssembly 3.0 bytes, such that
// decodeModule(encodeModule(m)) equals m up to instruction offsets.
//
// Canonical choices: shortest LEB128s; reference types in their one-byte
// abbreviation when one exists; no `rec` wrapper for a group of one type and
// no `sub final` wrapper for a final type without supertypes; memory index in
// a memarg only when it is not 0; element segments as function indices when
// `exprs` is false and every item is `ref.func i` with type `(ref func)`.
//
// Sections: a section is written when it has content, or when a custom section
// is recorded as coming right after it (so `after` survives a round trip). The
// data count section is written when m.dataCount is set or an instruction uses
// a data index (then with the number of data segments).
//
// The name section rule: when m.names is non-null it is the source of truth.
// It is encoded from m.names and written where the first custom section named
// "name" sits in m.customs (other "name" customs are dropped), or after the
// last section when there is none. When m.names is null, "name" customs are
// written as raw bytes like any other custom section.

import type {
  BlockType, CompType, Data, Elem, Expr, FieldType, HeapType, Instr, Limits, MemType, Module,
  RefType, StorageType, SubType, TableType, ValType,
} from '../ast.js';
import { writeS32, writeS33, writeS64, writeU32, writeU64Number } from './leb128.js';
import { ImmCode, immCodeOf } from './imm-codes.js';
import { OPCODES } from './opcodes.js';
import { encodeNames } from './names.js';
import { SectionId, SECTION_ORDER } from './sections.js';
import { ByteWriter } from './writer.js';

const ABS_HEAP_BYTE: Record<string, number> = {
  noexn: 0x74, nofunc: 0x73, noextern: 0x72, none: 0x71, func: 0x70, extern: 0x6f,
  any: 0x6e, eq: 0x6d, i31: 0x6c, struct: 0x6b, array: 0x6a, exn: 0x69,
};
const NUM_BYTE: Record<string, number> = { i32: 0x7f, i64: 0x7e, f32: 0x7d, f64: 0x7c, v128: 0x7b };
const EXTERN_BYTE: Record<string, number> = { func: 0, table: 1, memory: 2, global: 3, tag: 4 };
const CATCH_BYTE: Record<string, number> = { catch: 0, catch_ref: 1, catch_all: 2, catch_all_ref: 3 };

const utf8 = new TextEncoder();

/** Encodes a module; throws a plain Error for ASTs no binary can express (unknown opcodes). */
export function encodeModule(m: Module): Uint8Array {
  return new Encoder(m).module();
}

function writeHeapType(w: ByteWriter, h: HeapType, exact = false): void {
  if (exact && typeof h === 'number') w.byte(0x62); // custom-descriptors: `exact x`
  if (typeof h === 'number') writeS33(w, h);
  else w.byte(ABS_HEAP_BYTE[h]!);
}

function writeRefType(w: ByteWriter, t: RefType): void {
  if (t.nullable && typeof t.heap === 'string') {
    w.byte(ABS_HEAP_BYTE[t.heap]!);
    return;
  }
  w.byte(t.nullable ? 0x63 : 0x64);
  writeHeapType(w, t.heap, t.exact === true);
}

function writeValType(w: ByteWriter, t: ValType): void {
  if (typeof t === 'string') w.byte(NUM_BYTE[t]!);
  else writeRefType(w, t);
}

function writeStorageType(w: ByteWriter, t: StorageType): void {
  if (t === 'i8') w.byte(0x78);
  else if (t === 'i16') w.byte(0x77);
  else writeValType(w, t);
}

function writeFieldType(w: ByteWriter, f: FieldType): void {
  writeStorageType(w, f.type);
  w.byte(f.mutable ? 1 : 0);
}

function writeValTypes(w: ByteWriter, ts: ValType[]): void {
  writeU32(w, ts.length);
  for (const t of ts) writeValType(w, t);
}

function writeCompType(w: ByteWriter, c: CompType): void {
  switch (c.kind) {
    case 'func':
      w.byte(0x60);
      writeValTypes(w, c.params);
      writeValTypes(w, c.results);
      return;
    case 'struct':
      w.byte(0x5f);
      writeU32(w, c.fields.length);
      for (const f of c.fields) writeFieldType(w, f);
      return;
    case 'array':
      w.byte(0x5e);
      writeFieldType(w, c.field);
      return;
  }
}

function writeSubType(w: ByteWriter, s: SubType): void {
  if (!s.final || s.supers.length > 0) {
    w.byte(s.final ? 0x4f : 0x50);
    writeU32(w, s.supers.length);
    for (const x of s.supers) writeU32(w, x);
  }
  // Custom-descriptors clauses, describes before descriptor.
  if (s.describes !== undefined) { w.byte(0x4c); writeU32(w, s.describes); }
  if (s.descriptor !== undefined) { w.byte(0x4d); writeU32(w, s.descriptor); }
  writeCompType(w, s.comp);
}

function writeLimits(w: ByteWriter, flags: number, l: Limits): void {
  if (l.max !== null) flags |= 1;
  w.byte(flags);
  writeU64Number(w, l.min);
  if (l.max !== null) writeU64Number(w, l.max);
}

function writeTableType(w: ByteWriter, t: TableType): void {
  writeRefType(w, t.elem);
  writeLimits(w, t.address === 'i64' ? 4 : 0, t.limits);
}

function writeMemType(w: ByteWriter, t: MemType): void {
  let flags = t.address === 'i64' ? 4 : 0;
  if (t.shared) flags |= 2;
  if (t.pageSizeLog2 !== undefined) flags |= 8;
  writeLimits(w, flags, t.limits);
  if (t.pageSizeLog2 !== undefined) writeU32(w, t.pageSizeLog2);
}

function writeBlockType(w: ByteWriter, bt: BlockType | undefined): void {
  if (bt === null || bt === undefined) w.byte(0x40);
  else if (typeof bt === 'number') writeS33(w, bt);
  else writeValType(w, bt);
}

function writeName(w: ByteWriter, s: string): void {
  w.sized(utf8.encode(s));
}

function writeFixed(w: ByteWriter, bytes: Uint8Array | undefined, n: number): void {
  for (let i = 0; i < n; i++) w.byte(bytes ? bytes[i] ?? 0 : 0);
}

/** Opcodes with a data segment index immediate (memory.init, data.drop, array.new_data, array.init_data). */
const DATA_OPS: readonly number[] = OPCODES
  .filter((o) => o.imm === 'data' || o.imm === 'memory_init' || o.imm === 'type_data')
  .map((o) => o.code);

/** Whether an instruction refers to a data segment index. */
function usesDataIndex(i: Instr): boolean {
  return i.op > 0xff && DATA_OPS.includes(i.op);
}

/** Whether some expression of the module refers to a data segment (as the decoder checks). */
function needsDataCount(m: Module): boolean {
  const any = (e: Expr | null | undefined) => !!e && e.some(usesDataIndex);
  return m.funcs.some((f) => any(f.body)) || m.globals.some((g) => any(g.init)) ||
    m.tables.some((t) => any(t.init)) || m.datas.some((d) => any(d.offset)) ||
    m.elems.some((e) => any(e.offset) || e.init.some(any));
}

export function writeInstr(w: ByteWriter, i: Instr): void {
  const op = i.op;
  if (op > 0xff) {
    w.byte(op >> 12);
    writeU32(w, op & 0xfff);
  } else {
    w.byte(op);
  }
  const code = immCodeOf(op);
  switch (code) {
    case ImmCode.none:
      return;
    case ImmCode.block:
      writeBlockType(w, i.blockType);
      return;
    case ImmCode.try_table: {
      writeBlockType(w, i.blockType);
      const cs = i.catches ?? [];
      writeU32(w, cs.length);
      for (const c of cs) {
        w.byte(CATCH_BYTE[c.kind]!);
        if (c.kind === 'catch' || c.kind === 'catch_ref') writeU32(w, c.tag ?? 0);
        writeU32(w, c.label);
      }
      return;
    }
    case ImmCode.idx:
    case ImmCode.data:
      writeU32(w, i.idx ?? 0);
      return;
    case ImmCode.idx2:
    case ImmCode.data2:
      writeU32(w, i.idx ?? 0);
      writeU32(w, i.idx2 ?? 0);
      return;
    case ImmCode.br_table: {
      const ls = i.labels ?? [0];
      writeU32(w, ls.length - 1);
      for (const l of ls) writeU32(w, l);
      return;
    }
    case ImmCode.memarg:
    case ImmCode.memarg_lane: {
      const m = i.mem ?? { align: 0, offset: 0, memory: 0 };
      if (m.memory !== 0) {
        writeU32(w, m.align | 0x40);
        writeU32(w, m.memory);
      } else {
        writeU32(w, m.align);
      }
      writeU64Number(w, m.offset);
      if (code === ImmCode.memarg_lane) w.byte(i.lane ?? 0);
      return;
    }
    case ImmCode.i32:
      writeS32(w, Number(i.value ?? 0));
      return;
    case ImmCode.i64: {
      const v = (i.value ?? 0n) as bigint | number;
      // Most constants fit 32 bits: encode those without bigint arithmetic.
      if (v >= -0x80000000 && v <= 0x7fffffff) writeS32(w, Number(v));
      else writeS64(w, BigInt(v));
      return;
    }
    case ImmCode.f32:
      w.u32le(Number(i.value ?? 0) >>> 0);
      return;
    case ImmCode.f64: {
      const bits = BigInt.asUintN(64, BigInt(i.value as bigint | number ?? 0n));
      w.u32le(Number(bits & 0xffffffffn));
      w.u32le(Number(bits >> 32n));
      return;
    }
    case ImmCode.v128:
      writeFixed(w, i.value as Uint8Array | undefined, 16);
      return;
    case ImmCode.lane:
      w.byte(i.lane ?? 0);
      return;
    case ImmCode.shuffle:
      writeFixed(w, i.lanes, 16);
      return;
    case ImmCode.select_t:
      writeValTypes(w, i.types ?? []);
      return;
    case ImmCode.heap:
      writeHeapType(w, i.heap ?? 'func', i.exact === true);
      return;
    case ImmCode.br_on_cast: {
      const r1 = i.ref ?? { nullable: true, heap: 'any' };
      const r2 = i.ref2 ?? { nullable: true, heap: 'any' };
      w.byte((r1.nullable ? 1 : 0) | (r2.nullable ? 2 : 0));
      writeU32(w, i.idx ?? 0);
      writeHeapType(w, r1.heap, r1.exact === true);
      writeHeapType(w, r2.heap, r2.exact === true);
      return;
    }
    case ImmCode.zero:
      w.byte(0);
      return;
  }
  throw new Error(`cannot encode unknown opcode 0x${op.toString(16)}`);
}

export function writeExpr(w: ByteWriter, e: Expr): void {
  for (const i of e) writeInstr(w, i);
}

/** Whether an element segment can use the function-index encoding. */
function elemAsIndices(e: Elem): boolean {
  if (e.exprs || e.type.nullable || e.type.heap !== 'func') return false;
  return e.init.every((x) => x.length === 2 && x[0]!.op === 0xd2 && x[1]!.op === 0x0b);
}

class Encoder {
  private readonly out = new ByteWriter(1024);
  /** Section contents are built here, then copied into `out` behind their size. */
  private readonly scratch = new ByteWriter(1024);
  /** Ids of sections some custom section is recorded as following. */
  private readonly anchored = new Set<number>();

  constructor(private readonly m: Module) {
    for (const c of m.customs) this.anchored.add(c.after);
  }

  private section(id: number, present: boolean, fill: (w: ByteWriter) => void): void {
    if (!present && !this.anchored.has(id)) {
      this.customsAfter(id);
      return;
    }
    const w = this.scratch;
    w.length = 0;
    fill(w);
    this.out.byte(id);
    this.out.sized(w.view());
    this.customsAfter(id);
  }

  private nameWritten = false;
  private customsAfter(id: number): void {
    for (const c of this.m.customs) {
      if (c.after !== id) continue;
      if (c.name === 'name' && this.m.names !== null) {
        if (this.nameWritten) continue;
        this.writeCustom('name', encodeNames(this.m.names));
        this.nameWritten = true;
        continue;
      }
      this.writeCustom(c.name, c.data);
    }
  }

  private writeCustom(name: string, data: Uint8Array): void {
    const w = new ByteWriter(data.length + name.length + 8);
    writeName(w, name);
    w.bytes(data);
    this.out.byte(SectionId.custom);
    this.out.sized(w.finish());
  }

  module(): Uint8Array {
    const m = this.m;
    const out = this.out;
    out.u32le(0x6d736100);
    out.u32le(1);
    this.customsAfter(0);

    this.section(SectionId.type, m.recGroups.length > 0, (w) => {
      writeU32(w, m.recGroups.length);
      let t = 0;
      for (const size of m.recGroups) {
        if (size !== 1) {
          w.byte(0x4e);
          writeU32(w, size);
        }
        for (let k = 0; k < size; k++) writeSubType(w, m.types[t++]!);
      }
    });
    this.section(SectionId.import, m.imports.length > 0, (w) => {
      writeU32(w, m.imports.length);
      for (const im of m.imports) {
        writeName(w, im.module);
        writeName(w, im.name);
        const d = im.desc;
        w.byte(d.kind === 'func' && d.exact ? 0x20 : EXTERN_BYTE[d.kind]!);
        switch (d.kind) {
          case 'func': writeU32(w, d.type); break;
          case 'table': writeTableType(w, d.type); break;
          case 'memory': writeMemType(w, d.type); break;
          case 'global': writeValType(w, d.type.type); w.byte(d.type.mutable ? 1 : 0); break;
          case 'tag': w.byte(0); writeU32(w, d.type); break;
        }
      }
    });
    this.section(SectionId.func, m.funcs.length > 0, (w) => {
      writeU32(w, m.funcs.length);
      for (const f of m.funcs) writeU32(w, f.type);
    });
    this.section(SectionId.table, m.tables.length > 0, (w) => {
      writeU32(w, m.tables.length);
      for (const t of m.tables) {
        if (t.init !== null) {
          w.byte(0x40);
          w.byte(0x00);
          writeTableType(w, t.type);
          writeExpr(w, t.init);
        } else {
          writeTableType(w, t.type);
        }
      }
    });
    this.section(SectionId.memory, m.memories.length > 0, (w) => {
      writeU32(w, m.memories.length);
      for (const mem of m.memories) writeMemType(w, mem.type);
    });
    this.section(SectionId.tag, m.tags.length > 0, (w) => {
      writeU32(w, m.tags.length);
      for (const t of m.tags) {
        w.byte(0);
        writeU32(w, t.type);
      }
    });
    this.section(SectionId.global, m.globals.length > 0, (w) => {
      writeU32(w, m.globals.length);
      for (const g of m.globals) {
        writeValType(w, g.type.type);
        w.byte(g.type.mutable ? 1 : 0);
        writeExpr(w, g.init);
      }
    });
    this.section(SectionId.export, m.exports.length > 0, (w) => {
      writeU32(w, m.exports.length);
      for (const e of m.exports) {
        writeName(w, e.name);
        w.byte(EXTERN_BYTE[e.kind]!);
        writeU32(w, e.index);
      }
    });
    if (m.start !== null) this.section(SectionId.start, true, (w) => writeU32(w, m.start!));
    else this.customsAfter(SectionId.start);
    this.section(SectionId.elem, m.elems.length > 0, (w) => {
      writeU32(w, m.elems.length);
      for (const e of m.elems) this.writeElem(w, e);
    });
    const dataCount = m.dataCount ?? (needsDataCount(m) ? m.datas.length : null);
    if (dataCount !== null) this.section(SectionId.dataCount, true, (w) => writeU32(w, dataCount));
    else this.customsAfter(SectionId.dataCount);
    this.section(SectionId.code, m.funcs.length > 0, (w) => {
      writeU32(w, m.funcs.length);
      const body = new ByteWriter(256);
      for (const f of m.funcs) {
        body.length = 0;
        writeU32(body, f.locals.length);
        for (const l of f.locals) {
          writeU32(body, l.count);
          writeValType(body, l.type);
        }
        writeExpr(body, f.body);
        w.sized(body.view());
      }
    });
    this.section(SectionId.data, m.datas.length > 0, (w) => {
      writeU32(w, m.datas.length);
      for (const d of m.datas) this.writeData(w, d);
    });
    // Custom sections recorded after an id that is no section go last.
    for (const c of m.customs) {
      if (SECTION_ORDER[c.after] === undefined && !(c.name === 'name' && m.names !== null)) this.writeCustom(c.name, c.data);
    }
    if (m.names !== null && !this.nameWritten) this.writeCustom('name', encodeNames(m.names));
    return out.finish();
  }

  private writeElem(w: ByteWriter, e: Elem): void {
    const indices = elemAsIndices(e);
    const table0 = e.mode === 'active' && (e.table ?? 0) === 0;
    if (indices) {
      if (e.mode === 'active') {
        w.byte(table0 ? 0 : 2);
        if (!table0) writeU32(w, e.table!);
        writeExpr(w, e.offset ?? []);
        if (!table0) w.byte(0x00);
      } else {
        w.byte(e.mode === 'passive' ? 1 : 3);
        w.byte(0x00);
      }
      writeU32(w, e.init.length);
      for (const x of e.init) writeU32(w, x[0]!.idx ?? 0);
      return;
    }
    const nullFuncref = e.type.nullable && e.type.heap === 'func';
    if (e.mode === 'active') {
      const short = table0 && nullFuncref;
      w.byte(short ? 4 : 6);
      if (!short) writeU32(w, e.table ?? 0);
      writeExpr(w, e.offset ?? []);
      if (!short) writeRefType(w, e.type);
    } else {
      w.byte(e.mode === 'passive' ? 5 : 7);
      writeRefType(w, e.type);
    }
    writeU32(w, e.init.length);
    for (const x of e.init) writeExpr(w, x);
  }

  private writeData(w: ByteWriter, d: Data): void {
    if (d.mode === 'passive') {
      w.byte(1);
    } else if (d.memory === 0) {
      w.byte(0);
      writeExpr(w, d.offset ?? []);
    } else {
      w.byte(2);
      writeU32(w, d.memory);
      writeExpr(w, d.offset ?? []);
    }
    w.sized(d.bytes);
  }
}
