// The module's defined types after validation: canonical indices (iso-recursive
// equivalence), encoded field/param types, and the subtyping relation on heap and
// value type codes (see types.ts for the encoding).

import type { HeapType, Module, StorageType, SubType, ValType } from '../ast.js';
import { CompileError } from '../errors.js';
import {
  BOT, H_ANY, H_ARRAY, H_BOT, H_CONCRETE, H_EQ, H_EXN, H_EXTERN, H_FUNC, H_I31, H_NOEXN, H_NOEXTERN,
  H_NOFUNC, H_NONE, H_STRUCT, K_ARRAY, K_FUNC, K_STRUCT, REF_BASE, absHeapCode, encodeStorage, heapOf,
  isNullable, mkRef, isExact,
} from './types.js';

/** Process-wide interning of recursion-group descriptions, so type keys are short
 *  and equal across modules exactly when the groups are structurally equal. */
const groupIds = new Map<string, number>();

function fail(msg: string): never {
  throw new CompileError(msg);
}

export class TypeContext {
  readonly count: number;
  /** Canonical index per type index (the first index in the module with the same key). */
  readonly canon: Int32Array;
  readonly keys: string[];
  /** K_FUNC / K_STRUCT / K_ARRAY per type index. */
  readonly kind: Uint8Array;
  /** Declared supertype (canonical index) per type index, or -1. */
  readonly superOf: Int32Array;
  readonly final: Uint8Array;
  /** Function types: encoded params/results (empty arrays for other kinds). */
  readonly params: Int32Array[];
  readonly results: Int32Array[];
  /** Struct fields / array element (one entry): encoded storage types and mutability. */
  readonly fields: Int32Array[];
  readonly fieldMut: Uint8Array[];

  constructor(readonly m: Module) {
    const types = m.types;
    const n = types.length;
    this.count = n;
    this.canon = new Int32Array(n);
    this.keys = new Array<string>(n);
    this.kind = new Uint8Array(n);
    this.superOf = new Int32Array(n).fill(-1);
    this.final = new Uint8Array(n);
    this.params = new Array<Int32Array>(n);
    this.results = new Array<Int32Array>(n);
    this.fields = new Array<Int32Array>(n);
    this.fieldMut = new Array<Uint8Array>(n);
    this.computeKeys();
    const firstByKey = new Map<string, number>();
    for (let i = 0; i < n; i++) {
      const k = this.keys[i];
      const f = firstByKey.get(k);
      if (f === undefined) { firstByKey.set(k, i); this.canon[i] = i; } else this.canon[i] = f;
    }
    const heap = this.heapEncoder;
    for (let i = 0; i < n; i++) {
      const st = types[i];
      const c = st.comp;
      this.final[i] = st.final ? 1 : 0;
      const empty = new Int32Array(0);
      this.params[i] = empty; this.results[i] = empty;
      if (c.kind === 'func') {
        this.kind[i] = K_FUNC;
        this.params[i] = Int32Array.from(c.params, (t) => encodeStorage(t, heap));
        this.results[i] = Int32Array.from(c.results, (t) => encodeStorage(t, heap));
        this.fields[i] = empty; this.fieldMut[i] = new Uint8Array(0);
      } else if (c.kind === 'struct') {
        this.kind[i] = K_STRUCT;
        this.fields[i] = Int32Array.from(c.fields, (f) => encodeStorage(f.type, heap));
        this.fieldMut[i] = Uint8Array.from(c.fields, (f) => (f.mutable ? 1 : 0));
      } else {
        this.kind[i] = K_ARRAY;
        this.fields[i] = Int32Array.of(encodeStorage(c.field.type, heap));
        this.fieldMut[i] = Uint8Array.of(c.field.mutable ? 1 : 0);
      }
    }
    this.checkDescriptorPairs();
    for (let i = 0; i < n; i++) {
      const sup = types[i].supers;
      if (sup.length > 1) fail(`sub type ${i} has more than one super type`);
      if (sup.length === 1) this.superOf[i] = this.canon[sup[0]];
    }
    for (let i = 0; i < n; i++) if (types[i].supers.length === 1) this.checkSubDecl(i, types[i].supers[0]);
  }

  /** Iso-recursive keys, group by group; also rejects references past the current group. */
  private computeKeys(): void {
    const m = this.m;
    let start = 0;
    const groups = m.recGroups.length > 0 || m.types.length === 0 ? m.recGroups : [m.types.length];
    for (const size of groups) {
      const end = start + size;
      if (end > m.types.length) fail('unknown type');
      const parts: string[] = [];
      for (let i = start; i < end; i++) parts.push(this.describe(m.types[i], i, start, end));
      const desc = parts.join(';');
      let gid = groupIds.get(desc);
      if (gid === undefined) { gid = groupIds.size; groupIds.set(desc, gid); }
      for (let i = start; i < end; i++) this.keys[i] = `${gid}.${i - start}`;
      start = end;
    }
    if (start !== m.types.length) {
      // Types not covered by any declared group: each its own group.
      for (let i = start; i < m.types.length; i++) {
        const desc = this.describe(m.types[i], i, i, i + 1);
        let gid = groupIds.get(desc);
        if (gid === undefined) { gid = groupIds.size; groupIds.set(desc, gid); }
        this.keys[i] = `${gid}.0`;
      }
    }
  }

  private describe(st: SubType, self: number, start: number, end: number): string {
    const ref = (x: number): string => {
      if (!Number.isInteger(x) || x < 0 || x >= end) fail(`unknown type ${x}`);
      return x >= start ? `#${x - start}` : `@${this.keys[x]}`;
    };
    const stor = (t: StorageType): string => {
      if (typeof t === 'string') return t;
      const h = typeof t.heap === 'number' ? ref(t.heap) : t.heap;
      return `${t.nullable ? 'n' : 'r'}${t.exact ? 'x' : ''}:${h}`;
    };
    let s = st.final ? 'F' : 'S';
    for (const x of st.supers) {
      if (x >= self) fail(`unknown type ${x}`);
      s += ref(x) + ',';
    }
    // Custom-descriptors clauses: both ends of a describes/descriptor pair live in one rec group.
    if (st.describes !== undefined) {
      const x = st.describes;
      if (!Number.isInteger(x) || x < start || x >= end) fail('described type is outside rec group');
      if (x >= self) fail('forward use of described type');
      s += '<' + ref(x);
    }
    if (st.descriptor !== undefined) {
      const y = st.descriptor;
      if (!Number.isInteger(y) || y < start || y >= end) fail('descriptor type is outside rec group');
      s += '>' + ref(y);
    }
    const c = st.comp;
    if (c.kind === 'func') s += `f(${c.params.map(stor).join(' ')}|${c.results.map(stor).join(' ')})`;
    else if (c.kind === 'struct') s += `s(${c.fields.map((f) => (f.mutable ? 'm' : 'c') + stor(f.type)).join(' ')})`;
    else s += `a(${(c.field.mutable ? 'm' : 'c') + stor(c.field.type)})`;
    return s;
  }

  /** Custom-descriptors proposal: descriptor clauses come in matching pairs on struct types. */
  private checkDescriptorPairs(): void {
    const types = this.m.types;
    for (let i = 0; i < types.length; i++) {
      const st = types[i];
      if (st.descriptor === undefined && st.describes === undefined) continue;
      if (st.descriptor !== undefined && st.comp.kind !== 'struct') fail('descriptor type must be a struct');
      if (st.describes !== undefined && st.comp.kind !== 'struct') fail('described type must be a struct');
      if (st.descriptor !== undefined && types[st.descriptor].describes !== i) fail('type is not described by its descriptor');
      if (st.describes !== undefined && types[st.describes].descriptor !== i) fail('described type is not described by descriptor');
    }
  }

  /** Canonical index of type x's descriptor type, or -1. */
  descriptorOf(x: number): number {
    const y = this.m.types[x].descriptor;
    return y === undefined ? -1 : this.canon[y];
  }

  private checkSubDecl(i: number, s: number): void {
    const bad = () => fail(`sub type ${i} does not match super type ${s}`);
    if (this.final[s]) bad();
    // Custom descriptors: a subtype keeps its supertype's descriptor relation, covariantly.
    const ti = this.m.types[i], ts = this.m.types[s];
    if (ts.descriptor !== undefined && ti.descriptor === undefined) bad();
    if (ti.descriptor !== undefined && ts.descriptor !== undefined
      && !this.heapSub(H_CONCRETE + this.canon[ti.descriptor], H_CONCRETE + this.canon[ts.descriptor])) {
      fail(`descriptor type ${ti.descriptor} does not match`);
    }
    if ((ti.describes === undefined) !== (ts.describes === undefined)) bad();
    if (ti.describes !== undefined && ts.describes !== undefined
      && !this.heapSub(H_CONCRETE + this.canon[ti.describes], H_CONCRETE + this.canon[ts.describes])) {
      fail(`described type ${ti.describes} does not match`);
    }
    const k = this.kind[i];
    if (k !== this.kind[s]) bad();
    if (k === K_FUNC) {
      const p1 = this.params[i], p2 = this.params[s], r1 = this.results[i], r2 = this.results[s];
      if (p1.length !== p2.length || r1.length !== r2.length) bad();
      for (let j = 0; j < p1.length; j++) if (!this.sub(p2[j], p1[j])) bad();
      for (let j = 0; j < r1.length; j++) if (!this.sub(r1[j], r2[j])) bad();
    } else {
      const f1 = this.fields[i], f2 = this.fields[s], m1 = this.fieldMut[i], m2 = this.fieldMut[s];
      if (f1.length < f2.length) bad();
      for (let j = 0; j < f2.length; j++) {
        if (m1[j] !== m2[j]) bad();
        if (!this.sub(f1[j], f2[j])) bad();
        if (m1[j] && !this.sub(f2[j], f1[j])) bad();
      }
    }
  }

  /** Encode a heap type; throws "unknown type" for a bad index. */
  heap(h: HeapType): number {
    if (typeof h === 'number') {
      if (!Number.isInteger(h) || h < 0 || h >= this.count) fail(`unknown type ${h}`);
      return H_CONCRETE + this.canon[h];
    }
    const c = absHeapCode(h);
    if (c < 0) fail(`unknown type ${String(h)}`);
    return c;
  }

  /** heap() as a function value, made once: val() passes it on every call. */
  private readonly heapEncoder = (h: HeapType): number => this.heap(h);

  /** Encode a value type (a storage type without the packed ones). */
  val(t: ValType): number {
    return encodeStorage(t, this.heapEncoder);
  }

  /** Checked type index: throws "unknown type". */
  typeIdx(x: number | undefined): number {
    if (x === undefined || x < 0 || x >= this.count) fail(`unknown type ${x}`);
    return x;
  }

  /** Top of a heap type's hierarchy (H_BOT for the bottom heap). */
  top(h: number): number {
    if (h >= H_CONCRETE) return this.kind[h - H_CONCRETE] === K_FUNC ? H_FUNC : H_ANY;
    switch (h) {
      case H_FUNC: case H_NOFUNC: return H_FUNC;
      case H_EXTERN: case H_NOEXTERN: return H_EXTERN;
      case H_EXN: case H_NOEXN: return H_EXN;
      case H_BOT: return H_BOT;
      default: return H_ANY;
    }
  }

  /** Bottom of a heap type's hierarchy. */
  bottom(h: number): number {
    switch (this.top(h)) {
      case H_FUNC: return H_NOFUNC;
      case H_EXTERN: return H_NOEXTERN;
      case H_EXN: return H_NOEXN;
      case H_BOT: return H_BOT;
      default: return H_NONE;
    }
  }

  /** Heap subtyping a <: b. */
  heapSub(a: number, b: number): boolean {
    if (a === b || a === H_BOT) return true;
    if (b >= H_CONCRETE) {
      const kb = this.kind[b - H_CONCRETE];
      if (a === H_NONE) return kb !== K_FUNC;
      if (a === H_NOFUNC) return kb === K_FUNC;
      if (a < H_CONCRETE) return false;
      // Walk a's declared supertypes (each is canonical).
      let x = this.superOf[a - H_CONCRETE];
      const target = b - H_CONCRETE;
      while (x >= 0) {
        if (x === target) return true;
        x = this.superOf[x];
      }
      return false;
    }
    if (a >= H_CONCRETE) {
      const ka = this.kind[a - H_CONCRETE];
      switch (b) {
        case H_FUNC: return ka === K_FUNC;
        case H_ANY: case H_EQ: return ka !== K_FUNC;
        case H_STRUCT: return ka === K_STRUCT;
        case H_ARRAY: return ka === K_ARRAY;
        default: return false;
      }
    }
    switch (b) {
      case H_ANY: return a === H_EQ || a === H_I31 || a === H_STRUCT || a === H_ARRAY || a === H_NONE;
      case H_EQ: return a === H_I31 || a === H_STRUCT || a === H_ARRAY || a === H_NONE;
      case H_I31: case H_STRUCT: case H_ARRAY: return a === H_NONE;
      case H_FUNC: return a === H_NOFUNC;
      case H_EXTERN: return a === H_NOEXTERN;
      case H_EXN: return a === H_NOEXN;
      default: return false;
    }
  }

  /** Value (or storage) type matching a <: b; BOT matches anything. */
  sub(a: number, b: number): boolean {
    if (a === b || a === BOT) return true;
    if (a < REF_BASE || b < REF_BASE) return b === BOT;
    if (isNullable(a) && !isNullable(b)) return false;
    if (isExact(b)) {
      // Custom descriptors: only the type itself (exactly) and the bottom types match an exact type.
      const ha = heapOf(a), hb = heapOf(b);
      if (isExact(a)) return ha === hb;
      return ha === H_BOT || ha === this.bottom(hb);
    }
    return this.heapSub(heapOf(a), heapOf(b));
  }

  /** Reference type code for `(ref null? x)` of a type index. */
  refOf(typeIdx: number, nullable: boolean): number {
    return mkRef(H_CONCRETE + this.canon[typeIdx], nullable);
  }
}
