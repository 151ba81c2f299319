// The module AST: one TypeScript shape for a whole WebAssembly 3.0 module.
// The binary decoder and the text parser produce it; the encoder, validator,
// interpreter and disassembler consume it. Index spaces follow the spec:
// imported items come first, then the module's own definitions.

/** Abstract heap types (spec 3.0 "absheaptype"). */
export type AbsHeapType =
  | 'func' | 'nofunc'
  | 'extern' | 'noextern'
  | 'any' | 'eq' | 'i31' | 'struct' | 'array' | 'none'
  | 'exn' | 'noexn';

/** A heap type: an abstract one, or a type index (a concrete, defined type). */
export type HeapType = AbsHeapType | number;

export interface RefType {
  nullable: boolean;
  heap: HeapType;
  /** Custom-descriptors proposal: `(exact $t)`, only this type and no subtype (heap is a type index). */
  exact?: boolean;
}

export type NumType = 'i32' | 'i64' | 'f32' | 'f64';
export type VecType = 'v128';
/** Value types: strings for number/vector types, objects for reference types. */
export type ValType = NumType | VecType | RefType;
export type PackedType = 'i8' | 'i16';
export type StorageType = ValType | PackedType;

export interface FieldType {
  type: StorageType;
  mutable: boolean;
}

export type CompType =
  | { kind: 'func'; params: ValType[]; results: ValType[] }
  | { kind: 'struct'; fields: FieldType[] }
  | { kind: 'array'; field: FieldType };

export type FuncType = Extract<CompType, { kind: 'func' }>;

/** A type definition: `(sub final? supers comptype)`; a bare comptype is final with no supers. */
export interface SubType {
  final: boolean;
  supers: number[];
  comp: CompType;
  /** Custom-descriptors proposal: `(describes $x)`, the type this one is the descriptor of. */
  describes?: number;
  /** Custom-descriptors proposal: `(descriptor $y)`, this type's descriptor type. */
  descriptor?: number;
}

export type AddressType = 'i32' | 'i64';

/** Limits. Numbers are exact up to 2^53; larger u64 values (only ever invalid or
 *  unallocatable sizes) are rounded, and the encoder clamps them to 2^64-1. */
export interface Limits {
  min: number;
  max: number | null;
}

export interface MemType {
  address: AddressType;
  limits: Limits;
  shared: boolean;
  /** log2 of the page size; 16 unless the custom-page-sizes proposal is used. */
  pageSizeLog2?: number;
}

export interface TableType {
  address: AddressType;
  limits: Limits;
  elem: RefType;
}

export interface GlobalType {
  type: ValType;
  mutable: boolean;
}

/** Block types: empty, one result value type, or a type index. */
export type BlockType = null | ValType | number;

export interface MemArg {
  /** log2 of the alignment, as encoded. */
  align: number;
  offset: number;
  memory: number;
}

export type CatchKind = 'catch' | 'catch_ref' | 'catch_all' | 'catch_all_ref';
export interface Catch {
  kind: CatchKind;
  /** Tag index for catch/catch_ref. */
  tag?: number;
  label: number;
}

/**
 * One instruction of a flat instruction list. Structured instructions appear as
 * in the binary: `block`/`loop`/`if`/`try`/`try_table` ... `else`/`catch` ... `end`.
 * Only the immediates the opcode has are present (see `OPCODES` for which).
 */
export interface Instr {
  /** Opcode code: the byte, or (prefix << 12) | sub-opcode for 0xFB/0xFC/0xFD/0xFE. */
  op: number;
  /** Byte offset of the instruction's first byte in the module binary; -1 when not from a binary. */
  offset: number;
  /** First index immediate: local, global, func, table, memory, type, label, tag, elem, data. */
  idx?: number;
  /** Second index immediate: see the opcode's immediate kind. */
  idx2?: number;
  blockType?: BlockType;
  /** br_table: the targets, then the default label last. */
  labels?: number[];
  mem?: MemArg;
  /** i32.const: signed i32; i64.const: signed bigint; f32.const: raw u32 bits;
   *  f64.const: raw u64 bits as bigint; v128.const: 16 bytes (little-endian lanes). */
  value?: number | bigint | Uint8Array;
  /** Lane index for extract/replace lane and load/store lane. */
  lane?: number;
  /** i8x16.shuffle lane indices (16 bytes). */
  lanes?: Uint8Array;
  /** select with explicit types. */
  types?: ValType[];
  /** ref.null: the heap type; ref.test/ref.cast: the target heap type (nullability is in the opcode). */
  heap?: HeapType;
  /** With `heap`: the heap type is `(exact $t)` (custom-descriptors proposal). */
  exact?: boolean;
  /** br_on_cast/br_on_cast_fail: source and target reference types. */
  ref?: RefType;
  ref2?: RefType;
  /** try_table handlers. */
  catches?: Catch[];
}

/** A constant expression or function body: a flat list ending with `end`. */
export type Expr = Instr[];

export interface LocalGroup {
  count: number;
  type: ValType;
}

export interface Func {
  /** Type index. */
  type: number;
  /** Locals (not params) as encoded: runs of `count` locals of one type. */
  locals: LocalGroup[];
  /** Body including its final `end`. */
  body: Instr[];
  /** Byte offset of the body's code entry (its size field) in the binary; -1 when not from a binary. */
  offset?: number;
}

export type ExternKind = 'func' | 'table' | 'memory' | 'global' | 'tag';

export type ImportDesc =
  | { kind: 'func'; type: number; exact?: boolean } // exact: custom-descriptors `(exact typeuse)`
  | { kind: 'table'; type: TableType }
  | { kind: 'memory'; type: MemType }
  | { kind: 'global'; type: GlobalType }
  | { kind: 'tag'; type: number };

export interface Import {
  module: string;
  name: string;
  desc: ImportDesc;
}

export interface Table {
  type: TableType;
  /** Initialiser expression (3.0 `table` with init); null means ref.null of the element type. */
  init: Expr | null;
}

export interface Memory {
  type: MemType;
}

export interface Global {
  type: GlobalType;
  init: Expr;
}

export interface Tag {
  /** Type index of a function type with empty results. */
  type: number;
}

export interface Export {
  name: string;
  kind: ExternKind;
  index: number;
}

export type SegmentMode = 'active' | 'passive' | 'declarative';

export interface Elem {
  mode: SegmentMode;
  /** Active segments: table index and offset expression. */
  table?: number;
  offset?: Expr;
  type: RefType;
  /** Each element as a constant expression (ending with `end`). */
  init: Expr[];
  /** True when encoded as expressions; false when as function indices (each init is `ref.func i; end`). */
  exprs: boolean;
}

export interface Data {
  mode: 'active' | 'passive';
  memory: number;
  offset?: Expr;
  bytes: Uint8Array;
}

export interface CustomSection {
  name: string;
  data: Uint8Array;
  /** Id of the last non-custom section before this one (0 when it comes first). */
  after: number;
}

/** The `name` custom section, decoded. Maps are keyed by index. */
export interface Names {
  module?: string;
  funcs: Map<number, string>;
  locals: Map<number, Map<number, string>>;
  labels: Map<number, Map<number, string>>;
  types: Map<number, string>;
  fields: Map<number, Map<number, string>>;
  tables: Map<number, string>;
  memories: Map<number, string>;
  globals: Map<number, string>;
  elems: Map<number, string>;
  datas: Map<number, string>;
  tags: Map<number, string>;
}

export interface Module {
  /** All type definitions, flat, indexed by type index. */
  types: SubType[];
  /** Sizes of the recursion groups, in order; they sum to types.length. A plain type is a group of 1. */
  recGroups: number[];
  imports: Import[];
  /** Defined (not imported) functions. */
  funcs: Func[];
  tables: Table[];
  memories: Memory[];
  globals: Global[];
  tags: Tag[];
  exports: Export[];
  start: number | null;
  elems: Elem[];
  datas: Data[];
  /** Data count section value, when present. */
  dataCount: number | null;
  customs: CustomSection[];
  names: Names | null;
}

export function emptyModule(): Module {
  return {
    types: [], recGroups: [], imports: [], funcs: [], tables: [], memories: [], globals: [],
    tags: [], exports: [], start: null, elems: [], datas: [], dataCount: null, customs: [], names: null,
  };
}

export function emptyNames(): Names {
  return {
    funcs: new Map(), locals: new Map(), labels: new Map(), types: new Map(), fields: new Map(),
    tables: new Map(), memories: new Map(), globals: new Map(), elems: new Map(), datas: new Map(),
    tags: new Map(),
  };
}

// Common reference types.
export const FUNCREF: RefType = { nullable: true, heap: 'func' };
export const EXTERNREF: RefType = { nullable: true, heap: 'extern' };
export const EXNREF: RefType = { nullable: true, heap: 'exn' };

export function isRefType(t: StorageType): t is RefType {
  return typeof t === 'object';
}

export function heapTypeEq(a: HeapType, b: HeapType): boolean {
  return a === b;
}

/** Syntactic equality of value types (for concrete indices within one module). */
export function valTypeEq(a: StorageType, b: StorageType): boolean {
  if (typeof a === 'string' || typeof b === 'string') return a === b;
  return a.nullable === b.nullable && a.heap === b.heap && !a.exact === !b.exact;
}

/** Index-space counts, imports first. */
export function countImports(m: Module, kind: ExternKind): number {
  let n = 0;
  for (const im of m.imports) if (im.desc.kind === kind) n++;
  return n;
}
