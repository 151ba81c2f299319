// Immediate encodings as small integers, in flat lookup tables by opcode, so the
// decoder and encoder dispatch on a number instead of the opcode table's strings.
// Kinds that share an encoding share a code (e.g. every single-index immediate).

import type { ImmKind } from './opcodes.js';
import { OPCODES, PREFIX_ATOMIC, PREFIX_GC, PREFIX_MISC, PREFIX_SIMD } from './opcodes.js';

export const ImmCode = {
  none: 0,
  block: 1,
  try_table: 2,
  /** One u32 index in `idx`. */
  idx: 3,
  /** Two u32 indices in `idx`, `idx2`. */
  idx2: 4,
  /** One data index in `idx` (the module then needs a data count section). */
  data: 5,
  /** `idx`, `idx2` where one is a data index. */
  data2: 6,
  br_table: 7,
  memarg: 8,
  memarg_lane: 9,
  i32: 10,
  i64: 11,
  f32: 12,
  f64: 13,
  v128: 14,
  lane: 15,
  shuffle: 16,
  select_t: 17,
  heap: 18,
  br_on_cast: 19,
  /** A reserved byte that must be 0x00 (atomic.fence); nothing is stored. */
  zero: 20,
} as const;
export type ImmCode = (typeof ImmCode)[keyof typeof ImmCode];

export const IMM_NONE = ImmCode.none;

const CODE_OF_KIND: Record<ImmKind, ImmCode> = {
  none: ImmCode.none,
  block: ImmCode.block,
  try_table: ImmCode.try_table,
  label: ImmCode.idx, func: ImmCode.idx, type: ImmCode.idx, local: ImmCode.idx, global: ImmCode.idx,
  table: ImmCode.idx, memory: ImmCode.idx, tag: ImmCode.idx, elem: ImmCode.idx,
  data: ImmCode.data,
  call_indirect: ImmCode.idx2, table_init: ImmCode.idx2, table_copy: ImmCode.idx2,
  memory_copy: ImmCode.idx2, field: ImmCode.idx2, array_fixed: ImmCode.idx2,
  type_elem: ImmCode.idx2, type_type: ImmCode.idx2,
  memory_init: ImmCode.data2, type_data: ImmCode.data2,
  br_table: ImmCode.br_table,
  memarg: ImmCode.memarg,
  memarg_lane: ImmCode.memarg_lane,
  i32: ImmCode.i32, i64: ImmCode.i64, f32: ImmCode.f32, f64: ImmCode.f64, v128: ImmCode.v128,
  lane: ImmCode.lane,
  shuffle: ImmCode.shuffle,
  select_t: ImmCode.select_t,
  heap: ImmCode.heap,
  br_on_cast: ImmCode.br_on_cast,
  zero: ImmCode.zero,
};

export interface ImmTables {
  /** By single-byte opcode; -1 for bytes that are no instruction (or a prefix). */
  single: Int8Array;
  /** By sub-opcode of the 0xFB, 0xFC, 0xFD, 0xFE prefixes; -1 where undefined. */
  gc: Int8Array;
  misc: Int8Array;
  simd: Int8Array;
  atomic: Int8Array;
}

let tables: ImmTables | null = null;

/** The lookup tables (built once from OPCODES). */
export function immKindTable(): ImmTables {
  if (tables) return tables;
  const t: ImmTables = {
    single: new Int8Array(256).fill(-1),
    gc: new Int8Array(0),
    misc: new Int8Array(0),
    simd: new Int8Array(0),
    atomic: new Int8Array(0),
  };
  const maxSub = { [PREFIX_GC]: -1, [PREFIX_MISC]: -1, [PREFIX_SIMD]: -1, [PREFIX_ATOMIC]: -1 } as Record<number, number>;
  for (const o of OPCODES) {
    const prefix = o.code >> 12;
    if (prefix in maxSub) maxSub[prefix] = Math.max(maxSub[prefix]!, o.code & 0xfff);
  }
  t.gc = new Int8Array(maxSub[PREFIX_GC]! + 1).fill(-1);
  t.misc = new Int8Array(maxSub[PREFIX_MISC]! + 1).fill(-1);
  t.simd = new Int8Array(maxSub[PREFIX_SIMD]! + 1).fill(-1);
  t.atomic = new Int8Array(maxSub[PREFIX_ATOMIC]! + 1).fill(-1);
  for (const o of OPCODES) {
    const code = CODE_OF_KIND[o.imm];
    const prefix = o.code >> 12;
    if (prefix === 0) t.single[o.code] = code;
    else if (prefix === PREFIX_GC) t.gc[o.code & 0xfff] = code;
    else if (prefix === PREFIX_MISC) t.misc[o.code & 0xfff] = code;
    else if (prefix === PREFIX_SIMD) t.simd[o.code & 0xfff] = code;
    else if (prefix === PREFIX_ATOMIC) t.atomic[o.code & 0xfff] = code;
  }
  tables = t;
  return t;
}

/** Immediate code of any opcode code; -1 when the opcode is unknown. */
export function immCodeOf(op: number): number {
  const t = immKindTable();
  const prefix = op >> 12;
  const sub = op & 0xfff;
  const table = prefixTable(t, prefix);
  if (!table || sub >= table.length) return -1;
  return table[sub]!;
}

/** The sub-opcode table of a prefix byte (0 for single-byte opcodes); null for other bytes. */
export function prefixTable(t: ImmTables, prefix: number): Int8Array | null {
  switch (prefix) {
    case 0: return t.single;
    case PREFIX_GC: return t.gc;
    case PREFIX_MISC: return t.misc;
    case PREFIX_SIMD: return t.simd;
    case PREFIX_ATOMIC: return t.atomic;
  }
  return null;
}
