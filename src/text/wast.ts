// WAST scripts: parse a .wast file into the command list of src/text/script.ts.
// Inline text modules are parsed eagerly, but a module that fails to parse is
// recorded in its command (source.error) instead of failing the whole script.

import type { Module } from '../ast.js';
import type { RawValue } from '../exec/value.js';
import { decodeSourceBytes, tokenize, TextError } from './lexer.js';
import { buildTree, isList, head, Cursor, type SList } from './sexpr.js';
import { concatBytes, nameAtom, nestingError, parseModuleFields, sub } from './parser.js';
import { f32Atom, f64Atom, intAtom, natAtom, v128Const } from './instr.js';
import { errorAt } from './types.js';
import type {
  Action, Command, Expected, LanePattern, ModuleSource, RefPatternKind, Script, Shape,
} from './script.js';

/** Parse module text consisting of module fields (the body of `(module quote ...)`), or one `(module ...)`. */
export function parseModuleText(text: string): Module {
  const root = buildTree(tokenize(text));
  const tree = root.items;
  if (tree.length === 1 && isList(tree[0]) && head(tree[0]) === 'module') return parseModuleList(tree[0]);
  return parseModuleFields(root, 0);
}

/** A `(module $id? field*)` list. */
function parseModuleList(l: SList): Module {
  const c = sub(l);
  const id = c.eatId();
  return parseModuleFields(l, c.i, id?.name);
}

/** Parse the text of a `(module quote ...)` command (throws CompileError when malformed). */
export function parseQuoteModule(text: string): Module {
  return parseModuleText(text);
}

class ScriptParser {
  constructor(private readonly src: string) {}

  parse(filename?: string): Script {
    const root = buildTree(tokenize(this.src));
    const tree = root.items;
    const commands: Command[] = [];
    // A file of bare module fields is one module.
    if (tree.length > 0 && tree.every((n) => isList(n) && isModuleField(head(n)))) {
      const first = tree[0] as SList;
      commands.push({ type: 'module', line: first.line, definition: false, source: this.textModule(root, 0, undefined) });
    } else {
      for (const n of tree) {
        if (!isList(n)) errorAt(n, 'unexpected token');
        commands.push(this.command(n));
      }
    }
    return filename === undefined ? { commands } : { commands, filename };
  }

  /** The module whose fields are `l.items` from `first` on. */
  private textModule(l: SList, first: number, name: string | undefined): ModuleSource {
    const fields = l.items.slice(first);
    const start = (fields[0] as SList | undefined)?.start ?? l.start;
    const end = (fields[fields.length - 1] as SList | undefined)?.end ?? l.end;
    const text = this.src.slice(start, end);
    try {
      return { kind: 'text', module: parseModuleFields(l, first, name), text };
    } catch (e) {
      if (e instanceof Error) return { kind: 'text', error: e, text };
      throw e;
    }
  }

  /** `(module definition? $id? definition? (binary|quote)? ...)` */
  private moduleCmd(l: SList): { name?: string; definition: boolean; source: ModuleSource } {
    const c = sub(l);
    let definition = c.eatKeyword('definition');
    const id = c.eatId();
    definition = c.eatKeyword('definition') || definition;
    let source: ModuleSource;
    if (c.eatKeyword('binary')) {
      const parts: Uint8Array[] = [];
      while (!c.done()) {
        const s = c.next()!;
        if (s.kind !== 'string') errorAt(s, 'unexpected token');
        parts.push(s.bytes!);
      }
      source = { kind: 'binary', bytes: concatBytes(parts) };
    } else if (c.eatKeyword('quote')) {
      const parts: Uint8Array[] = [];
      while (!c.done()) {
        const s = c.next()!;
        if (s.kind !== 'string') errorAt(s, 'unexpected token');
        parts.push(s.bytes!);
      }
      // Invalid UTF-8 in the quoted bytes survives as surrogate escapes the lexer rejects.
      source = { kind: 'quote', text: decodeSourceBytes(concatBytes(parts)) };
    } else {
      source = this.textModule(l, c.i, id?.name);
    }
    const r: { name?: string; definition: boolean; source: ModuleSource } = { definition, source };
    if (id) r.name = id.name;
    return r;
  }

  private moduleOperand(c: Cursor): ModuleSource {
    const l = c.next();
    if (!isList(l) || head(l) !== 'module') return c.error('unexpected token');
    return this.moduleCmd(l).source;
  }

  private command(l: SList): Command {
    const line = l.line;
    const h = head(l);
    const c = sub(l);
    switch (h) {
      case 'module': {
        if (c.peek()?.kind === 'keyword' && (c.peek() as { text: string }).text === 'instance') {
          c.next();
          const a = c.eatId();
          const b = c.eatId();
          c.expectEnd();
          const cmd: Command = { type: 'instance', line };
          if (b) { cmd.name = a!.name; cmd.module = b.name; } else if (a) cmd.module = a.name;
          return cmd;
        }
        const m = this.moduleCmd(l);
        const cmd: Command = { type: 'module', line, definition: m.definition, source: m.source };
        if (m.name !== undefined) cmd.name = m.name;
        return cmd;
      }
      case 'register': {
        const as = nameAtom(c.next(), c);
        const id = c.eatId();
        c.expectEnd();
        const cmd: Command = { type: 'register', line, as };
        if (id) cmd.name = id.name;
        return cmd;
      }
      case 'invoke': case 'get':
        return { type: 'action', line, action: this.action(l) };
      case 'assert_return': {
        const action = this.action(this.listAt(c));
        const expected: Expected[] = [];
        while (!c.done()) expected.push(this.expected(this.listAt(c)));
        return { type: 'assert_return', line, action, expected };
      }
      case 'assert_trap': {
        if (c.peekList('module')) {
          const module = this.moduleOperand(c);
          const message = nameAtom(c.next(), c);
          return { type: 'assert_trap', line, action: null, module, message };
        }
        const action = this.action(this.listAt(c));
        const message = nameAtom(c.next(), c);
        return { type: 'assert_trap', line, action, message };
      }
      case 'assert_exhaustion': {
        const action = this.action(this.listAt(c));
        const message = nameAtom(c.next(), c);
        return { type: 'assert_exhaustion', line, action, message };
      }
      case 'assert_exception': {
        const action = this.action(this.listAt(c));
        c.expectEnd();
        return { type: 'assert_exception', line, action };
      }
      case 'assert_invalid': case 'assert_malformed': case 'assert_unlinkable':
      case 'assert_invalid_custom': case 'assert_malformed_custom': case 'assert_unlinkable_custom': {
        const source = this.moduleOperand(c);
        const message = nameAtom(c.next(), c);
        const custom = h.endsWith('_custom');
        const type = h.replace('_custom', '') as 'assert_invalid' | 'assert_malformed' | 'assert_unlinkable';
        return { type, line, source, message, custom };
      }
    }
    return errorAt(l, 'unexpected token');
  }

  private listAt(c: Cursor): SList {
    const n = c.next();
    if (!isList(n)) return c.error('unexpected token');
    return n;
  }

  private action(l: SList): Action {
    const c = sub(l);
    const h = head(l);
    const id = c.eatId();
    const name = nameAtom(c.next(), c);
    if (h === 'get') {
      c.expectEnd();
      return id ? { kind: 'get', module: id.name, name } : { kind: 'get', name };
    }
    if (h !== 'invoke') errorAt(l, 'unexpected token');
    const args: RawValue[] = [];
    while (!c.done()) args.push(this.constant(this.listAt(c)));
    return id ? { kind: 'invoke', module: id.name, name, args } : { kind: 'invoke', name, args };
  }

  private constant(l: SList): RawValue {
    const c = sub(l);
    let v: RawValue;
    switch (head(l)) {
      case 'i32.const': v = { type: 'i32', value: Number(intAtom(c.next(), c, 32)) }; break;
      case 'i64.const': v = { type: 'i64', value: intAtom(c.next(), c, 64) }; break;
      case 'f32.const': v = { type: 'f32', bits: f32Atom(c.next(), c) }; break;
      case 'f64.const': v = { type: 'f64', bits: f64Atom(c.next(), c) }; break;
      case 'v128.const': v = { type: 'v128', bytes: v128Const(c) }; break;
      case 'ref.null': c.next(); v = { type: 'ref', ref: null }; break;
      case 'ref.extern': case 'ref.host': v = { type: 'ref', ref: { hostRef: natAtom(c.next(), c) } }; break;
      default: return errorAt(l, 'unexpected token');
    }
    c.expectEnd();
    return v;
  }

  private expected(l: SList): Expected {
    const c = sub(l);
    const h = head(l);
    switch (h) {
      case 'f32.const': case 'f64.const': {
        const t = c.peek();
        if (t && t.kind === 'keyword' && (t.text === 'nan:canonical' || t.text === 'nan:arithmetic')) {
          c.next();
          c.expectEnd();
          return { kind: 'nan', type: h === 'f32.const' ? 'f32' : 'f64', nan: t.text === 'nan:canonical' ? 'canonical' : 'arithmetic' };
        }
        break;
      }
      case 'v128.const': {
        if (l.items.slice(2).some((n) => n.kind === 'keyword' && n.text.startsWith('nan:') && n.text.length > 4 && !n.text.startsWith('nan:0x'))) {
          return this.v128Pattern(c);
        }
        break;
      }
      case 'either': {
        const options: Expected[] = [];
        while (!c.done()) options.push(this.expected(this.listAt(c)));
        return { kind: 'either', options };
      }
      case 'ref.null': {
        const ht = c.next();
        c.expectEnd();
        return ht ? { kind: 'ref', ref: 'null', heap: (ht as { text: string }).text } : { kind: 'ref', ref: 'null' };
      }
      case 'ref.extern': case 'ref.host': case 'ref.func': case 'ref.struct': case 'ref.array':
      case 'ref.i31': case 'ref.eq': case 'ref.any': case 'ref.exn': {
        const ref = h.slice(4) as RefPatternKind;
        if (c.done()) return { kind: 'ref', ref };
        const value = natAtom(c.next(), c);
        c.expectEnd();
        return { kind: 'ref', ref, value };
      }
    }
    return { kind: 'value', value: this.constant(l) };
  }

  private v128Pattern(c: Cursor): Expected {
    const s = c.next();
    const counts: Record<string, number> = { i8x16: 16, i16x8: 8, i32x4: 4, i64x2: 2, f32x4: 4, f64x2: 2 };
    if (!s || s.kind !== 'keyword' || !(s.text in counts)) return c.error('unexpected token');
    const shape = s.text as Shape;
    const lanes: LanePattern[] = [];
    for (let i = 0; i < counts[shape]; i++) {
      const n = c.next();
      if (!n || isList(n)) return c.error('wrong number of lane literals');
      if (n.kind === 'keyword' && (n.text === 'nan:canonical' || n.text === 'nan:arithmetic')) {
        lanes.push({ kind: 'nan', nan: n.text === 'nan:canonical' ? 'canonical' : 'arithmetic' });
      } else if (shape === 'f32x4') {
        lanes.push({ kind: 'float', bits: BigInt(f32Atom(n, c)) });
      } else if (shape === 'f64x2') {
        lanes.push({ kind: 'float', bits: f64Atom(n, c) });
      } else {
        const bits = shape === 'i8x16' ? 8 : shape === 'i16x8' ? 16 : shape === 'i32x4' ? 32 : 64;
        lanes.push({ kind: 'int', value: BigInt.asUintN(bits, intAtom(n, c, bits)) });
      }
    }
    c.expectEnd();
    return { kind: 'v128', shape, lanes };
  }
}

const MODULE_FIELDS = new Set(['type', 'rec', 'func', 'table', 'memory', 'global', 'tag', 'import', 'export', 'start', 'elem', 'data']);
function isModuleField(h: string | undefined): boolean {
  return h !== undefined && MODULE_FIELDS.has(h);
}

/** Parse a WAST script. Throws CompileError (line:column in the message) only when the
 *  script itself is malformed; malformed modules inside it are recorded per command.
 *  Given the file's bytes, invalid UTF-8 is kept and reported where it matters. */
export function parseWast(source: string | Uint8Array, filename?: string): Script {
  const text = typeof source === 'string' ? source : decodeSourceBytes(source);
  try {
    try {
      return new ScriptParser(text).parse(filename);
    } catch (e) {
      throw nestingError(e, { line: 1, col: 1 });
    }
  } catch (e) {
    if (e instanceof TextError && filename !== undefined) {
      throw new TextError(`${e.textReason} (in ${filename})`, e.line, e.col);
    }
    throw e;
  }
}

