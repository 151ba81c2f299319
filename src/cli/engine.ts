// The engine entry points the CLI and the spec runner use, gathered in one
// place. Types come from the engine's modules; the functions are loaded at run
// time, so a part that fails to load costs only the commands that need it (a
// clear "not available" error), while --help, opcodes and the rest still work.

import type * as TextApi from '../text/index.js';
import type * as BinaryDecode from '../binary/decode.js';
import type * as BinaryEncode from '../binary/encode.js';
import type * as Validate from '../valid/validate.js';
import type * as RawApi from '../api/raw.js';
import type * as JsApiModule from '../api/jsapi.js';
import type { Resolver } from '../exec/host.js';

/** The JS-API mirror (the `WebAssembly` namespace). */
export type JsApi = typeof JsApiModule;

export interface Engine {
  parseWast: typeof TextApi.parseWast;
  parseQuoteModule: typeof TextApi.parseQuoteModule;
  parseWat: typeof TextApi.parseWat;
  encodeModule: typeof BinaryEncode.encodeModule;
  decodeModule: typeof BinaryDecode.decodeModule;
  validateModule: typeof Validate.validateModule;
  W: JsApi;
  invokeExport: typeof RawApi.invokeExport;
  readGlobal: typeof RawApi.readGlobal;
  refKind: typeof RawApi.refKind;
  hostRef: typeof RawApi.hostRef;
  isHostRef: typeof RawApi.isHostRef;
  WasmException: typeof RawApi.WasmException;
}

export type { Resolver };

/** Thrown when the engine part a command needs has not been built. */
export class MissingPartError extends Error {
  constructor(what: string) {
    super(`${what} is not available in this build`);
    this.name = 'MissingPartError';
  }
}

type AnyFn = (...args: never[]) => unknown;

/** Import a module; a file that does not exist yields {}, other load errors are remembered. */
async function tryImport(specifier: string, loadErrors: string[]): Promise<Record<string, unknown>> {
  try {
    return (await import(specifier)) as Record<string, unknown>;
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (!(code === 'ERR_MODULE_NOT_FOUND' && String((e as Error).message).includes(specifier.replace(/^file:\/\//, '')))) {
      loadErrors.push(`${specifier}: ${(e as Error).message}`);
    }
    return {};
  }
}

function pick<T>(mods: Record<string, unknown>[], name: string, loadErrors: string[]): T {
  for (const m of mods) if (m[name] !== undefined) return m[name] as T;
  const detail = loadErrors.length > 0 ? `${name} (load errors: ${loadErrors.join('; ')})` : name;
  const missing = ((..._args: unknown[]) => { throw new MissingPartError(detail); }) as unknown;
  return missing as T;
}

let cached: Promise<Engine> | undefined;

/** Load the engine's parts (once). */
export function loadEngine(): Promise<Engine> {
  cached ??= (async () => {
    // Module specifiers are kept in variables so the compiler does not require the files yet.
    const base = new URL('../', import.meta.url).href;
    const loadErrors: string[] = [];
    // Under a TypeScript-aware loader (the test runner) the sources are .ts files.
    const underTs = import.meta.url.endsWith('.ts');
    const load = (p: string) => tryImport(base + (underTs ? p.replace(/\.js$/, '.ts') : p), loadErrors);
    const [textIdx, wast, encode, decode, validIdx, validate, raw, jsapi] = await Promise.all([
      load('text/index.js'), load('text/wast.js'), load('binary/encode.js'), load('binary/decode.js'),
      load('valid/index.js'), load('valid/validate.js'), load('api/raw.js'), load('api/jsapi.js'),
    ]);
    const wNs = (jsapi['WebAssembly'] ?? jsapi) as Record<string, unknown>;
    const W = new Proxy({} as JsApi, {
      get(_t, prop: string) {
        const v = wNs[prop];
        if (v === undefined) throw new MissingPartError(`WebAssembly.${prop}`);
        return v;
      },
    });
    const WasmException = (raw['WasmException'] ?? class WasmExceptionMissing extends Error {}) as Engine['WasmException'];
    const engine: Engine = {
      parseWast: pick<AnyFn>([textIdx, wast], 'parseWast', loadErrors) as Engine['parseWast'],
      parseQuoteModule: pick<AnyFn>([wast, textIdx], 'parseQuoteModule', loadErrors) as Engine['parseQuoteModule'],
      parseWat: pick<AnyFn>([textIdx], 'parseWat', loadErrors) as Engine['parseWat'],
      encodeModule: pick<AnyFn>([encode], 'encodeModule', loadErrors) as Engine['encodeModule'],
      decodeModule: pick<AnyFn>([decode], 'decodeModule', loadErrors) as Engine['decodeModule'],
      validateModule: pick<AnyFn>([validIdx, validate], 'validateModule', loadErrors) as Engine['validateModule'],
      W,
      invokeExport: pick<AnyFn>([raw], 'invokeExport', loadErrors) as Engine['invokeExport'],
      readGlobal: pick<AnyFn>([raw], 'readGlobal', loadErrors) as Engine['readGlobal'],
      refKind: pick<AnyFn>([raw], 'refKind', loadErrors) as Engine['refKind'],
      hostRef: pick<AnyFn>([raw], 'hostRef', loadErrors) as Engine['hostRef'],
      isHostRef: pick<AnyFn>([raw], 'isHostRef', loadErrors) as Engine['isHostRef'],
      WasmException,
    };
    return engine;
  })();
  return cached;
}
