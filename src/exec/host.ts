// The contract between the engine and host code (WASI, env, user imports).
// Host functions receive the *calling* instance, so they can reach its memory
// (exported or not), also while that instance's start function is running.
// Implemented by src/exec (the runtime owns the concrete classes).

import type { ValType } from '../ast.js';

/** A linear memory as host code sees it. `bytes`/`view` are replaced when the
 *  memory grows: read them afresh after anything that may have called back into wasm. */
export interface LinearMemory {
  readonly bytes: Uint8Array;
  readonly view: DataView;
  /** Current size in pages. */
  size(): number;
  /** Grow by `delta` pages; returns the old size in pages, or -1 on failure. */
  grow(delta: number): number;
}

/** What a host function is told about its caller. */
export interface Caller {
  /** The calling module instance (opaque here; see src/exec for its type). */
  readonly instance: unknown;
  /** The caller's memory at `index` (default 0) in its memory index space, or undefined. */
  memory(index?: number): LinearMemory | undefined;
  /** The caller's export by name (JS-API values: functions callable from JS, memories as LinearMemory). */
  getExport(name: string): unknown;
}

/**
 * A host function implementation in JS-API style: arguments arrive as JS values
 * (i32 and f32/f64 as number, i64 as bigint, references as they are), the
 * result is undefined (no results), one value, or an array (several results).
 * Anything it throws that is not a wagonette error propagates to the embedder
 * unchanged (this is how WASI `proc_exit` unwinds).
 */
export type HostImpl = (caller: Caller, ...args: any[]) => unknown;

export interface HostFuncSpec {
  params: ValType[];
  results: ValType[];
  impl: HostImpl;
  /** Shown in traces and backtraces, e.g. "wasi_snapshot_preview1.fd_write". */
  name?: string;
}

/** Declare a host function with its wasm type. */
export function hostFunction(params: ValType[], results: ValType[], impl: HostImpl, name?: string): HostFuncSpec {
  return { params, results, impl, name };
}

import type { ImportDesc, Module } from '../ast.js';

/** One import to be supplied. */
export interface ImportRequest {
  module: string;
  name: string;
  desc: ImportDesc;
  /** The importing module (its types section gives meaning to type indices in `desc`). */
  importer: Module;
}

/**
 * A provider in the resolver chain. Asked in order; the first non-undefined answer wins.
 * An answer is a value as the JS API would accept it in an import object (a JS
 * function, an exported wasm function, a wagonette Memory/Table/Global/Tag object,
 * a number/bigint for an immutable global) or a HostFuncSpec.
 */
export interface Resolver {
  readonly name: string;
  resolve(req: ImportRequest): unknown;
}
