// The WAT printer: a module AST back to text the parser reads to the same AST.
// Instructions are printed flat (not folded), one per line, indented by block depth.
// Names from `m.names` become $ids where they are unique in their index space;
// numbers are printed exactly (floats as the shortest decimal that round-trips).

import {
  countImports,
  type BlockType, type CompType, type Expr, type FieldType, type HeapType, type Instr, type Limits,
  type MemArg, type MemType, type Module, type Names, type RefType, type StorageType, type SubType, type TableType,
  type ValType,
} from '../ast.js';
import { OP_BY_CODE, Op } from '../binary/opcodes.js';
import { parseF32 } from './numbers.js';

type Space = 'type' | 'func' | 'table' | 'memory' | 'global' | 'tag' | 'elem' | 'data';

const ID_CHAR = /^[0-9A-Za-z!#$%&'*+\-./:<=>?@\\^_`|~]+$/;

/** `$name`, or the quoted form `$"..."` for names with other characters. */
function idText(name: string): string {
  return ID_CHAR.test(name) ? `$${name}` : `$${stringLiteral(new TextEncoder().encode(name))}`;
}

/** A string literal for arbitrary bytes. */
export function stringLiteral(bytes: Uint8Array): string {
  let s = '"';
  for (const b of bytes) {
    if (b >= 0x20 && b < 0x7f && b !== 0x22 && b !== 0x5c) s += String.fromCharCode(b);
    else s += '\\' + b.toString(16).padStart(2, '0');
  }
  return s + '"';
}

/** Unique names of one index space (a name used twice is printed as neither). */
function uniqueNames(map: Map<number, string> | undefined): Map<number, string> {
  const out = new Map<number, string>();
  if (!map) return out;
  const seen = new Map<string, number>();
  for (const name of map.values()) seen.set(name, (seen.get(name) ?? 0) + 1);
  for (const [i, name] of map) if (name.length > 0 && seen.get(name) === 1) out.set(i, name);
  return out;
}

const f32View = new DataView(new ArrayBuffer(8));

/** An f32 from raw bits, exactly: nan payloads, infinities, shortest round-tripping decimal. */
export function f32Text(bits: number): string {
  const sign = bits >>> 31 ? '-' : '';
  const exp = (bits >>> 23) & 0xff;
  const mant = bits & 0x7fffff;
  if (exp === 0xff) return mant === 0 ? `${sign}inf` : `${sign}nan:0x${mant.toString(16)}`;
  f32View.setUint32(0, bits);
  const x = f32View.getFloat32(0);
  if (x === 0) return sign ? '-0' : '0';
  for (let p = 1; p <= 9; p++) {
    const t = x.toPrecision(p);
    try {
      if (parseF32(t) === bits) return t.replace('e+', 'e');
    } catch {
      // Rounded past the f32 range: try more digits.
    }
  }
  return x.toPrecision(9);
}

/** An f64 from raw bits, exactly. */
export function f64Text(bits: bigint): string {
  const sign = bits >> 63n ? '-' : '';
  const exp = Number((bits >> 52n) & 0x7ffn);
  const mant = bits & 0xfffffffffffffn;
  if (exp === 0x7ff) return mant === 0n ? `${sign}inf` : `${sign}nan:0x${mant.toString(16)}`;
  f32View.setBigUint64(0, bits);
  const x = f32View.getFloat64(0);
  if (x === 0) return sign ? '-0' : '0';
  return String(x).replace('e+', 'e');
}

/** A u64 held in a JS number (values past 2^53 are rounded; 2^64 stands for 2^64-1). */
function u64Text(n: number): string {
  const b = BigInt(n);
  return (b >= 1n << 64n ? (1n << 64n) - 1n : b).toString();
}

const ABS_REF_ABBREV: Record<string, string> = {
  func: 'funcref', extern: 'externref', any: 'anyref', eq: 'eqref', i31: 'i31ref', struct: 'structref',
  array: 'arrayref', none: 'nullref', nofunc: 'nullfuncref', noextern: 'nullexternref', exn: 'exnref', noexn: 'nullexnref',
};

const STRUCTURED = new Set<number>([Op.block, Op.loop, Op.if, Op.try, Op.try_table]);

const SECTION_KEYWORD: Record<number, string> = {
  1: 'type', 2: 'import', 3: 'func', 4: 'table', 5: 'memory', 6: 'global', 7: 'export', 8: 'start', 9: 'elem',
  10: 'code', 11: 'data', 12: 'datacount', 13: 'tag',
};

class Printer {
  private readonly names: Record<Space, Map<number, string>>;
  /** All names, unique or not (names that cannot be $ids are printed as `(@name "...")`). */
  private readonly allNames: Record<Space, Map<number, string>>;
  private readonly fieldNames = new Map<number, Map<number, string>>();

  constructor(private readonly m: Module) {
    const n: Partial<Names> = m.names ?? {};
    this.names = {
      type: uniqueNames(n.types), func: uniqueNames(n.funcs), table: uniqueNames(n.tables),
      memory: uniqueNames(n.memories), global: uniqueNames(n.globals), tag: uniqueNames(n.tags),
      elem: uniqueNames(n.elems), data: uniqueNames(n.datas),
    };
    for (const [t, fields] of n.fields ?? []) this.fieldNames.set(t, uniqueNames(fields));
    const all = (x: Map<number, string> | undefined) => x ?? new Map<number, string>();
    this.allNames = {
      type: all(n.types), func: all(n.funcs), table: all(n.tables), memory: all(n.memories), global: all(n.globals),
      tag: all(n.tags), elem: all(n.elems), data: all(n.datas),
    };
  }

  ref(space: Space, i: number): string {
    const name = this.names[space].get(i);
    return name !== undefined ? idText(name) : String(i);
  }

  /** ` $name` for a definition, ` (@name "...")` for a name that is no unique id, or ''. */
  private def(space: Space, i: number): string {
    const name = this.names[space].get(i);
    if (name !== undefined) return ' ' + idText(name);
    const other = this.allNames[space].get(i);
    return other !== undefined ? ` (@name ${stringLiteral(new TextEncoder().encode(other))})` : '';
  }

  heap(h: HeapType, exact = false): string {
    const s = typeof h === 'number' ? this.ref('type', h) : h;
    return exact ? `(exact ${s})` : s;
  }

  refType(r: RefType): string {
    if (r.nullable && typeof r.heap === 'string') return ABS_REF_ABBREV[r.heap];
    return `(ref ${r.nullable ? 'null ' : ''}${this.heap(r.heap, r.exact === true)})`;
  }

  valType(t: ValType | StorageType): string {
    return typeof t === 'string' ? t : this.refType(t);
  }

  private fieldType(f: FieldType): string {
    return f.mutable ? `(mut ${this.valType(f.type)})` : this.valType(f.type);
  }

  private compType(c: CompType, typeIdx: number): string {
    switch (c.kind) {
      case 'func':
        return `(func${c.params.map((p) => ` (param ${this.valType(p)})`).join('')}${c.results.map((r) => ` (result ${this.valType(r)})`).join('')})`;
      case 'struct': {
        const names = this.fieldNames.get(typeIdx);
        return `(struct${c.fields.map((f, i) => {
          const name = names?.get(i);
          return ` (field${name !== undefined ? ' ' + idText(name) : ''} ${this.fieldType(f)})`;
        }).join('')})`;
      }
      case 'array':
        return `(array ${this.fieldType(c.field)})`;
    }
  }

  private subType(t: SubType, i: number): string {
    // Custom-descriptors clauses go right before the comptype.
    const comp = (t.describes !== undefined ? `(describes ${this.ref('type', t.describes)}) ` : '')
      + (t.descriptor !== undefined ? `(descriptor ${this.ref('type', t.descriptor)}) ` : '')
      + this.compType(t.comp, i);
    const body = t.final && t.supers.length === 0
      ? comp
      : `(sub${t.final ? ' final' : ''}${t.supers.map((s) => ' ' + this.ref('type', s)).join('')} ${comp})`;
    return `(type${this.def('type', i)} ${body})`;
  }

  private limits(l: Limits): string {
    return l.max === null ? u64Text(l.min) : `${u64Text(l.min)} ${u64Text(l.max)}`;
  }

  private tableType(t: TableType): string {
    return `${t.address === 'i64' ? 'i64 ' : ''}${this.limits(t.limits)} ${this.refType(t.elem)}`;
  }

  private memType(t: MemType): string {
    return `${t.address === 'i64' ? 'i64 ' : ''}${this.limits(t.limits)}${t.shared ? ' shared' : ''}` +
      (t.pageSizeLog2 !== undefined ? ` (pagesize ${2 ** t.pageSizeLog2})` : '');
  }

  private globalType(t: { type: ValType; mutable: boolean }): string {
    return t.mutable ? `(mut ${this.valType(t.type)})` : this.valType(t.type);
  }

  blockType(bt: BlockType | undefined): string {
    if (bt === null || bt === undefined) return '';
    if (typeof bt === 'number') return ` (type ${this.ref('type', bt)})`;
    return ` (result ${this.valType(bt)})`;
  }

  private memArg(a: MemArg, natAlign: number): string {
    let s = a.memory !== 0 ? ' ' + this.ref('memory', a.memory) : '';
    if (a.offset !== 0) s += ` offset=${u64Text(a.offset)}`;
    if (a.align !== natAlign) s += ` align=${1n << BigInt(a.align)}`;
    return s;
  }

  /** One instruction as text (no indentation). `locals` names the current function's locals. */
  instr(i: Instr, locals?: Map<number, string>): string {
    const info = OP_BY_CODE.get(i.op);
    if (!info) return `unknown_op_0x${i.op.toString(16)}`;
    let name = info.name;
    const idx = i.idx ?? 0;
    const idx2 = i.idx2 ?? 0;
    switch (info.imm) {
      case 'none': case 'zero': return name;
      case 'block': return name + this.blockType(i.blockType);
      case 'try_table':
        return name + this.blockType(i.blockType) + (i.catches ?? []).map((c) =>
          ` (${c.kind}${c.tag !== undefined ? ' ' + this.ref('tag', c.tag) : ''} ${c.label})`).join('');
      case 'label': return `${name} ${idx}`;
      case 'br_table': return `${name} ${(i.labels ?? []).join(' ')}`;
      case 'func': return `${name} ${this.ref('func', idx)}`;
      case 'call_indirect': return `${name} ${this.ref('table', idx2)} (type ${this.ref('type', idx)})`;
      case 'type': return `${name} ${this.ref('type', idx)}`;
      case 'local': {
        const ln = locals?.get(idx);
        return `${name} ${ln !== undefined ? idText(ln) : idx}`;
      }
      case 'global': return `${name} ${this.ref('global', idx)}`;
      case 'table': return `${name} ${this.ref('table', idx)}`;
      case 'memory': return `${name} ${this.ref('memory', idx)}`;
      case 'tag': return `${name} ${this.ref('tag', idx)}`;
      case 'elem': return `${name} ${this.ref('elem', idx)}`;
      case 'data': return `${name} ${this.ref('data', idx)}`;
      case 'memarg': return name + this.memArg(i.mem!, info.natAlign ?? 0);
      case 'memarg_lane': return `${name}${this.memArg(i.mem!, info.natAlign ?? 0)} ${i.lane}`;
      case 'i32': return `${name} ${i.value}`;
      case 'i64': return `${name} ${i.value}`;
      case 'f32': return `${name} ${f32Text(i.value as number)}`;
      case 'f64': return `${name} ${f64Text(i.value as bigint)}`;
      case 'v128': {
        const v = new DataView((i.value as Uint8Array).buffer, (i.value as Uint8Array).byteOffset, 16);
        const lanes = [0, 1, 2, 3].map((k) => '0x' + v.getUint32(k * 4, true).toString(16).padStart(8, '0'));
        return `${name} i32x4 ${lanes.join(' ')}`;
      }
      case 'lane': return `${name} ${i.lane}`;
      case 'shuffle': return `${name} ${Array.from(i.lanes ?? []).join(' ')}`;
      case 'select_t': {
        const types = i.types ?? [];
        return types.length ? `select${types.map((t) => ` (result ${this.valType(t)})`).join('')}` : 'select (result)';
      }
      case 'heap': {
        if (name === 'ref.null') return `${name} ${this.heap(i.heap!, i.exact === true)}`;
        const nullable = name.endsWith('_null');
        if (nullable) name = name.slice(0, -5);
        return `${name} (ref ${nullable ? 'null ' : ''}${this.heap(i.heap!, i.exact === true)})`;
      }
      case 'br_on_cast': return `${name} ${idx} ${this.refType(i.ref!)} ${this.refType(i.ref2!)}`;
      case 'table_init': return `${name} ${this.ref('table', idx2)} ${this.ref('elem', idx)}`;
      case 'table_copy': return `${name} ${this.ref('table', idx)} ${this.ref('table', idx2)}`;
      case 'memory_init': return `${name} ${this.ref('memory', idx2)} ${this.ref('data', idx)}`;
      case 'memory_copy': return `${name} ${this.ref('memory', idx)} ${this.ref('memory', idx2)}`;
      case 'field': {
        const fn = this.fieldNames.get(idx)?.get(idx2);
        return `${name} ${this.ref('type', idx)} ${fn !== undefined ? idText(fn) : idx2}`;
      }
      case 'array_fixed': return `${name} ${this.ref('type', idx)} ${idx2}`;
      case 'type_data': return `${name} ${this.ref('type', idx)} ${this.ref('data', idx2)}`;
      case 'type_elem': return `${name} ${this.ref('type', idx)} ${this.ref('elem', idx2)}`;
      case 'type_type': return `${name} ${this.ref('type', idx)} ${this.ref('type', idx2)}`;
    }
  }

  /** A body or expression (without its final `end`), one instruction per line. */
  private body(e: Expr, indent: string, locals?: Map<number, string>, labels?: Map<number, string>): string[] {
    const lines: string[] = [];
    let depth = 0;
    let structured = 0;
    const n = e.length > 0 && e[e.length - 1].op === Op.end ? e.length - 1 : e.length;
    for (let k = 0; k < n; k++) {
      const i = e[k];
      const closes = i.op === Op.end || i.op === Op.else || i.op === Op.catch || i.op === Op.catch_all || i.op === Op.delegate;
      if (closes) depth = Math.max(0, depth - 1);
      let text = this.instr(i, locals);
      if (STRUCTURED.has(i.op)) {
        // The label goes right after the keyword: `block $l (result i32)`.
        const label = labels?.get(structured++);
        if (label !== undefined) {
          const sp = text.indexOf(' ');
          text = sp < 0 ? `${text} ${idText(label)}` : `${text.slice(0, sp)} ${idText(label)}${text.slice(sp)}`;
        }
      }
      lines.push(indent + '  '.repeat(depth) + text);
      const opens = i.op === Op.block || i.op === Op.loop || i.op === Op.if || i.op === Op.try || i.op === Op.try_table ||
        i.op === Op.else || i.op === Op.catch || i.op === Op.catch_all;
      if (opens) depth++;
    }
    return lines;
  }

  private inlineExpr(e: Expr): string {
    return this.body(e, '').join(' ');
  }

  module(): string {
    const m = this.m;
    const out: string[] = [];
    const modName = m.names?.module;
    out.push(`(module${modName !== undefined ? ' ' + idText(modName) : ''}`);
    // Types, in recursion groups.
    let t = 0;
    for (const size of m.recGroups) {
      if (size === 1) out.push('  ' + this.subType(m.types[t], t));
      else {
        out.push('  (rec');
        for (let k = 0; k < size; k++) out.push('    ' + this.subType(m.types[t + k], t + k));
        out.push('  )');
      }
      t += size;
    }
    // Imports.
    const counters: Record<string, number> = { func: 0, table: 0, memory: 0, global: 0, tag: 0 };
    for (const im of m.imports) {
      const d = im.desc;
      const i = counters[d.kind]++;
      let desc: string;
      switch (d.kind) {
        case 'func': {
          const use = `(type ${this.ref('type', d.type)})`;
          desc = `(func${this.def('func', i)} ${d.exact ? `(exact ${use})` : use})`; // exact: custom descriptors
          break;
        }
        case 'tag': desc = `(tag${this.def('tag', i)} (type ${this.ref('type', d.type)}))`; break;
        case 'table': desc = `(table${this.def('table', i)} ${this.tableType(d.type)})`; break;
        case 'memory': desc = `(memory${this.def('memory', i)} ${this.memType(d.type)})`; break;
        case 'global': desc = `(global${this.def('global', i)} ${this.globalType(d.type)})`; break;
      }
      out.push(`  (import ${stringLiteral(new TextEncoder().encode(im.module))} ${stringLiteral(new TextEncoder().encode(im.name))} ${desc})`);
    }
    const funcBase = countImports(m, 'func');
    m.funcs.forEach((f, k) => {
      const fi = funcBase + k;
      const ft = m.types[f.type]?.comp;
      const localNames = uniqueNames(m.names?.locals.get(fi));
      let head = `  (func${this.def('func', fi)} (type ${this.ref('type', f.type)})`;
      let li = 0;
      if (ft && ft.kind === 'func') {
        for (const p of ft.params) {
          const n = localNames.get(li++);
          head += ` (param${n !== undefined ? ' ' + idText(n) : ''} ${this.valType(p)})`;
        }
        for (const r of ft.results) head += ` (result ${this.valType(r)})`;
      }
      out.push(head);
      for (const g of f.locals) {
        for (let c = 0; c < g.count; c++) {
          const n = localNames.get(li++);
          out.push(`    (local${n !== undefined ? ' ' + idText(n) : ''} ${this.valType(g.type)})`);
        }
      }
      out.push(...this.body(f.body, '    ', localNames, m.names?.labels.get(fi)));
      out.push('  )');
    });
    const tableBase = countImports(m, 'table');
    m.tables.forEach((tb, k) => {
      out.push(`  (table${this.def('table', tableBase + k)} ${this.tableType(tb.type)}${tb.init ? ' ' + this.inlineExpr(tb.init) : ''})`);
    });
    const memBase = countImports(m, 'memory');
    m.memories.forEach((mem, k) => out.push(`  (memory${this.def('memory', memBase + k)} ${this.memType(mem.type)})`));
    const globalBase = countImports(m, 'global');
    m.globals.forEach((g, k) => {
      out.push(`  (global${this.def('global', globalBase + k)} ${this.globalType(g.type)} ${this.inlineExpr(g.init)})`);
    });
    const tagBase = countImports(m, 'tag');
    m.tags.forEach((tg, k) => out.push(`  (tag${this.def('tag', tagBase + k)} (type ${this.ref('type', tg.type)}))`));
    for (const e of m.exports) {
      out.push(`  (export ${stringLiteral(new TextEncoder().encode(e.name))} (${e.kind} ${this.ref(e.kind, e.index)}))`);
    }
    if (m.start !== null) out.push(`  (start ${this.ref('func', m.start)})`);
    m.elems.forEach((e, k) => {
      let s = `  (elem${this.def('elem', k)}`;
      if (e.mode === 'declarative') s += ' declare';
      if (e.mode === 'active') s += ` (table ${this.ref('table', e.table ?? 0)}) (offset ${this.inlineExpr(e.offset ?? [])})`;
      if (!e.exprs) s += ' func' + e.init.map((x) => ' ' + this.ref('func', x[0].idx ?? 0)).join('');
      else s += ' ' + this.refType(e.type) + e.init.map((x) => ` (item ${this.inlineExpr(x)})`).join('');
      out.push(s + ')');
    });
    m.datas.forEach((d, k) => {
      let s = `  (data${this.def('data', k)}`;
      if (d.mode === 'active') s += ` (memory ${this.ref('memory', d.memory)}) (offset ${this.inlineExpr(d.offset ?? [])})`;
      out.push(`${s} ${stringLiteral(d.bytes)})`);
    });
    for (const c of m.customs) {
      if (c.name === 'name' && m.names) continue;
      const place = c.after === 0 ? '(before first)' : `(after ${SECTION_KEYWORD[c.after] ?? 'last'})`;
      out.push(`  (@custom ${stringLiteral(new TextEncoder().encode(c.name))} ${place} ${stringLiteral(c.data)})`);
    }
    out.push(')');
    return out.join('\n') + '\n';
  }
}

/** Print a module as WAT (names from `m.names`; custom sections as `(@custom ...)` annotations). */
export function printModule(m: Module): string {
  return new Printer(m).module();
}

/**
 * Print one instruction as WAT, resolving names through the module. Pass the function
 * index (in the function index space) to print local names.
 */
export function printInstr(i: Instr, m: Module, funcIndex?: number): string {
  const locals = funcIndex !== undefined ? uniqueNames(m.names?.locals.get(funcIndex)) : undefined;
  return new Printer(m).instr(i, locals);
}
