// The built-in "env" module: what C programs compiled without WASI libc (or by
// Emscripten-style toolchains) expect from their host. Linker globals, an
// imported memory and function table created to the importer's declared
// limits, puts/putchar/printf-family output, abort/exit, Emscripten memory
// helpers, memcpy/memmove/memset/strlen, and malloc/free/calloc/realloc
// managed inside the module's memory.

import type { GlobalType, MemType, TableType, ValType } from '../ast.js';
import { RuntimeError } from '../errors.js';
import type { Caller, HostFuncSpec, ImportRequest, LinearMemory, Resolver } from '../exec/host.js';
import { GuestMemory } from './guest-memory.js';
import { HostHeap } from './heap.js';
import { formatPrintf, type PrintfArgs } from './printf.js';
import { WasiExit } from './wasi/exit.js';
import { defaultSink, type OutputSink } from './wasi/stdio.js';
import { Global, Memory, Table } from '../api/jsapi.js';

export const ENV_MODULE = 'env';

/** How env makes the memory, table and mutable globals it hands out
 *  (the JS-API classes, so the engine can import them). */
export interface EnvExterns {
  memory(type: MemType): unknown;
  table(type: TableType): unknown;
  global(type: GlobalType, value: number): unknown;
}

export interface EnvOptions {
  stdout?: OutputSink;
  /** Value of __memory_base (where a relocatable module's static data goes). Default 1024. */
  memoryBase?: number;
  /** Value of __table_base. Default 1 (slot 0 stays the null function). */
  tableBase?: number;
  /** Initial __stack_pointer. Default: the top of the importer's initial memory. */
  stackPointer?: number;
  /** Factory for memory/table/global objects; defaults to wagonette's JS-API classes. */
  externs?: EnvExterns;
}

export interface EnvResolver extends Resolver {
  /** The host-managed heap (for inspection in tests and embedders). */
  readonly heap: HostHeap;
  /** The memory created for `env.memory`, once asked for. */
  readonly createdMemory: unknown;
}

type EnvImpl = (caller: Caller, ...args: number[]) => number | void;
interface EnvFunc { params: ValType[]; results: ValType[]; impl: EnvImpl }

const I32: ValType = 'i32';

/** A reader over clang's wasm32 varargs buffer: each argument at its natural alignment. */
function varargs(m: GuestMemory, ptr: number): PrintfArgs {
  let p = ptr >>> 0;
  return {
    int32: () => { p = (p + 3) & ~3; const v = m.i32(p); p += 4; return v; },
    int64: () => { p = (p + 7) & ~7; const v = m.i64(p); p += 8; return v; },
    float64Bits: () => { p = (p + 7) & ~7; const v = m.u64(p); p += 8; return v; },
  };
}

function format(m: GuestMemory, fmtPtr: number, vaPtr: number): Uint8Array {
  return formatPrintf(m.cstringBytes(fmtPtr >>> 0), {
    args: varargs(m, vaPtr),
    cstring: (ptr, max) => m.cstringBytes(ptr, max),
  });
}

function memoryOf(caller: Caller): LinearMemory {
  const mem = caller.memory(0);
  if (!mem) throw new RuntimeError('env: the calling module has no memory');
  return mem;
}

/** Run `f`, turning a bad guest pointer into a trap rather than a JS error. */
function guarded<T>(what: string, f: () => T): T {
  try {
    return f();
  } catch (e) {
    if ((e as { name?: string })?.name === 'WasiError') throw new RuntimeError(`out of bounds memory access (in env.${what})`);
    throw e;
  }
}

export function env(options: EnvOptions = {}): EnvResolver {
  const stdout = options.stdout ?? defaultSink(1);
  const heap = new HostHeap();
  let createdMemory: unknown;
  let createdTable: unknown;

  const fns: Record<string, EnvFunc> = {};
  const def = (name: string, params: ValType[], results: ValType[], impl: EnvImpl): void => {
    fns[name] = { params, results, impl: (c, ...a) => guarded(name, () => impl(c, ...a)) };
  };

  const printfImpl: EnvImpl = (c, fmt, va) => {
    const bytes = format(GuestMemory.of(c), fmt!, va!);
    if (bytes.length > 0) stdout(bytes);
    return bytes.length;
  };
  const sprintfImpl: EnvImpl = (c, buf, fmt, va) => {
    const m = GuestMemory.of(c);
    const bytes = format(m, fmt!, va!);
    m.write(buf! >>> 0, bytes);
    m.setU8((buf! >>> 0) + bytes.length, 0);
    return bytes.length;
  };
  const snprintfImpl: EnvImpl = (c, buf, n, fmt, va) => {
    const m = GuestMemory.of(c);
    const bytes = format(m, fmt!, va!);
    const cap = n! >>> 0;
    if (cap > 0) {
      const k = Math.min(bytes.length, cap - 1);
      m.write(buf! >>> 0, bytes.subarray(0, k));
      m.setU8((buf! >>> 0) + k, 0);
    }
    return bytes.length;
  };

  def('puts', [I32], [I32], (c, s) => {
    const text = GuestMemory.of(c).cstringBytes(s! >>> 0);
    const line = new Uint8Array(text.length + 1);
    line.set(text);
    line[text.length] = 0x0a;
    stdout(line);
    return line.length;
  });
  def('putchar', [I32], [I32], (_c, ch) => {
    stdout(Uint8Array.of(ch! & 0xff));
    return ch! & 0xff;
  });
  def('printf', [I32, I32], [I32], printfImpl);
  def('vprintf', [I32, I32], [I32], printfImpl);
  def('sprintf', [I32, I32, I32], [I32], sprintfImpl);
  def('vsprintf', [I32, I32, I32], [I32], sprintfImpl);
  def('snprintf', [I32, I32, I32, I32], [I32], snprintfImpl);
  def('vsnprintf', [I32, I32, I32, I32], [I32], snprintfImpl);

  def('abort', [], [], () => { throw new RuntimeError('abort() called'); });
  def('exit', [I32], [], (_c, code) => { throw new WasiExit(code! >>> 0); });

  def('malloc', [I32], [I32], (c, n) => heap.malloc(memoryOf(c), n! >>> 0));
  def('calloc', [I32, I32], [I32], (c, n, size) => heap.calloc(memoryOf(c), n! >>> 0, size! >>> 0));
  def('realloc', [I32, I32], [I32], (c, p, n) => {
    const r = heap.realloc(memoryOf(c), p! >>> 0, n! >>> 0);
    if (r < 0) throw new RuntimeError('realloc(): invalid pointer');
    return r;
  });
  def('free', [I32], [], (_c, p) => {
    if (!heap.freeBlock(p! >>> 0)) throw new RuntimeError('free(): invalid pointer');
  });

  // clang lowers struct copies and zeroing to these even without a libc.
  const copy = (c: Caller, dest: number, src: number, n: number): number => {
    const m = GuestMemory.of(c);
    m.check(src >>> 0, n >>> 0);
    m.check(dest >>> 0, n >>> 0);
    memoryOf(c).bytes.copyWithin(dest >>> 0, src >>> 0, (src >>> 0) + (n >>> 0));
    return dest;
  };
  def('memcpy', [I32, I32, I32], [I32], (c, dest, src, n) => copy(c, dest!, src!, n!));
  def('memmove', [I32, I32, I32], [I32], (c, dest, src, n) => copy(c, dest!, src!, n!));
  def('memset', [I32, I32, I32], [I32], (c, dest, value, n) => {
    GuestMemory.of(c).check(dest! >>> 0, n! >>> 0);
    memoryOf(c).bytes.fill(value! & 0xff, dest! >>> 0, (dest! >>> 0) + (n! >>> 0));
    return dest!;
  });
  def('strlen', [I32], [I32], (c, s) => GuestMemory.of(c).cstringBytes(s! >>> 0).length);

  def('emscripten_memcpy_big', [I32, I32, I32], [I32], (c, dest, src, n) => copy(c, dest!, src!, n!));
  def('emscripten_resize_heap', [I32], [I32], (c, requested) => {
    const mem = memoryOf(c);
    const want = requested! >>> 0;
    if (mem.bytes.length >= want) return 1;
    const pages = mem.size();
    const pageSize = pages > 0 ? mem.bytes.length / pages : 65536;
    return mem.grow(Math.ceil((want - mem.bytes.length) / pageSize)) >= 0 ? 1 : 0;
  });
  def('emscripten_notify_memory_growth', [I32], [], () => {});

  const needExterns = (_what: string): EnvExterns => options.externs ?? jsApiExterns;

  return {
    name: 'env',
    heap,
    get createdMemory() { return createdMemory; },
    resolve(req: ImportRequest): unknown {
      if (req.module !== ENV_MODULE) return undefined;
      const d = req.desc;
      if (d.kind === 'func') {
        const f = Object.prototype.hasOwnProperty.call(fns, req.name) ? fns[req.name] : undefined;
        return f ? adaptToImporter(f, req) : undefined;
      }
      if (d.kind === 'global') {
        const value = linkerGlobal(req.name, req, options);
        if (value === undefined) return undefined;
        if (!d.type.mutable) return d.type.type === 'i64' ? BigInt(value) : value;
        return needExterns('a mutable global').global(d.type, value);
      }
      if (d.kind === 'memory' && req.name === 'memory') {
        createdMemory ??= needExterns('a memory').memory(d.type);
        return createdMemory;
      }
      if (d.kind === 'table' && req.name === '__indirect_function_table') {
        createdTable ??= needExterns('a table').table(d.type);
        return createdTable;
      }
      return undefined;
    },
  };
}

/** Memory, table and global objects of wagonette's JS API, which the engine imports. */
export const jsApiExterns: EnvExterns = {
  memory: (t) => new Memory({ initial: t.limits.min, maximum: t.limits.max ?? undefined, address: t.address, shared: t.shared }),
  table: (t) => new Table({ element: tableElementName(t), initial: t.limits.min, maximum: t.limits.max ?? undefined, address: t.address }),
  global: (t, value) => new Global({ value: typeof t.type === 'string' ? t.type : 'externref', mutable: t.mutable }, t.type === 'i64' ? BigInt(value) : value),
};

function tableElementName(t: TableType): string {
  const h = t.elem.heap;
  return h === 'extern' ? 'externref' : h === 'any' ? 'anyref' : h === 'exn' ? 'exnref' : 'funcref';
}

function linkerGlobal(name: string, req: ImportRequest, o: EnvOptions): number | undefined {
  switch (name) {
    case '__memory_base': return o.memoryBase ?? 1024;
    case '__table_base': return o.tableBase ?? 1;
    case '__stack_pointer': {
      if (o.stackPointer !== undefined) return o.stackPointer;
      // The top of the importer's initial memory; the stack grows down from there.
      const m = req.importer.imports.find((i) => i.desc.kind === 'memory')?.desc ?? null;
      const type = m?.kind === 'memory' ? m.type : req.importer.memories[0]?.type;
      return type ? type.limits.min * 2 ** (type.pageSizeLog2 ?? 16) : 65536;
    }
    default: return undefined;
  }
}

/** Use the importer's declared signature (puts may be declared void, malloc
 *  may take i64 on wasm64) as long as it has as many parameters. */
function adaptToImporter(f: EnvFunc, req: ImportRequest): HostFuncSpec {
  const t = req.desc.kind === 'func' ? req.importer.types[req.desc.type]?.comp : undefined;
  const declared = t?.kind === 'func' && t.params.length === f.params.length && t.results.length <= 1 ? t : null;
  const params = declared ? declared.params : f.params;
  const results = declared ? declared.results : f.results;
  const impl = (caller: Caller, ...args: unknown[]): unknown => {
    const r = f.impl(caller, ...args.map((a) => Number(a)));
    if (results.length === 0) return undefined;
    return results[0] === 'i64' ? BigInt(r ?? 0) : r ?? 0;
  };
  return { params, results, impl, name: `env.${req.name}` };
}
