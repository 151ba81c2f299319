// A mirror of the standard WebAssembly JS API, backed by the wagonette engine.
// Extensions: Instance takes an import object or an array of Resolvers, and
// options { maxCallDepth, trapUnknownImports }; import objects may hold HostFuncSpecs.

import type { ExternKind, Module as AstModule, RefType, ValType } from '../ast.js';
import { CompileError, LinkError, RuntimeError } from '../errors.js';
import { decodeModule } from '../binary/decode.js';
import { validateModule, type ValidateOptions } from '../valid/validate.js';
import { ExnRef, WasmException, exnArg } from '../exec/exception.js';
import { Engine, defaultEngine, funcToJS } from '../exec/engine.js';
import { FuncInst } from '../exec/func.js';
import { GlobalInst } from '../exec/global.js';
import type { Resolver } from '../exec/host.js';
import { EXTERN, importObjectResolver, instantiate as instantiateModule } from '../exec/instantiate.js';
import type { ExternVal, ModuleInstance } from '../exec/instance.js';
import { MemoryInst } from '../exec/memory.js';
import { moduleRtts } from '../exec/rtt.js';
import { TableInst } from '../exec/table.js';
import { TagInst } from '../exec/tag.js';
import { kindOf } from '../exec/compile.js';
import { Kind } from '../exec/compiled.js';

type BufferSourceLike = ArrayBuffer | ArrayBufferView;

function bytesOf(src: BufferSourceLike): Uint8Array {
  if (src instanceof Uint8Array) return src;
  if (ArrayBuffer.isView(src)) return new Uint8Array(src.buffer, src.byteOffset, src.byteLength);
  if (src instanceof ArrayBuffer) return new Uint8Array(src);
  throw new TypeError('expected an ArrayBuffer or a typed array');
}

export interface ModuleImportDescriptor { module: string; name: string; kind: ExternKind }
export interface ModuleExportDescriptor { name: string; kind: ExternKind }

const KIND_NAME: Record<ExternKind, string> = { func: 'function', table: 'table', memory: 'memory', global: 'global', tag: 'tag' };

export class Module {
  /** The decoded, validated module. */
  readonly ast: AstModule;
  /** `options` turns on proposal validation rules (see ValidateOptions); absent means core 3.0. */
  constructor(bytes: BufferSourceLike | AstModule, options: ValidateOptions = {}) {
    if (bytes && typeof bytes === 'object' && 'imports' in bytes && 'funcs' in bytes) {
      this.ast = bytes as AstModule;
    } else {
      this.ast = decodeModule(bytesOf(bytes as BufferSourceLike));
    }
    validateModule(this.ast, options);
  }
  static imports(m: Module): { module: string; name: string; kind: string }[] {
    return m.ast.imports.map((im) => ({ module: im.module, name: im.name, kind: KIND_NAME[im.desc.kind] }));
  }
  static exports(m: Module): { name: string; kind: string }[] {
    return m.ast.exports.map((ex) => ({ name: ex.name, kind: KIND_NAME[ex.kind] }));
  }
  static customSections(m: Module, name: string): ArrayBuffer[] {
    return m.ast.customs.filter((c) => c.name === name).map((c) => c.data.slice().buffer as ArrayBuffer);
  }
}

export interface InstanceOptions { maxCallDepth?: number; trapUnknownImports?: boolean; maxMemoryBytes?: number }

const wrappers = new WeakMap<object, object>();

/** The JS-API object for a runtime extern value (one per value, for identity). */
export function externToJS(x: ExternVal): unknown {
  if (x instanceof FuncInst) return funcToJS(x);
  let w = wrappers.get(x);
  if (w) return w;
  if (x instanceof MemoryInst) w = Memory.wrap(x);
  else if (x instanceof TableInst) w = Table.wrap(x);
  else if (x instanceof GlobalInst) w = Global.wrap(x);
  else w = Tag.wrap(x as TagInst);
  wrappers.set(x, w);
  return w;
}

export class Instance {
  readonly exports: Record<string, unknown>;
  readonly [EXTERN]: ModuleInstance;
  constructor(module: Module, imports?: unknown, options: InstanceOptions = {}) {
    if (!(module instanceof Module)) throw new TypeError('first argument must be a WebAssembly.Module');
    const resolvers: Resolver[] = Array.isArray(imports) ? imports as Resolver[] : [importObjectResolver(imports)];
    const inst = instantiateModule(module.ast, resolvers, options);
    this[EXTERN] = inst;
    const ex: Record<string, unknown> = Object.create(null);
    for (const [name, v] of inst.exports) ex[name] = externToJS(v);
    this.exports = Object.freeze(ex);
  }
}

export class Memory {
  readonly [EXTERN]: MemoryInst;
  constructor(desc: { initial: number | bigint; maximum?: number | bigint; shared?: boolean; address?: 'i32' | 'i64'; index?: 'i32' | 'i64' }, inner?: MemoryInst) {
    if (inner) { this[EXTERN] = inner; return; }
    const address = desc.address ?? desc.index ?? 'i32';
    const initial = Number(desc.initial), maximum = desc.maximum === undefined ? null : Number(desc.maximum);
    if (!Number.isFinite(initial) || initial < 0 || (maximum !== null && maximum < initial)) throw new RangeError('invalid memory descriptor');
    try {
      this[EXTERN] = new MemoryInst({ address, limits: { min: initial, max: maximum }, shared: !!desc.shared });
    } catch {
      throw new RangeError('could not allocate memory');
    }
    wrappers.set(this[EXTERN], this);
  }
  static wrap(m: MemoryInst): Memory {
    return new Memory({ initial: 0 }, m);
  }
  get buffer(): ArrayBuffer {
    return this[EXTERN].buffer;
  }
  grow(delta: number | bigint): number {
    const r = this[EXTERN].grow(Number(delta));
    if (r < 0) throw new RangeError('memory.grow failed');
    return r;
  }
}

function refTypeOf(element: string): RefType {
  switch (element) {
    case 'anyfunc': case 'funcref': return { nullable: true, heap: 'func' };
    case 'externref': return { nullable: true, heap: 'extern' };
    case 'anyref': return { nullable: true, heap: 'any' };
    case 'exnref': return { nullable: true, heap: 'exn' };
    default: throw new TypeError(`unknown table element type ${element}`);
  }
}

function valTypeOf(v: string): ValType {
  switch (v) {
    case 'i32': case 'i64': case 'f32': case 'f64': case 'v128': return v;
    default: return refTypeOf(v);
  }
}

/** Convert a JS value for storage as a reference of type `t` (JS-API ToWebAssemblyValue). */
function toRef(t: RefType, v: unknown): unknown {
  const e = defaultEngine();
  const w = e.top;
  e.writeJS(w, t, v);
  const r = e.R[w >> 1];
  e.R[w >> 1] = null;
  return r;
}

/** JS-API DefaultValue for a reference type: `undefined` (a non-null extern value) for externref, else null. */
function defaultRef(t: RefType): unknown {
  return t.heap === 'extern' ? undefined : null;
}

function fromRef(r: unknown): unknown {
  if (r instanceof FuncInst) return funcToJS(r);
  return r;
}

export class Table {
  readonly [EXTERN]: TableInst;
  constructor(desc: { element: string; initial: number | bigint; maximum?: number | bigint; address?: 'i32' | 'i64'; index?: 'i32' | 'i64' }, value?: unknown, inner?: TableInst) {
    if (inner) { this[EXTERN] = inner; return; }
    const elem = refTypeOf(desc.element);
    const initial = Number(desc.initial), maximum = desc.maximum === undefined ? null : Number(desc.maximum);
    if (!Number.isFinite(initial) || initial < 0 || (maximum !== null && maximum < initial)) throw new RangeError('invalid table descriptor');
    const init = value === undefined ? defaultRef(elem) : toRef(elem, value);
    this[EXTERN] = new TableInst({ address: desc.address ?? desc.index ?? 'i32', limits: { min: initial, max: maximum }, elem }, init);
    wrappers.set(this[EXTERN], this);
  }
  static wrap(t: TableInst): Table {
    return new Table({ element: 'funcref', initial: 0 }, undefined, t);
  }
  get length(): number {
    return this[EXTERN].elements.length;
  }
  get(i: number): unknown {
    const t = this[EXTERN];
    if (!(i >= 0 && i < t.elements.length)) throw new RangeError('table index out of bounds');
    return fromRef(t.elements[i]);
  }
  set(i: number, v?: unknown): void {
    const t = this[EXTERN];
    if (!(i >= 0 && i < t.elements.length)) throw new RangeError('table index out of bounds');
    t.elements[i] = v === undefined ? defaultRef(t.type.elem) : toRef(t.type.elem, v);
  }
  grow(delta: number, v?: unknown): number {
    const t = this[EXTERN];
    const r = t.grow(Number(delta), v === undefined ? defaultRef(t.type.elem) : toRef(t.type.elem, v));
    if (r < 0) throw new RangeError('table.grow failed');
    return r;
  }
}

export class Global {
  readonly [EXTERN]: GlobalInst;
  constructor(desc: { value: string; mutable?: boolean }, v?: unknown, inner?: GlobalInst) {
    if (inner) { this[EXTERN] = inner; return; }
    const g = new GlobalInst({ type: valTypeOf(desc.value), mutable: !!desc.mutable });
    this[EXTERN] = g;
    wrappers.set(g, this);
    if (v !== undefined) this.write(v);
    else if (g.type.type === 'i64') this.write(0n);
    else if (typeof g.type.type === 'object') g.ref = null; // as V8 does
  }
  static wrap(g: GlobalInst): Global {
    return new Global({ value: 'i32' }, undefined, g);
  }
  private write(v: unknown): void {
    const g = this[EXTERN];
    const t = g.type.type;
    const e = defaultEngine();
    const w = e.top;
    e.writeJS(w, t, v);
    if (kindOf(t) === Kind.REF) { g.ref = e.R[w >> 1]; e.R[w >> 1] = null; }
    else { g.w[0] = e.I[w]; g.w[1] = e.I[w + 1]; }
  }
  get value(): unknown {
    const g = this[EXTERN];
    const t = g.type.type;
    if (typeof t === 'object') return fromRef(g.ref);
    const e = defaultEngine();
    const w = e.top;
    e.I[w] = g.w[0]; e.I[w + 1] = g.w[1];
    return e.readJS(w, t);
  }
  set value(v: unknown) {
    if (!this[EXTERN].type.mutable) throw new TypeError('cannot set an immutable global');
    this.write(v);
  }
  valueOf(): unknown {
    return this.value;
  }
}

export class Tag {
  readonly [EXTERN]: TagInst;
  constructor(desc: { parameters: string[] }, inner?: TagInst) {
    if (inner) { this[EXTERN] = inner; return; }
    const params = desc.parameters.map(valTypeOf);
    const m: AstModule = {
      types: [{ final: true, supers: [], comp: { kind: 'func', params, results: [] } }], recGroups: [1], imports: [], funcs: [],
      tables: [], memories: [], globals: [], tags: [], exports: [], start: null, elems: [], datas: [], dataCount: null,
      customs: [], names: null,
    };
    const rtt = moduleRtts(m)[0];
    this[EXTERN] = new TagInst({ kind: 'func', params, results: [] }, rtt.key);
    wrappers.set(this[EXTERN], this);
  }
  static wrap(t: TagInst): Tag {
    return new Tag({ parameters: [] }, t);
  }
}

/** A wasm exception as JS sees it. Exceptions thrown by wasm are instances (see Symbol.hasInstance). */
export class Exception extends WasmException {
  constructor(tag: Tag, payload: unknown[]) {
    const ti = tag[EXTERN];
    const e = defaultEngine();
    const params = ti.type.params;
    const base = e.top;
    let w = base;
    for (let i = 0; i < params.length; i++) { e.writeJS(w, params[i], payload[i]); w += params[i] === 'v128' ? 4 : 2; }
    super(new ExnRef(ti, e.I.slice(base, w), e.R.slice(base >> 1, w >> 1)));
  }
  static override [Symbol.hasInstance](x: unknown): boolean {
    return x instanceof WasmException;
  }
}

/** Methods of the JS-API Exception, available on every exception wagonette throws. */
Object.defineProperties(WasmException.prototype, {
  is: { value(this: WasmException, tag: Tag) { return this.exn.tag === tag[EXTERN]; }, configurable: true },
  getArg: {
    value(this: WasmException, tag: Tag, i: number) {
      if (this.exn.tag !== tag[EXTERN]) throw new TypeError('exception tag mismatch');
      return fromRef(exnArg(this.exn, i));
    },
    configurable: true,
  },
});

export function validate(bytes: BufferSourceLike): boolean {
  try {
    validateModule(decodeModule(bytesOf(bytes)));
    return true;
  } catch (e) {
    if (e instanceof CompileError) return false;
    throw e;
  }
}

export async function compile(bytes: BufferSourceLike): Promise<Module> {
  return new Module(bytes);
}

export async function instantiate(source: Module, imports?: unknown, options?: InstanceOptions): Promise<Instance>;
export async function instantiate(source: BufferSourceLike, imports?: unknown, options?: InstanceOptions): Promise<{ module: Module; instance: Instance }>;
export async function instantiate(source: BufferSourceLike | Module, imports?: unknown, options?: InstanceOptions): Promise<{ module: Module; instance: Instance } | Instance> {
  if (source instanceof Module) return new Instance(source, imports, options);
  const module = new Module(source);
  return { module, instance: new Instance(module, imports, options) };
}

export { CompileError, LinkError, RuntimeError, Engine };
