// The two engines the harness compares, behind the same JS-API surface:
// Node's native WebAssembly and wagonette's JS-API mirror (src/api/jsapi.ts,
// exported as `WebAssembly` from src/index.ts).

/** The part of the WebAssembly JS API the benchmarks use. */
export interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
  validate(bytes: Uint8Array): boolean;
}

export type EngineName = 'native' | 'wagonette';
export const ENGINES: readonly EngineName[] = ['native', 'wagonette'];

/** The compiled package entry next to this file's compiled location
 *  (dist/bench/engines.js -> dist/src/index.js). Computed, so the harness
 *  still type-checks and runs while the entry does not exist yet. */
export const DEFAULT_WAGONETTE_ENTRY = new URL('../src/index.js', import.meta.url).href;

/** Load an engine; `wagonetteEntry` (a file URL) lets the harness measure another build of wagonette. */
export async function loadEngine(name: EngineName, wagonetteEntry = DEFAULT_WAGONETTE_ENTRY): Promise<WasmApi> {
  if (name === 'native') return globalThis.WebAssembly as unknown as WasmApi;
  const entry = wagonetteEntry;
  let pkg: Record<string, unknown>;
  try {
    pkg = (await import(entry)) as Record<string, unknown>;
  } catch (e) {
    throw new Error(`cannot load wagonette from ${entry}: ${e instanceof Error ? e.message : String(e)}`);
  }
  const api = pkg['WebAssembly'] as Partial<WasmApi> | undefined;
  if (api === undefined || typeof api.Module !== 'function' || typeof api.Instance !== 'function' || typeof api.validate !== 'function') {
    throw new Error(`wagonette's entry ${entry} does not export a WebAssembly namespace with Module, Instance and validate`);
  }
  return api as WasmApi;
}
