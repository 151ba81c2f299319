// wagonette: a WebAssembly engine in pure TypeScript. The package entry point.

export * from './ast.js';
export { CompileError, LinkError, RuntimeError } from './errors.js';
export { decodeModule } from './binary/decode.js';
export { encodeModule } from './binary/encode.js';
export { parseWat, wat2wasm, parseWast } from './text/index.js';
export { validateModule } from './valid/validate.js';
export { hostFunction } from './exec/host.js';
export type { HostFuncSpec, HostImpl, Caller, LinearMemory, Resolver, ImportRequest } from './exec/host.js';
export type { RawValue, RefKind } from './exec/value.js';
export { invokeExport, readGlobal, refKind, hostRef, isHostRef, WasmException } from './api/raw.js';
import * as WebAssembly from './api/jsapi.js';
export { WebAssembly };
// The host layer: resolvers, WASI preview1 (in-memory backend; the real file
// system backend is Node-only, in ./host/wasi/nodefs.js) and the env module.
export {
  importObjectResolver, instancesResolver, chain, trapUnknownImportsResolver, resolveImports, missingImportsError,
  importTypeText, wasi, env,
} from './host/resolvers.js';
export { WasiExit, WasiError, MemFs, WASI_MODULE } from './host/wasi/index.js';
export type { WasiOptions, WasiResolver, FsDir, FileSystem, FileHandle, FileStat, DirEntry, OpenFlags, InputSource, OutputSink } from './host/wasi/index.js';
export type { EnvOptions, EnvResolver, EnvExterns } from './host/env.js';
// Debugging: step debugger, disassembler, tracing and fuel (src/debug).
export * from './debug/index.js';
