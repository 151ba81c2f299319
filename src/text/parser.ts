// The WAT module parser: module fields (an s-expression tree) to the module AST.
// Pass 1 assigns every index space's ids in textual order (imports must precede
// definitions, so textual order is index order); pass 2 parses type definitions,
// pass 3 everything else. Implicit function types from type uses are appended
// after the explicit ones, in order of first use.

import {
  countImports, emptyModule, emptyNames, valTypeEq,
  type BlockType, type CompType, type Elem, type Expr, type ExternKind, type FieldType, type FuncType,
  type GlobalType, type Instr, type Limits, type MemType, type Module, type Names, type RefType,
  type SubType, type TableType, type ValType, type AddressType,
} from '../ast.js';
import { Op, opcode } from '../binary/opcodes.js';
import { isList, head, Cursor, type Annotation, type SNode, type SList } from './sexpr.js';
import { parseCustomAnnotation, parseNameAnnotation, type CustomAnnotation, type CustomPlacement } from './annotations.js';
import { SECTION_ORDER, SectionId } from '../binary/sections.js';
import { TextError, utf8Decode, type Token } from './lexer.js';
import { BRANCH_HINT, branchHintSection, type BranchHints } from './branch-hints.js';
import { parseNat } from './numbers.js';
import { InstrParser, natAtom, type ModuleScope } from './instr.js';
import { errorAt, parseRefType, parseStorageType, parseValType, tryRefType } from './types.js';

type IndexSpace = 'type' | 'func' | 'table' | 'memory' | 'global' | 'tag' | 'elem' | 'data';

const SPACE_WORD: Record<IndexSpace, string> = {
  type: 'type', func: 'function', table: 'table', memory: 'memory', global: 'global', tag: 'tag',
  elem: 'elem segment', data: 'data segment',
};

const DEF_WORD: Record<string, string> = { func: 'function', table: 'table', memory: 'memory', global: 'global', tag: 'tag' };

/** A cursor over a list's items, past its head keyword (shared with ./wast.ts). */
export function sub(l: SList): Cursor {
  const c = new Cursor(l.items, l);
  c.next();
  return c;
}

function stringAtom(n: SNode | undefined, c: Cursor): Uint8Array {
  if (n === undefined || n.kind !== 'string') return c.error('unexpected token');
  return n.bytes!;
}

/** A string atom that must be valid UTF-8 (names; also script strings in ./wast.ts). */
export function nameAtom(n: SNode | undefined, c: Cursor): string {
  const b = stringAtom(n, c);
  const s = utf8Decode(b);
  if (s === null) errorAt(n!, 'malformed UTF-8 encoding');
  return s;
}

export class ModuleParser implements ModuleScope {
  readonly m: Module = emptyModule();
  private readonly names: Names = emptyNames();
  private readonly ids: Record<IndexSpace, Map<string, number>> = {
    type: new Map(), func: new Map(), table: new Map(), memory: new Map(), global: new Map(),
    tag: new Map(), elem: new Map(), data: new Map(),
  };
  private readonly counts: Record<IndexSpace, number> = { type: 0, func: 0, table: 0, memory: 0, global: 0, tag: 0, elem: 0, data: 0 };
  private readonly fieldIds = new Map<number, Map<string, number>>();
  /** True for types that are alone in their rec group (candidates for implicit type uses). */
  private readonly singleton: boolean[] = [];

  /** Names from `(@name ...)` annotations, applied over $id names at the end. */
  private readonly annotNames: [IndexSpace, number, string][] = [];
  private readonly customs: CustomAnnotation[] = [];
  private readonly branchHints: BranchHints = new Map();

  constructor(
    private readonly fields: SNode[],
    moduleName?: string,
    /** Annotations directly in the module, indexed by field position. */
    private readonly moduleAnnots: Annotation[] = [],
  ) {
    if (moduleName !== undefined) this.names.module = moduleName;
  }

  // ---- annotations ----

  /** Module-level annotations: custom sections, and the module's @name (before any field). */
  private moduleAnnotations(): void {
    let named = false;
    for (const a of this.moduleAnnots) {
      if (a.token.text === 'custom') this.customs.push(parseCustomAnnotation(a.token));
      else if (a.token.text === 'name') {
        if (a.index > 0) errorAt(a.token, 'misplaced @name annotation');
        if (named) errorAt(a.token, '@name annotation: multiple module');
        named = true;
        this.names.module = parseNameAnnotation(a.token);
      } else if (a.token.text === BRANCH_HINT) {
        errorAt(a.token, `@${BRANCH_HINT} annotation: not in a function`);
      }
    }
  }

  /**
   * Check the annotations inside a field (recursively): @custom belongs only at module
   * level, @name only right after the keyword (and $id) of a nameable definition.
   * Returns the @name of the list itself, if it has one.
   */
  private checkAnnotations(l: SList, nameable: boolean): string | undefined {
    let name: string | undefined;
    for (const a of l.annots ?? []) {
      if (a.token.text === 'custom') errorAt(a.token, 'misplaced @custom annotation');
      if (a.token.text === 'name') {
        const allowedAt = 1 + (l.items[1]?.kind === 'id' ? 1 : 0);
        if (!nameable || a.index !== allowedAt || name !== undefined) errorAt(a.token, 'misplaced @name annotation');
        name = parseNameAnnotation(a.token);
      }
    }
    const h = head(l);
    for (let k = 1; k < l.items.length; k++) {
      const n = l.items[k];
      // Import descriptions are nameable like the definitions they import.
      if (isList(n)) this.checkAnnotations(n, h === 'import' && k === 3);
    }
    return name;
  }

  /** Position of a placement in the section order: between ranks, so `after X` < `before Y` when X < Y. */
  private static placementKey(place: CustomPlacement): number {
    if (place.section === 'first') return -Infinity;
    if (place.section === 'last') return Infinity;
    const rank = SECTION_ORDER[SECTION_KEYWORD_ID[place.section]]!;
    return place.before ? rank - 0.5 : rank + 0.5;
  }

  /** Section id a custom section at `key` is recorded after: the last present section before it. */
  private customAnchor(key: number): number {
    const m = this.m;
    const present: [number, boolean][] = [
      [SectionId.type, m.types.length > 0], [SectionId.import, m.imports.length > 0], [SectionId.func, m.funcs.length > 0],
      [SectionId.table, m.tables.length > 0], [SectionId.memory, m.memories.length > 0], [SectionId.tag, m.tags.length > 0],
      [SectionId.global, m.globals.length > 0], [SectionId.export, m.exports.length > 0], [SectionId.start, m.start !== null],
      [SectionId.elem, m.elems.length > 0], [SectionId.dataCount, m.dataCount !== null], [SectionId.code, m.funcs.length > 0],
      [SectionId.data, m.datas.length > 0],
    ];
    let anchor = 0;
    let best = 0;
    for (const [id, here] of present) {
      const rank = SECTION_ORDER[id]!;
      if (here && rank < key && rank > best) { best = rank; anchor = id; }
    }
    return anchor;
  }

  parse(): Module {
    const lists: SList[] = [];
    for (const f of this.fields) {
      if (!isList(f)) errorAt(f, 'unexpected token');
      const h = f.items[0];
      if (h && h.kind === 'reserved') errorAt(h, `unknown operator ${h.text}`);
      lists.push(f);
    }
    this.moduleAnnotations();
    this.declare(lists);
    for (const l of lists) {
      const h = head(l);
      if (h === 'type') this.typeDef(l, true);
      else if (h === 'rec') this.recGroup(l);
    }
    for (const l of lists) this.field(l);
    // Like wat2wasm: a data count section exactly when code refers to data segments.
    if (this.m.funcs.some((f) => f.body.some((i) => DATA_OPS.has(i.op)))) this.m.dataCount = this.m.datas.length;
    for (const [space, idx, name] of this.annotNames) this.spaceNames(space)?.set(idx, name);
    // Custom sections in binary order (a stable sort keeps textual order at one position).
    const placed = this.customs.map((custom) => ({ custom, key: ModuleParser.placementKey(custom.place) }));
    if (this.branchHints.size) {
      const data = branchHintSection(this.m, this.branchHints, countImports(this.m, 'func'));
      // The hint section goes before the code section.
      if (data) placed.push({ custom: { name: BRANCH_HINT, data, place: { before: true, section: 'code' } }, key: ModuleParser.placementKey({ before: true, section: 'code' }) });
    }
    placed.sort((a, b) => (a.key === b.key ? 0 : a.key < b.key ? -1 : 1));
    for (const { custom, key } of placed) {
      this.m.customs.push({ name: custom.name, data: custom.data, after: this.customAnchor(key) });
    }
    if (this.hasNames()) this.m.names = this.names;
    return this.m;
  }

  private spaceNames(space: IndexSpace): Map<number, string> | undefined {
    const n = this.names;
    return { type: n.types, func: n.funcs, table: n.tables, memory: n.memories, global: n.globals, tag: n.tags, elem: n.elems, data: n.datas }[space];
  }

  private hasNames(): boolean {
    const n = this.names;
    if (n.module !== undefined) return true;
    for (const k of ['funcs', 'locals', 'labels', 'types', 'fields', 'tables', 'memories', 'globals', 'elems', 'datas', 'tags'] as const) {
      if (n[k].size) return true;
    }
    return false;
  }

  // ---- pass 1: index assignment ----

  private bind(space: IndexSpace, id: Token | undefined, annotName?: string): number {
    const idx = this.counts[space]++;
    if (annotName !== undefined) this.annotNames.push([space, idx, annotName]);
    if (id) {
      const map = this.ids[space];
      if (map.has(id.name!)) errorAt(id, `duplicate ${space}`);
      map.set(id.name!, idx);
    }
    return idx;
  }

  private declare(lists: SList[]): void {
    let firstDef: string | undefined;
    for (const l of lists) {
      const h = head(l);
      const c = sub(l);
      const annotName = this.checkAnnotations(l, h !== 'rec' && h !== 'export' && h !== 'start' && h !== 'import');
      switch (h) {
        case 'type': this.bind('type', c.eatId(), annotName); break;
        case 'rec':
          for (const t of l.items.slice(1)) {
            if (!isList(t) || head(t) !== 'type') errorAt(t, 'unexpected token');
            this.bind('type', sub(t).eatId());
          }
          break;
        case 'func': case 'table': case 'memory': case 'global': case 'tag': {
          const id = c.eatId();
          this.bind(h, id, annotName);
          while (c.peekList('export')) c.next();
          if (c.peekList('import')) {
            if (firstDef) errorAt(l, `import after ${DEF_WORD[firstDef]}`);
          } else {
            firstDef ??= h;
            if (h === 'table' && this.hasInlineElem(c)) this.bind('elem', undefined);
            if (h === 'memory' && this.hasInlineData(c)) this.bind('data', undefined);
          }
          break;
        }
        case 'import': {
          if (firstDef) errorAt(l, `import after ${DEF_WORD[firstDef]}`);
          c.next(); c.next();
          const d = c.next();
          if (!isList(d)) return c.error('unexpected token');
          const k = head(d);
          if (k !== 'func' && k !== 'table' && k !== 'memory' && k !== 'global' && k !== 'tag') errorAt(d, 'unexpected token');
          const descName = d.annots?.find((a) => a.token.text === 'name');
          this.bind(k, sub(d).eatId(), descName && parseNameAnnotation(descName.token));
          break;
        }
        case 'elem': this.bind('elem', c.eatId(), annotName); break;
        case 'data': this.bind('data', c.eatId(), annotName); break;
        case 'export': case 'start': break;
        default: errorAt(l, 'unexpected token');
      }
    }
  }

  private hasInlineElem(c: Cursor): boolean {
    for (let k = 0; c.peek(k) !== undefined; k++) if (c.peekList('elem', k)) return true;
    return false;
  }

  private hasInlineData(c: Cursor): boolean {
    for (let k = 0; c.peek(k) !== undefined; k++) if (c.peekList('data', k)) return true;
    return false;
  }

  // ---- resolution ----

  resolve(space: IndexSpace, n: SNode): number {
    if (n.kind === 'id') {
      const i = this.ids[space].get(n.name!);
      if (i === undefined) errorAt(n, `unknown ${SPACE_WORD[space]} ${n.text}`);
      return i;
    }
    if (n.kind === 'reserved') {
      const v = parseNat(n.text);
      if (v === null) errorAt(n, 'unexpected token');
      if (v >= 1n << 32n) errorAt(n, 'i32 constant out of range');
      return Number(v);
    }
    return errorAt(n, 'unexpected token');
  }

  readonly resolveType = (n: SNode): number => this.resolve('type', n);

  resolveField(typeIdx: number, n: SNode): number {
    if (n.kind === 'id') {
      const i = this.fieldIds.get(typeIdx)?.get(n.name!);
      if (i === undefined) errorAt(n, `unknown field ${n.text}`);
      return i;
    }
    return this.resolve('type', n);
  }

  // ---- types ----

  private recGroup(l: SList): void {
    const items = l.items.slice(1);
    const start = this.m.types.length;
    for (const t of items) this.typeDef(t as SList, false);
    this.m.recGroups.push(items.length);
    for (let i = start; i < this.m.types.length; i++) this.singleton[i] = false;
  }

  private typeDef(l: SList, alone: boolean): void {
    const c = sub(l);
    c.eatId();
    const idx = this.m.types.length;
    let st: SubType;
    if (c.peekList('sub')) {
      const sc = sub(c.next() as SList);
      const final = sc.eatKeyword('final');
      const supers: number[] = [];
      while (!sc.done() && !isList(sc.peek())) supers.push(this.resolveType(sc.next()!));
      const clauses = this.descriptorClauses(sc);
      const comp = sc.next();
      if (!isList(comp)) return sc.error('unexpected token');
      sc.expectEnd();
      st = { final, supers, comp: this.compType(comp, idx), ...clauses };
    } else {
      const clauses = this.descriptorClauses(c);
      const d = c.next();
      if (!isList(d)) return c.error('unexpected token');
      st = { final: true, supers: [], comp: this.compType(d, idx), ...clauses };
    }
    c.expectEnd();
    this.m.types.push(st);
    this.singleton[idx] = alone;
    if (alone) this.m.recGroups.push(1);
    const id = (l.items[1] && l.items[1].kind === 'id') ? l.items[1] : undefined;
    if (id) this.names.types.set(idx, id.name!);
  }

  /** Custom-descriptors proposal: `(describes x)?` then `(descriptor y)?` before a comptype. */
  private descriptorClauses(c: Cursor): { describes?: number; descriptor?: number } {
    const r: { describes?: number; descriptor?: number } = {};
    for (const kw of ['describes', 'descriptor'] as const) {
      if (!c.peekList(kw)) continue;
      const k = sub(c.next() as SList);
      r[kw] = this.resolveType(k.next() ?? k.error('unexpected token'));
      k.expectEnd();
    }
    return r;
  }

  private compType(l: SList, idx: number): CompType {
    const c = sub(l);
    switch (head(l)) {
      case 'func': {
        const { params, results } = this.paramsResults(c, true);
        c.expectEnd();
        return { kind: 'func', params, results };
      }
      case 'struct': {
        const fields: FieldType[] = [];
        const fieldIds = new Map<string, number>();
        const fieldNames = new Map<number, string>();
        while (!c.done()) {
          const f = c.next();
          if (!isList(f) || head(f) !== 'field') return errorAt(f!, 'unexpected token');
          const fc = sub(f);
          const id = fc.eatId();
          if (id) {
            if (fieldIds.has(id.name!)) errorAt(id, 'duplicate field');
            fieldIds.set(id.name!, fields.length);
            fieldNames.set(fields.length, id.name!);
            fields.push(this.fieldType(fc));
            fc.expectEnd();
          } else {
            while (!fc.done()) fields.push(this.fieldType(fc));
          }
        }
        this.fieldIds.set(idx, fieldIds);
        if (fieldNames.size) this.names.fields.set(idx, fieldNames);
        return { kind: 'struct', fields };
      }
      case 'array': {
        const field = this.fieldType(c);
        c.expectEnd();
        return { kind: 'array', field };
      }
    }
    return errorAt(l, 'unexpected token');
  }

  private fieldType(c: Cursor): FieldType {
    if (c.peekList('mut')) {
      const l = c.next() as SList;
      const mc = sub(l);
      const type = parseStorageType(mc, this.resolveType);
      mc.expectEnd();
      return { type, mutable: true };
    }
    return { type: parseStorageType(c, this.resolveType), mutable: false };
  }

  /** `(param ...)* (result ...)*`; with `names`, also returns param ids (one id per named param). */
  private paramsResults(c: Cursor, allowNames: boolean): { params: ValType[]; results: ValType[]; paramIds: (Token | undefined)[] } {
    const params: ValType[] = [];
    const paramIds: (Token | undefined)[] = [];
    const results: ValType[] = [];
    while (c.peekList('param')) {
      const pc = sub(c.next() as SList);
      const id = pc.eatId();
      if (id) {
        if (!allowNames) errorAt(id, 'unexpected token');
        params.push(parseValType(pc, this.resolveType));
        paramIds.push(id);
        pc.expectEnd();
      } else {
        while (!pc.done()) { params.push(parseValType(pc, this.resolveType)); paramIds.push(undefined); }
      }
    }
    while (c.peekList('result')) {
      const rc = sub(c.next() as SList);
      while (!rc.done()) results.push(parseValType(rc, this.resolveType));
    }
    if (c.peekList('param') || c.peekList('type')) c.error('unexpected token');
    return { params, results, paramIds };
  }

  private funcTypeAt(idx: number): FuncType | undefined {
    const t = this.m.types[idx];
    return t && t.comp.kind === 'func' ? t.comp : undefined;
  }

  /** Index of an existing singleton final func type with this signature, or a newly appended one. */
  private implicitType(params: ValType[], results: ValType[]): number {
    const same = (a: ValType[], b: ValType[]) => a.length === b.length && a.every((t, i) => valTypeEq(t, b[i]));
    for (let i = 0; i < this.m.types.length; i++) {
      const t = this.m.types[i];
      if (this.singleton[i] && t.final && t.supers.length === 0 && t.comp.kind === 'func'
        && same(t.comp.params, params) && same(t.comp.results, results)) return i;
    }
    const idx = this.m.types.length;
    this.m.types.push({ final: true, supers: [], comp: { kind: 'func', params, results } });
    this.m.recGroups.push(1);
    this.singleton[idx] = true;
    this.counts.type = Math.max(this.counts.type, idx + 1);
    return idx;
  }

  /** A type use; returns the type index and the param ids (inline params only). */
  /** Custom-descriptors proposal: an exact function import's `(exact typeuse)`; returns the type index. */
  private exactTypeUse(c: Cursor): number {
    const e = sub(c.next() as SList);
    const t = this.typeUse(e, true).type;
    e.expectEnd();
    return t;
  }

  private typeUse(c: Cursor, allowNames: boolean): { type: number; paramIds: (Token | undefined)[]; paramCount: number } {
    let explicit: number | undefined;
    const start = c.where();
    if (c.peekList('type')) {
      const tc = sub(c.next() as SList);
      explicit = this.resolveType(tc.next() ?? tc.error('unexpected token'));
      tc.expectEnd();
    }
    const hasInline = c.peekList('param') || c.peekList('result');
    const { params, results, paramIds } = this.paramsResults(c, allowNames);
    if (explicit !== undefined) {
      const ft = this.funcTypeAt(explicit);
      if (hasInline) {
        const same = (a: ValType[], b: ValType[]) => a.length === b.length && a.every((t, i) => valTypeEq(t, b[i]));
        if (explicit >= this.m.types.length) errorAt(start, 'unknown type');
        if (ft && (!same(ft.params, params) || !same(ft.results, results))) errorAt(start, 'inline function type');
      }
      return { type: explicit, paramIds: hasInline ? paramIds : [], paramCount: ft ? ft.params.length : 0 };
    }
    return { type: this.implicitType(params, results), paramIds, paramCount: params.length };
  }

  typeUseIndex(c: Cursor): number {
    return this.typeUse(c, false).type;
  }

  blockType(c: Cursor): BlockType {
    if (c.peekList('type')) return this.typeUse(c, false).type;
    const save = c.i;
    const { params, results } = this.paramsResults(c, false);
    if (params.length === 0 && results.length <= 1) return results.length ? results[0] : null;
    c.i = save;
    return this.typeUse(c, false).type;
  }

  // ---- pass 3: fields ----

  private field(l: SList): void {
    const c = sub(l);
    switch (head(l)) {
      case 'type': case 'rec': return;
      case 'func': return this.func(c);
      case 'table': return this.table(c);
      case 'memory': return this.memory(c);
      case 'global': return this.global(c);
      case 'tag': return this.tag(c);
      case 'import': return this.importField(c);
      case 'export': return this.exportField(c);
      case 'start': {
        if (this.m.start !== null) errorAt(l, 'multiple start sections');
        this.m.start = this.resolve('func', c.next() ?? c.error('unexpected token'));
        c.expectEnd();
        return;
      }
      case 'elem': return this.elem(c);
      case 'data': return this.data(c);
    }
  }

  /** Inline `(export "name")*` for the item `index` of `kind`. */
  private inlineExports(c: Cursor, kind: ExternKind, index: number): void {
    while (c.peekList('export')) {
      const ec = sub(c.next() as SList);
      this.m.exports.push({ name: nameAtom(ec.next(), ec), kind, index });
      ec.expectEnd();
    }
  }

  /** Inline `(import "m" "n")`, if present: returns [module, name]. */
  private inlineImport(c: Cursor): [string, string] | null {
    if (!c.peekList('import')) return null;
    const ic = sub(c.next() as SList);
    const mod = nameAtom(ic.next(), ic);
    const nm = nameAtom(ic.next(), ic);
    ic.expectEnd();
    return [mod, nm];
  }

  private countDefined(kind: ExternKind): number {
    const ownLen = { func: this.m.funcs.length, table: this.m.tables.length, memory: this.m.memories.length, global: this.m.globals.length, tag: this.m.tags.length }[kind];
    let n = 0;
    for (const im of this.m.imports) if (im.desc.kind === kind) n++;
    return n + ownLen;
  }

  private nameItem(map: Map<number, string>, id: Token | undefined, idx: number): void {
    if (id) map.set(idx, id.name!);
  }

  private func(c: Cursor): void {
    const id = c.eatId();
    const index = this.countDefined('func');
    this.nameItem(this.names.funcs, id, index);
    this.inlineExports(c, 'func', index);
    const imp = this.inlineImport(c);
    if (imp && c.peekList('exact')) {
      const t = this.exactTypeUse(c);
      c.expectEnd();
      this.m.imports.push({ module: imp[0], name: imp[1], desc: { kind: 'func', type: t, exact: true } });
      return;
    }
    const use = this.typeUse(c, true);
    if (imp) {
      c.expectEnd();
      this.m.imports.push({ module: imp[0], name: imp[1], desc: { kind: 'func', type: use.type } });
      return;
    }
    const locals = new Map<string, number>();
    const localNames = new Map<number, string>();
    use.paramIds.forEach((p, i) => {
      if (!p) return;
      if (locals.has(p.name!)) errorAt(p, 'duplicate local');
      locals.set(p.name!, i);
      localNames.set(i, p.name!);
    });
    let next = Math.max(use.paramCount, use.paramIds.length);
    const groups: { count: number; type: ValType }[] = [];
    const addLocal = (t: ValType) => {
      const g = groups[groups.length - 1];
      if (g && valTypeEq(g.type, t)) g.count++;
      else groups.push({ count: 1, type: t });
      next++;
    };
    while (c.peekList('local')) {
      const lc = sub(c.next() as SList);
      const lid = lc.eatId();
      if (lid) {
        if (locals.has(lid.name!)) errorAt(lid, 'duplicate local');
        locals.set(lid.name!, next);
        localNames.set(next, lid.name!);
        addLocal(parseValType(lc, this.resolveType));
        lc.expectEnd();
      } else {
        while (!lc.done()) addLocal(parseValType(lc, this.resolveType));
      }
    }
    if (localNames.size) this.names.locals.set(index, localNames);
    const body: Instr[] = [];
    const instrs = new InstrParser(this, locals);
    instrs.parseSeq(c, body);
    if (instrs.labelNames.size) this.names.labels.set(index, instrs.labelNames);
    if (instrs.hints.size) this.branchHints.set(index, instrs.hints);
    body.push({ op: Op.end, offset: -1 });
    this.m.funcs.push({ type: use.type, locals: groups, body });
  }

  /** A constant expression from the remaining items of a cursor. */
  private expr(c: Cursor): Expr {
    const out: Instr[] = [];
    new InstrParser(this, new Map(), false).parseSeq(c, out);
    out.push({ op: Op.end, offset: -1 });
    return out;
  }

  private limits(c: Cursor): Limits {
    const big = (n: SNode | undefined): number => {
      if (n === undefined || n.kind !== 'reserved') return c.error('unexpected token');
      const v = parseNat(n.text);
      if (v === null) errorAt(n, 'unexpected token');
      if (v >= 1n << 64n) errorAt(n, 'i64 constant out of range');
      return Number(v);
    };
    const min = big(c.next());
    const p = c.peek();
    let max: number | null = null;
    if (p && p.kind === 'reserved') max = big(c.next());
    return { min, max };
  }

  private addressType(c: Cursor): AddressType {
    if (c.eatKeyword('i64')) return 'i64';
    c.eatKeyword('i32');
    return 'i32';
  }

  private tableType(c: Cursor): TableType {
    const address = this.addressType(c);
    const limits = this.limits(c);
    const elem = parseRefType(c, this.resolveType);
    return { address, limits, elem };
  }

  private memType(c: Cursor): MemType {
    const address = this.addressType(c);
    const limits = this.limits(c);
    const mt: MemType = { address, limits, shared: false };
    if (c.eatKeyword('shared')) mt.shared = true;
    else c.eatKeyword('unshared');
    if (c.peekList('pagesize')) {
      const pc = sub(c.next() as SList);
      const v = natAtom(pc.next(), pc);
      pc.expectEnd();
      if (v === 0 || (v & (v - 1)) !== 0) c.error('invalid custom page size');
      mt.pageSizeLog2 = Math.log2(v);
    }
    return mt;
  }

  private globalType(c: Cursor): GlobalType {
    if (c.peekList('mut')) {
      const mc = sub(c.next() as SList);
      const type = parseValType(mc, this.resolveType);
      mc.expectEnd();
      return { type, mutable: true };
    }
    return { type: parseValType(c, this.resolveType), mutable: false };
  }

  private table(c: Cursor): void {
    const id = c.eatId();
    const index = this.countDefined('table');
    this.nameItem(this.names.tables, id, index);
    this.inlineExports(c, 'table', index);
    const imp = this.inlineImport(c);
    if (imp) {
      const type = this.tableType(c);
      c.expectEnd();
      this.m.imports.push({ module: imp[0], name: imp[1], desc: { kind: 'table', type } });
      return;
    }
    // Abbreviation: `at? reftype (elem ...)`.
    const save = c.i;
    const address = this.addressType(c);
    const rt = tryRefType(c, this.resolveType);
    if (rt && c.peekList('elem')) {
      const ec = sub(c.next() as SList);
      c.expectEnd();
      const list = this.elemList(ec, rt, true);
      const init = list.init;
      // Function indices keep the compact encoding only for plain funcref tables.
      const exprs = list.exprs || rt.heap !== 'func';
      this.m.tables.push({ type: { address, limits: { min: init.length, max: init.length }, elem: rt }, init: null });
      const offset: Expr = address === 'i64'
        ? [{ op: Op.i64_const, offset: -1, value: 0n }, { op: Op.end, offset: -1 }]
        : [{ op: Op.i32_const, offset: -1, value: 0 }, { op: Op.end, offset: -1 }];
      this.m.elems.push({ mode: 'active', table: index, offset, type: exprs ? rt : list.type, init, exprs });
      return;
    }
    c.i = save;
    const type = this.tableType(c);
    const init = c.done() ? null : this.expr(c);
    this.m.tables.push({ type, init });
  }

  private memory(c: Cursor): void {
    const id = c.eatId();
    const index = this.countDefined('memory');
    this.nameItem(this.names.memories, id, index);
    this.inlineExports(c, 'memory', index);
    const imp = this.inlineImport(c);
    if (imp) {
      const type = this.memType(c);
      c.expectEnd();
      this.m.imports.push({ module: imp[0], name: imp[1], desc: { kind: 'memory', type } });
      return;
    }
    const save = c.i;
    const address = this.addressType(c);
    let pageSizeLog2: number | undefined;
    if (c.peekList('pagesize') && c.peekList('data', 1)) {
      const pc = sub(c.next() as SList);
      const v = natAtom(pc.next(), pc);
      if (v === 0 || (v & (v - 1)) !== 0) c.error('invalid custom page size');
      pageSizeLog2 = Math.log2(v);
    }
    if (c.peekList('data')) {
      const dc = sub(c.next() as SList);
      c.expectEnd();
      const parts: Uint8Array[] = [];
      while (!dc.done()) parts.push(stringAtom(dc.next(), dc));
      const bytes = concatBytes(parts);
      const pageSize = 2 ** (pageSizeLog2 ?? 16);
      const pages = Math.ceil(bytes.length / pageSize);
      const mt: MemType = { address, limits: { min: pages, max: pages }, shared: false };
      if (pageSizeLog2 !== undefined) mt.pageSizeLog2 = pageSizeLog2;
      this.m.memories.push({ type: mt });
      const offset: Expr = address === 'i64'
        ? [{ op: Op.i64_const, offset: -1, value: 0n }, { op: Op.end, offset: -1 }]
        : [{ op: Op.i32_const, offset: -1, value: 0 }, { op: Op.end, offset: -1 }];
      this.m.datas.push({ mode: 'active', memory: index, offset, bytes });
      return;
    }
    c.i = save;
    const type = this.memType(c);
    c.expectEnd();
    this.m.memories.push({ type });
  }

  private global(c: Cursor): void {
    const id = c.eatId();
    const index = this.countDefined('global');
    this.nameItem(this.names.globals, id, index);
    this.inlineExports(c, 'global', index);
    const imp = this.inlineImport(c);
    const type = this.globalType(c);
    if (imp) {
      c.expectEnd();
      this.m.imports.push({ module: imp[0], name: imp[1], desc: { kind: 'global', type } });
      return;
    }
    this.m.globals.push({ type, init: this.expr(c) });
  }

  private tag(c: Cursor): void {
    const id = c.eatId();
    const index = this.countDefined('tag');
    this.nameItem(this.names.tags, id, index);
    this.inlineExports(c, 'tag', index);
    const imp = this.inlineImport(c);
    const use = this.typeUse(c, false);
    c.expectEnd();
    if (imp) this.m.imports.push({ module: imp[0], name: imp[1], desc: { kind: 'tag', type: use.type } });
    else this.m.tags.push({ type: use.type });
  }

  private importField(c: Cursor): void {
    const mod = nameAtom(c.next(), c);
    const nm = nameAtom(c.next(), c);
    const d = c.next();
    if (!isList(d)) return c.error('unexpected token');
    c.expectEnd();
    const dc = sub(d);
    const id = dc.eatId();
    const kind = head(d) as ExternKind;
    const index = this.countDefined(kind);
    switch (kind) {
      case 'func': {
        this.nameItem(this.names.funcs, id, index);
        if (dc.peekList('exact')) {
          const t = this.exactTypeUse(dc);
          dc.expectEnd();
          this.m.imports.push({ module: mod, name: nm, desc: { kind, type: t, exact: true } });
          break;
        }
        const use = this.typeUse(dc, true);
        this.m.imports.push({ module: mod, name: nm, desc: { kind, type: use.type } });
        break;
      }
      case 'tag': {
        this.nameItem(this.names.tags, id, index);
        this.m.imports.push({ module: mod, name: nm, desc: { kind, type: this.typeUse(dc, false).type } });
        break;
      }
      case 'table':
        this.nameItem(this.names.tables, id, index);
        this.m.imports.push({ module: mod, name: nm, desc: { kind, type: this.tableType(dc) } });
        break;
      case 'memory':
        this.nameItem(this.names.memories, id, index);
        this.m.imports.push({ module: mod, name: nm, desc: { kind, type: this.memType(dc) } });
        break;
      case 'global':
        this.nameItem(this.names.globals, id, index);
        this.m.imports.push({ module: mod, name: nm, desc: { kind, type: this.globalType(dc) } });
        break;
    }
    dc.expectEnd();
  }

  private exportField(c: Cursor): void {
    const name = nameAtom(c.next(), c);
    const d = c.next();
    if (!isList(d)) return c.error('unexpected token');
    c.expectEnd();
    const dc = sub(d);
    const kind = head(d);
    if (kind !== 'func' && kind !== 'table' && kind !== 'memory' && kind !== 'global' && kind !== 'tag') errorAt(d, 'unexpected token');
    const index = this.resolve(kind, dc.next() ?? dc.error('unexpected token'));
    dc.expectEnd();
    this.m.exports.push({ name, kind, index });
  }

  /** An offset: `(offset instr*)` or one folded instruction. */
  private offsetExpr(c: Cursor): Expr {
    const l = c.next();
    if (!isList(l)) return c.error('unexpected token');
    if (head(l) === 'offset') return this.expr(sub(l));
    return this.expr(new Cursor([l], l));
  }

  /**
   * An element list: `reftype elemexpr*`, `func funcidx*`, or (with `bareFuncs`) just `funcidx*`.
   * Element expressions are `(item instr*)` or one folded instruction.
   */
  private elemList(c: Cursor, fallback: RefType | null, bareFuncs: boolean): { type: RefType; init: Expr[]; exprs: boolean } {
    const funcRefs = (): Expr[] => {
      const init: Expr[] = [];
      while (!c.done()) {
        const n = c.next()!;
        init.push([{ op: Op.ref_func, offset: -1, idx: this.resolve('func', n) }, { op: Op.end, offset: -1 }]);
      }
      return init;
    };
    if (c.eatKeyword('func')) return { type: { nullable: false, heap: 'func' }, init: funcRefs(), exprs: false };
    const rt = tryRefType(c, this.resolveType);
    const p = c.peek();
    if (!rt && (bareFuncs || fallback) && (p === undefined || !isList(p))) {
      if (!bareFuncs && p !== undefined) c.error('unexpected token');
      return { type: { nullable: false, heap: 'func' }, init: funcRefs(), exprs: false };
    }
    const type = rt ?? fallback;
    if (!type) return c.error('unexpected token');
    const init: Expr[] = [];
    while (!c.done()) {
      const n = c.next()!;
      if (!isList(n)) errorAt(n, 'unexpected token');
      init.push(head(n) === 'item' ? this.expr(sub(n)) : this.expr(new Cursor([n], n)));
    }
    return { type, init, exprs: true };
  }

  private elem(c: Cursor): void {
    const id = c.eatId();
    const index = this.m.elems.length;
    this.nameItem(this.names.elems, id, index);
    let e: Elem;
    if (c.eatKeyword('declare')) {
      const { type, init, exprs } = this.elemList(c, null, false);
      e = { mode: 'declarative', type, init, exprs };
    } else if (c.peekList('table') || c.peekList('offset') || (isList(c.peek()) && !c.peekList('item') && !isRefTypeList(c.peek()))
      || (isIndexAtom(c.peek()) && isList(c.peek(1)))) {
      let table = 0;
      if (isIndexAtom(c.peek())) table = this.resolve('table', c.next()!); // legacy `(elem 0 (offset) ...)`
      else if (c.peekList('table')) {
        const tc = sub(c.next() as SList);
        table = this.resolve('table', tc.next() ?? tc.error('unexpected token'));
        tc.expectEnd();
      }
      const offset = this.offsetExpr(c);
      const { type, init, exprs } = this.elemList(c, null, true);
      e = { mode: 'active', table, offset, type, init, exprs };
    } else {
      const { type, init, exprs } = this.elemList(c, null, false);
      e = { mode: 'passive', type, init, exprs };
    }
    this.m.elems.push(e);
  }

  private data(c: Cursor): void {
    const id = c.eatId();
    const index = this.m.datas.length;
    this.nameItem(this.names.datas, id, index);
    if (isList(c.peek()) || (isIndexAtom(c.peek()) && isList(c.peek(1)))) {
      let memory = 0;
      if (isIndexAtom(c.peek())) memory = this.resolve('memory', c.next()!); // legacy `(data 0 (offset) ...)`
      else if (c.peekList('memory')) {
        const mc = sub(c.next() as SList);
        memory = this.resolve('memory', mc.next() ?? mc.error('unexpected token'));
        mc.expectEnd();
      }
      const offset = this.offsetExpr(c);
      const parts: Uint8Array[] = [];
      while (!c.done()) parts.push(stringAtom(c.next(), c));
      this.m.datas.push({ mode: 'active', memory, offset, bytes: concatBytes(parts) });
      return;
    }
    const parts: Uint8Array[] = [];
    while (!c.done()) parts.push(stringAtom(c.next(), c));
    this.m.datas.push({ mode: 'passive', memory: 0, bytes: concatBytes(parts) });
  }
}

const SECTION_KEYWORD_ID: Record<string, number> = {
  type: SectionId.type, import: SectionId.import, func: SectionId.func, table: SectionId.table, memory: SectionId.memory,
  tag: SectionId.tag, global: SectionId.global, export: SectionId.export, start: SectionId.start, elem: SectionId.elem,
  datacount: SectionId.dataCount, code: SectionId.code, data: SectionId.data,
};

const DATA_OPS = new Set(['memory.init', 'data.drop', 'array.new_data', 'array.init_data'].map((n) => opcode(n)));

function isIndexAtom(n: SNode | undefined): boolean {
  return !!n && (n.kind === 'id' || (n.kind === 'reserved' && /^[0-9]/.test(n.text)));
}

function isRefTypeList(n: SNode | undefined): boolean {
  return isList(n) && head(n) === 'ref';
}

/** The parts' bytes joined in order (data strings; binary/quote modules in ./wast.ts). */
export function concatBytes(parts: Uint8Array[]): Uint8Array {
  let len = 0;
  for (const p of parts) len += p.length;
  const out = new Uint8Array(len);
  let o = 0;
  for (const p of parts) { out.set(p, o); o += p.length; }
  return out;
}

/** Parse the fields of a module (the items after `module $id?`). */
/** Parse the module whose fields are `l.items` from index `first` on (annotations of `l` included). */
export function parseModuleFields(l: SList, first: number, name?: string): Module {
  const annots = (l.annots ?? []).map((a) => ({ token: a.token, index: a.index - first }));
  try {
    return new ModuleParser(l.items.slice(first), name, annots).parse();
  } catch (e) {
    throw nestingError(e, l);
  }
}

/** A JS stack overflow from pathologically deep nesting, as a text error; other errors unchanged. */
export function nestingError(e: unknown, at: { line: number; col: number }): unknown {
  if (e instanceof RangeError && /call stack/i.test(e.message)) return new TextError('nesting too deep', at.line, at.col);
  return e;
}

