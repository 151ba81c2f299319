// Instructions of the text format, plain and folded, into a flat `Instr[]` in
// evaluation order. Labels are resolved here (a stack of label ids); all other
// index spaces are resolved through the module scope.

import type { BlockType, Catch, CatchKind, Instr, MemArg, ValType } from '../ast.js';
import { OP_BY_NAME, Op, opcode, type OpInfo } from '../binary/opcodes.js';
import { isList, head, Cursor, type Annotation, type SNode, type SList } from './sexpr.js';
import { BRANCH_HINT, parseBranchHint } from './branch-hints.js';
import type { Token } from './lexer.js';
import { parseInt, parseNat, parseF32, parseF64, RangeErrorLiteral } from './numbers.js';
import { errorAt, parseHeapType, parseHeapTypeExact, parseRefType, tryValType, type TypeResolver } from './types.js';

export type Space = 'type' | 'func' | 'table' | 'memory' | 'global' | 'tag' | 'elem' | 'data' | 'local' | 'label';

/** What instruction parsing needs from the enclosing module. */
export interface ModuleScope {
  resolve(space: Exclude<Space, 'local' | 'label'>, n: SNode): number;
  resolveField(typeIdx: number, n: SNode): number;
  resolveType: TypeResolver;
  /** `(type x)? (param t*)* (result t*)*` → type index (implicit types appended). Param names are rejected. */
  typeUseIndex(c: Cursor): number;
  /** A block type: `(type x)?` with inline params/results. */
  blockType(c: Cursor): BlockType;
}

/** Names that exist only internally in the opcode table, not in the text format. */
const INTERNAL_NAMES = new Set(['ref.test_null', 'ref.cast_null', 'ref.cast_desc_eq_null', 'select_t', 'catch', 'catch_all', 'delegate']);

/** Declaration keywords: out of place among instructions (e.g. a local after code). */
const DECL_WORDS = new Set(['param', 'result', 'local', 'type', 'export', 'import', 'then', 'do', 'item', 'offset']);

const BLOCK_OPS = new Set(['block', 'loop', 'if', 'try', 'try_table']);

interface OpenBlock {
  kind: string;
  label: string | undefined;
}

/** Parse one function body (or constant expression) against a module scope. */
export class InstrParser {
  /** Label names, innermost last. */
  private labels: (string | undefined)[] = [];
  private blocks: OpenBlock[] = [];
  /** Label names for the name section, keyed by the block's position among the body's structured instructions. */
  readonly labelNames = new Map<number, string>();
  private structured = 0;
  /** Branch hints: index in the output of the hinted `if`/`br_if` → hint value. */
  readonly hints = new Map<number, number>();
  /** Nodes (an `if`/`br_if` keyword or folded list) a branch hint annotation precedes. */
  private readonly hinted = new Map<SNode, number>();

  constructor(
    private readonly scope: ModuleScope,
    private readonly locals: Map<string, number>,
    /** False for constant expressions, where branch hints have nothing to attach to. */
    private readonly inFunction = true,
  ) {}

  /** Parse all remaining items of the cursor as instructions, appending to `out`. */
  parseSeq(c: Cursor, out: Instr[]): void {
    const depth = this.blocks.length;
    const annots = (c.at as Partial<SList>).annots;
    while (!c.done()) {
      const at = c.i;
      const n = c.next()!;
      if (annots) this.noteHint(annots, at, n);
      if (isList(n)) this.folded(n, out);
      else this.plain(n, c, out);
      // A hint before a structured instruction other than `if` has nothing to name.
      this.hinted.delete(n);
    }
    if (this.blocks.length !== depth) c.error('unexpected end');
  }

  /** Record a branch hint annotation standing right before item `n` (at index `at`). */
  private noteHint(annots: Annotation[], at: number, n: SNode): void {
    let found: Annotation | undefined;
    for (const a of annots) {
      if (a.index !== at || a.token.text !== BRANCH_HINT) continue;
      if (!this.inFunction) errorAt(a.token, `@${BRANCH_HINT} annotation: not in a function`);
      if (found) errorAt(a.token, `@${BRANCH_HINT} annotation: duplicate annotation`);
      found = a;
      this.hinted.set(n, parseBranchHint(a.token));
    }
  }

  /**
   * Push an instruction, attaching the branch hint of the node it came from. Hints
   * belong on `if`/`br_if`; one elsewhere is kept too, for validation to report
   * ("invalid target"), since that is not a matter of syntax.
   */
  private emitHinted(out: Instr[], instr: Instr, from: SNode): void {
    const hint = this.hinted.get(from);
    if (hint !== undefined) {
      this.hints.set(out.length, hint);
      this.hinted.delete(from);
    }
    out.push(instr);
  }

  // ---- label handling ----

  private pushLabel(c: Cursor, kind: string): void {
    this.openBlock(kind, c.eatId());
  }

  private openBlock(kind: string, id: Token | undefined): void {
    if (id) this.labelNames.set(this.structured, id.name!);
    this.structured++;
    this.labels.push(id?.name);
    this.blocks.push({ kind, label: id?.name });
  }

  private popLabel(): void {
    this.labels.pop();
    this.blocks.pop();
  }

  /** An optional trailing label after else/end/catch must match the block's label. */
  private checkTrailingLabel(c: Cursor, b: OpenBlock): void {
    const id = c.eatId();
    if (id && id.name !== b.label) errorAt(id, 'mismatching label');
  }

  private labelIndex(n: SNode | undefined, c: Cursor): number {
    if (n === undefined) c.error('unexpected token');
    if (n.kind === 'id') {
      for (let i = this.labels.length - 1; i >= 0; i--) {
        if (this.labels[i] === n.name) return this.labels.length - 1 - i;
      }
      errorAt(n, `unknown label ${n.text}`);
    }
    return natAtom(n, c);
  }

  // ---- plain instructions ----

  private plain(n: SNode, c: Cursor, out: Instr[]): void {
    if (n.kind !== 'keyword') errorAt(n, n.kind === 'reserved' ? `unknown operator ${n.text}` : 'unexpected token');
    const name = n.text;
    switch (name) {
      case 'block': case 'loop': case 'if': case 'try': {
        this.pushLabel(c, name);
        this.emitHinted(out, { op: opcode(name), offset: -1, blockType: this.scope.blockType(c) }, n);
        return;
      }
      case 'try_table': {
        this.pushLabel(c, name);
        const blockType = this.scope.blockType(c);
        const catches = this.catches(c);
        out.push({ op: Op.try_table, offset: -1, blockType, catches });
        return;
      }
      case 'else': {
        const b = this.blocks[this.blocks.length - 1];
        if (!b || b.kind !== 'if') errorAt(n, 'unexpected token');
        this.checkTrailingLabel(c, b);
        b.kind = 'else';
        out.push({ op: Op.else, offset: -1 });
        return;
      }
      case 'catch': case 'catch_all': {
        const b = this.blocks[this.blocks.length - 1];
        // catch_all, if present, is the last handler.
        if (!b || (b.kind !== 'try' && b.kind !== 'catch')) errorAt(n, 'unexpected token');
        b.kind = name;
        if (name === 'catch') out.push({ op: Op.catch, offset: -1, idx: this.scope.resolve('tag', c.next() ?? c.error('unexpected token')) });
        else out.push({ op: Op.catch_all, offset: -1 });
        return;
      }
      case 'delegate': {
        const b = this.blocks[this.blocks.length - 1];
        if (!b || b.kind !== 'try') errorAt(n, 'unexpected token');
        this.popLabel();
        out.push({ op: Op.delegate, offset: -1, idx: this.labelIndex(c.next(), c) });
        return;
      }
      case 'end': {
        const b = this.blocks[this.blocks.length - 1];
        if (!b) errorAt(n, 'unexpected token');
        this.checkTrailingLabel(c, b);
        this.popLabel();
        out.push({ op: Op.end, offset: -1 });
        return;
      }
    }
    this.emitHinted(out, this.operator(n, c), n);
  }

  /** try_table handlers: `(catch $tag $label)` etc. lists at the cursor. */
  private catches(c: Cursor): Catch[] {
    const out: Catch[] = [];
    for (;;) {
      const l = c.peek();
      if (!isList(l)) break;
      const h = head(l);
      if (h !== 'catch' && h !== 'catch_ref' && h !== 'catch_all' && h !== 'catch_all_ref') break;
      c.next();
      const lc: Cursor = new Cursor(l.items, l);
      lc.next();
      const kind = h as CatchKind;
      const ct: Catch = { kind, label: 0 };
      if (kind === 'catch' || kind === 'catch_ref') ct.tag = this.scope.resolve('tag', lc.next() ?? lc.error('unexpected token'));
      // The label is resolved outside the try_table block itself.
      const saved = this.labels.pop();
      ct.label = this.labelIndex(lc.next(), lc);
      this.labels.push(saved);
      lc.expectEnd();
      out.push(ct);
    }
    return out;
  }

  // ---- folded instructions ----

  private folded(l: SList, out: Instr[]): void {
    const c = new Cursor(l.items, l);
    const n = c.next();
    if (n === undefined || n.kind !== 'keyword') {
      return errorAt(n ?? l, n && n.kind === 'reserved' ? `unknown operator ${n.text}` : 'unexpected token');
    }
    const name = n.text;
    if (name === 'block' || name === 'loop') {
      this.pushLabel(c, name);
      out.push({ op: opcode(name), offset: -1, blockType: this.scope.blockType(c) });
      this.parseSeq(c, out);
      this.popLabel();
      out.push({ op: Op.end, offset: -1 });
      return;
    }
    if (name === 'try_table') {
      this.pushLabel(c, name);
      const blockType = this.scope.blockType(c);
      const catches = this.catches(c);
      out.push({ op: Op.try_table, offset: -1, blockType, catches });
      this.parseSeq(c, out);
      this.popLabel();
      out.push({ op: Op.end, offset: -1 });
      return;
    }
    if (name === 'if') {
      // `(if l bt c* (then ..) (else ..))` unfolds to `c* if l bt .. else .. end`:
      // the condition is evaluated outside the block, so its label is not in scope there.
      const id = c.eatId();
      const blockType = this.scope.blockType(c);
      while (!c.done() && !c.peekList('then')) {
        const cond = c.next()!;
        if (!isList(cond)) errorAt(cond, 'unexpected token');
        this.folded(cond, out);
      }
      const thenL = c.next();
      if (!isList(thenL) || head(thenL) !== 'then') return c.error('unexpected token');
      this.openBlock('if', id);
      this.emitHinted(out, { op: Op.if, offset: -1, blockType }, l);
      const tc = new Cursor(thenL.items, thenL);
      tc.next();
      this.parseSeq(tc, out);
      if (c.peekList('else')) {
        const elseL = c.next() as SList;
        out.push({ op: Op.else, offset: -1 });
        const ec = new Cursor(elseL.items, elseL);
        ec.next();
        this.parseSeq(ec, out);
      }
      c.expectEnd();
      this.popLabel();
      out.push({ op: Op.end, offset: -1 });
      return;
    }
    if (name === 'try') {
      this.pushLabel(c, name);
      out.push({ op: Op.try, offset: -1, blockType: this.scope.blockType(c) });
      const doL = c.next();
      if (!isList(doL) || head(doL) !== 'do') return c.error('unexpected token');
      const dc = new Cursor(doL.items, doL);
      dc.next();
      this.parseSeq(dc, out);
      if (c.peekList('delegate')) {
        const d = c.next() as SList;
        const delc = new Cursor(d.items, d);
        delc.next();
        this.popLabel();
        out.push({ op: Op.delegate, offset: -1, idx: this.labelIndex(delc.next(), delc) });
        delc.expectEnd();
        c.expectEnd();
        return;
      }
      while (c.peekList('catch')) {
        const k = c.next() as SList;
        const kc = new Cursor(k.items, k);
        kc.next();
        out.push({ op: Op.catch, offset: -1, idx: this.scope.resolve('tag', kc.next() ?? kc.error('unexpected token')) });
        this.parseSeq(kc, out);
      }
      if (c.peekList('catch_all')) {
        const k = c.next() as SList;
        const kc = new Cursor(k.items, k);
        kc.next();
        out.push({ op: Op.catch_all, offset: -1 });
        this.parseSeq(kc, out);
      }
      c.expectEnd();
      this.popLabel();
      out.push({ op: Op.end, offset: -1 });
      return;
    }
    if (BLOCK_OPS.has(name)) errorAt(n, 'unexpected token');
    const instr = this.operator(n, c);
    // Remaining items are folded operands, evaluated before the operator.
    while (!c.done()) {
      const operand = c.next()!;
      if (!isList(operand)) errorAt(operand, 'unexpected token');
      this.folded(operand, out);
    }
    this.emitHinted(out, instr, l);
  }

  // ---- operators with immediates ----

  private operator(n: Token, c: Cursor): Instr {
    const name = n.text;
    if (name === 'select') return this.select(c);
    if (name === 'else' || name === 'end' || name === 'then' || INTERNAL_NAMES.has(name)) errorAt(n, 'unexpected token');
    const info = OP_BY_NAME.get(name);
    if (!info) errorAt(n, DECL_WORDS.has(name) ? 'unexpected token' : `unknown operator ${name}`);
    const instr: Instr = { op: info.code, offset: -1 };
    this.immediates(info, instr, c, n);
    return instr;
  }

  private select(c: Cursor): Instr {
    const types: ValType[] = [];
    let explicit = false;
    while (c.peekList('result')) {
      explicit = true;
      const l = c.next() as SList;
      const lc: Cursor = new Cursor(l.items, l);
      lc.next();
      while (!lc.done()) {
        const t = tryValType(lc, this.scope.resolveType);
        if (!t) lc.error('unexpected token');
        types.push(t);
      }
    }
    return explicit ? { op: Op.select_t, offset: -1, types } : { op: Op.select, offset: -1 };
  }

  private idxOf(space: Exclude<Space, 'local' | 'label'>, c: Cursor): number {
    return this.scope.resolve(space, c.next() ?? c.error('unexpected token'));
  }

  /** An optional index atom (id or number) at the cursor. */
  private optIdx(space: Exclude<Space, 'local' | 'label'>, c: Cursor): number | undefined {
    const p = c.peek();
    if (p && (p.kind === 'id' || (p.kind === 'reserved' && /^[0-9]/.test(p.text)))) {
      c.next();
      return this.scope.resolve(space, p);
    }
    return undefined;
  }

  private local(c: Cursor): number {
    const n = c.next();
    if (n === undefined) c.error('unexpected token');
    if (n.kind === 'id') {
      const i = this.locals.get(n.name!);
      if (i === undefined) errorAt(n, `unknown local ${n.text}`);
      return i;
    }
    return natAtom(n, c);
  }

  private immediates(info: OpInfo, instr: Instr, c: Cursor, opTok: Token): void {
    switch (info.imm) {
      case 'none': case 'zero': return;
      case 'label': instr.idx = this.labelIndex(c.next(), c); return;
      case 'br_table': {
        const labels: number[] = [];
        while (isIndexAtom(c.peek())) labels.push(this.labelIndex(c.next(), c));
        if (labels.length === 0) c.error('unexpected token');
        instr.labels = labels;
        return;
      }
      case 'func': instr.idx = this.idxOf('func', c); return;
      case 'call_indirect': {
        instr.idx2 = this.optIdx('table', c) ?? 0;
        instr.idx = this.scope.typeUseIndex(c);
        return;
      }
      case 'type': instr.idx = this.idxOf('type', c); return;
      case 'local': instr.idx = this.local(c); return;
      case 'global': instr.idx = this.idxOf('global', c); return;
      case 'table': instr.idx = this.optIdx('table', c) ?? 0; return;
      case 'memory': instr.idx = this.optIdx('memory', c) ?? 0; return;
      case 'tag': instr.idx = this.idxOf('tag', c); return;
      case 'elem': instr.idx = this.idxOf('elem', c); return;
      case 'data': instr.idx = this.idxOf('data', c); return;
      case 'memarg': {
        const memory = this.optIdx('memory', c) ?? 0;
        instr.mem = this.memArg(c, info, memory);
        return;
      }
      case 'memarg_lane': {
        // `memidx? memarg lane`: a leading number is the memory only if another number follows the memarg.
        let memory = 0;
        const p = c.peek();
        if (p && p.kind === 'id') { memory = this.scope.resolve('memory', p); c.next(); }
        else if (isIndexAtom(p)) {
          let k = 1;
          while (isMemArgKey(c.peek(k))) k++;
          if (isIndexAtom(c.peek(k))) { memory = this.scope.resolve('memory', p!); c.next(); }
        }
        instr.mem = this.memArg(c, info, memory);
        instr.lane = laneAtom(c.next(), c);
        return;
      }
      case 'i32': instr.value = Number(intAtom(c.next(), c, 32)); return;
      case 'i64': instr.value = intAtom(c.next(), c, 64); return;
      case 'f32': instr.value = f32Atom(c.next(), c); return;
      case 'f64': instr.value = f64Atom(c.next(), c); return;
      case 'v128': instr.value = v128Const(c); return;
      case 'lane': instr.lane = laneAtom(c.next(), c); return;
      case 'shuffle': {
        let count = 0;
        while (isLiteralAtom(c.peek(count))) count++;
        if (count !== 16) c.error('invalid lane length');
        const lanes = new Uint8Array(16);
        for (let i = 0; i < 16; i++) lanes[i] = laneAtom(c.next(), c, true);
        instr.lanes = lanes;
        return;
      }
      case 'heap': {
        if (info.name === 'ref.null') {
          const h = parseHeapTypeExact(c.next(), this.scope.resolveType, c);
          instr.heap = h.heap;
          if (h.exact) instr.exact = true;
          return;
        }
        const rt = parseRefType(c, this.scope.resolveType);
        if (rt.nullable) instr.op = opcode(info.name + '_null');
        instr.heap = rt.heap;
        if (rt.exact) instr.exact = true;
        return;
      }
      case 'br_on_cast': {
        instr.idx = this.labelIndex(c.next(), c);
        instr.ref = parseRefType(c, this.scope.resolveType);
        instr.ref2 = parseRefType(c, this.scope.resolveType);
        return;
      }
      case 'table_init': {
        const a = this.optIdxAtom(c);
        const b = this.optIdxAtom(c);
        if (a === undefined) c.error('unexpected token');
        if (b === undefined) { instr.idx = this.scope.resolve('elem', a); instr.idx2 = 0; }
        else { instr.idx2 = this.scope.resolve('table', a); instr.idx = this.scope.resolve('elem', b); }
        return;
      }
      case 'memory_init': {
        const a = this.optIdxAtom(c);
        const b = this.optIdxAtom(c);
        if (a === undefined) c.error('unexpected token');
        if (b === undefined) { instr.idx = this.scope.resolve('data', a); instr.idx2 = 0; }
        else { instr.idx2 = this.scope.resolve('memory', a); instr.idx = this.scope.resolve('data', b); }
        return;
      }
      case 'table_copy': case 'memory_copy': {
        const space = info.imm === 'table_copy' ? 'table' : 'memory';
        const a = this.optIdx(space, c);
        const b = a === undefined ? undefined : this.optIdx(space, c);
        if (a !== undefined && b === undefined) c.error('unexpected token');
        instr.idx = a ?? 0;
        instr.idx2 = b ?? 0;
        return;
      }
      case 'field': {
        instr.idx = this.idxOf('type', c);
        instr.idx2 = this.scope.resolveField(instr.idx, c.next() ?? c.error('unexpected token'));
        return;
      }
      case 'array_fixed': instr.idx = this.idxOf('type', c); instr.idx2 = natAtom(c.next(), c); return;
      case 'type_data': instr.idx = this.idxOf('type', c); instr.idx2 = this.idxOf('data', c); return;
      case 'type_elem': instr.idx = this.idxOf('type', c); instr.idx2 = this.idxOf('elem', c); return;
      case 'type_type': instr.idx = this.idxOf('type', c); instr.idx2 = this.idxOf('type', c); return;
      case 'select_t': case 'block': case 'try_table':
        errorAt(opTok, 'unexpected token');
    }
  }

  private optIdxAtom(c: Cursor): SNode | undefined {
    const p = c.peek();
    if (isIndexAtom(p)) { c.next(); return p; }
    return undefined;
  }

  private memArg(c: Cursor, info: OpInfo, memory: number): MemArg {
    let offset = 0;
    let align = info.natAlign ?? 0;
    let p = c.peek();
    if (p && p.kind === 'keyword' && p.text.startsWith('offset=')) {
      c.next();
      const v = parseNat(p.text.slice(7));
      if (v === null) errorAt(p, 'unknown operator');
      if (v >= 1n << 64n) errorAt(p, 'i64 constant out of range');
      offset = Number(v);
      p = c.peek();
    }
    if (p && p.kind === 'keyword' && p.text.startsWith('align=')) {
      c.next();
      const v = parseNat(p.text.slice(6));
      if (v === null) errorAt(p, 'unknown operator');
      if (v === 0n || (v & (v - 1n)) !== 0n) errorAt(p, 'alignment must be a power of two');
      align = v.toString(2).length - 1;
    }
    return { align, offset, memory };
  }
}

/** A token that can only be a number literal (so lane lists end at the next instruction). */
function isLiteralAtom(n: SNode | undefined): boolean {
  return !!n && (n.kind === 'reserved' || (n.kind === 'keyword' && /^(nan|inf)/.test(n.text)));
}

function isMemArgKey(n: SNode | undefined): boolean {
  return !!n && n.kind === 'keyword' && (n.text.startsWith('offset=') || n.text.startsWith('align='));
}

function isIndexAtom(n: SNode | undefined): boolean {
  return !!n && (n.kind === 'id' || (n.kind === 'reserved' && /^[0-9]/.test(n.text)));
}

/** A u32 number atom. */
export function natAtom(n: SNode | undefined, c: Cursor): number {
  if (n === undefined) c.error('unexpected token');
  if (n.kind !== 'reserved') errorAt(n, 'unexpected token');
  const v = parseNat(n.text);
  if (v === null) errorAt(n, `unknown operator ${n.text}`);
  if (v >= 1n << 32n) errorAt(n, 'i32 constant out of range');
  return Number(v);
}

/**
 * A lane index: a u8 literal. For shuffles any other number is out of the i8 range;
 * for lane instructions a number that is no natural number is an unexpected token.
 */
function laneAtom(n: SNode | undefined, c: Cursor, shuffle = false): number {
  if (n === undefined || isList(n)) return c.error('unexpected token');
  const v = n.kind === 'reserved' ? parseNat(n.text) : null;
  if (v === null) errorAt(n, shuffle ? 'i8 constant out of range' : 'unexpected token');
  if (v > 255n) errorAt(n, 'i8 constant out of range');
  return Number(v);
}

/** An integer constant atom of `bits` width, as a signed bigint. */
export function intAtom(n: SNode | undefined, c: Cursor, bits: number): bigint {
  if (n === undefined) c.error('unexpected token');
  if (n.kind !== 'reserved' && n.kind !== 'keyword') errorAt(n, 'unexpected token');
  try {
    const v = parseInt(n.text, bits);
    if (v === null) errorAt(n, notANumber(n));
    return v;
  } catch (e) {
    if (e instanceof RangeErrorLiteral) errorAt(n, 'constant out of range');
    throw e;
  }
}

export function f32Atom(n: SNode | undefined, c: Cursor): number {
  if (n === undefined) c.error('unexpected token');
  if (n.kind !== 'reserved' && n.kind !== 'keyword') errorAt(n, 'unexpected token');
  try {
    const v = parseF32(n.text);
    if (v === null) errorAt(n, notANumber(n));
    return v;
  } catch (e) {
    if (e instanceof RangeErrorLiteral) errorAt(n, 'constant out of range');
    throw e;
  }
}

export function f64Atom(n: SNode | undefined, c: Cursor): bigint {
  if (n === undefined) c.error('unexpected token');
  if (n.kind !== 'reserved' && n.kind !== 'keyword') errorAt(n, 'unexpected token');
  try {
    const v = parseF64(n.text);
    if (v === null) errorAt(n, notANumber(n));
    return v;
  } catch (e) {
    if (e instanceof RangeErrorLiteral) errorAt(n, 'constant out of range');
    throw e;
  }
}

/** The error for a non-number where a number literal belongs. */
function notANumber(n: Token): string {
  // Script-only NaN patterns are tokens of their own; other words are unknown keywords.
  if (n.kind === 'keyword' && n.text !== 'nan:canonical' && n.text !== 'nan:arithmetic' && n.text.startsWith('nan:')) {
    return `unknown operator ${n.text}`;
  }
  return n.kind === 'keyword' ? 'unexpected token' : `unknown operator ${n.text}`;
}

const SHAPE_LANES: Record<string, number> = { i8x16: 16, i16x8: 8, i32x4: 4, i64x2: 2, f32x4: 4, f64x2: 2 };

/** `shape lane*` of a v128.const: the 16 little-endian bytes. */
export function v128Const(c: Cursor): Uint8Array {
  const s = c.next();
  if (!s || s.kind !== 'keyword' || !(s.text in SHAPE_LANES)) return errorAt(s ?? c.where(), 'unexpected token');
  const count = SHAPE_LANES[s.text];
  const bytes = new Uint8Array(16);
  const view = new DataView(bytes.buffer);
  let given = 0;
  while (isLiteralAtom(c.peek(given))) given++;
  if (given !== count) c.error('wrong number of lane literals');
  for (let i = 0; i < count; i++) {
    const n = c.next()!;
    switch (s.text) {
      case 'i8x16': view.setUint8(i, Number(BigInt.asUintN(8, intAtom(n, c, 8)))); break;
      case 'i16x8': view.setUint16(i * 2, Number(BigInt.asUintN(16, intAtom(n, c, 16))), true); break;
      case 'i32x4': view.setUint32(i * 4, Number(BigInt.asUintN(32, intAtom(n, c, 32))), true); break;
      case 'i64x2': view.setBigUint64(i * 8, BigInt.asUintN(64, intAtom(n, c, 64)), true); break;
      case 'f32x4': view.setUint32(i * 4, f32Atom(n, c), true); break;
      case 'f64x2': view.setBigUint64(i * 8, f64Atom(n, c), true); break;
    }
  }
  return bytes;
}

