// The WAST script AST: what `parseWast` produces and the spec runner consumes.
// Every command carries `line`, the 1-based line of its opening '('.

import type { Module } from '../ast.js';
import type { RawValue } from '../exec/value.js';

export interface Script {
  commands: Command[];
  /** File name given to parseWast (for messages). */
  filename?: string;
}

/**
 * Where a module in a script comes from.
 * - `text`: an inline `(module ...)`, parsed eagerly. When it failed to parse, `module`
 *   is absent and `error` holds the parse error (a CompileError with line:column in the message).
 * - `binary`: `(module binary "..."*)`, the concatenated bytes (not decoded here).
 * - `quote`: `(module quote "..."*)`, the concatenated source text, parsed only when asked
 *   (use `parseQuoteModule` from src/text/wast.ts; it throws CompileError when malformed).
 */
export type ModuleSource =
  | { kind: 'text'; module: Module; error?: undefined; text: string }
  | { kind: 'text'; module?: undefined; error: Error; text: string }
  | { kind: 'binary'; bytes: Uint8Array }
  | { kind: 'quote'; text: string };

/**
 * Arguments and constants in actions are RawValues. Reference arguments:
 * - `(ref.null ht)` → `{ type: 'ref', ref: null }`
 * - `(ref.extern N)` → `{ type: 'ref', ref: { hostRef: N } }`: the runner turns the marker into
 *   its host (extern) reference number N (the same N must always give the same reference).
 * - `(ref.host N)` → `{ type: 'ref', ref: { hostRef: N } }` as well (older spelling).
 */
export interface HostRefMarker {
  hostRef: number;
}

export type Action =
  | { kind: 'invoke'; module?: string; name: string; args: RawValue[] }
  | { kind: 'get'; module?: string; name: string };

/** A NaN pattern for one float (scalar result or vector lane). */
export interface NanPattern {
  type: 'f32' | 'f64';
  nan: 'canonical' | 'arithmetic';
}

/** One lane of a v128 result pattern: an exact value, or a NaN pattern for float lanes. */
export type LanePattern =
  | { kind: 'int'; value: bigint }          // lane value, as written (already wrapped to the lane width, unsigned)
  | { kind: 'float'; bits: bigint }         // exact float lane bits (f32 bits fit in the low 32)
  | { kind: 'nan'; nan: 'canonical' | 'arithmetic' };

export type Shape = 'i8x16' | 'i16x8' | 'i32x4' | 'i64x2' | 'f32x4' | 'f64x2';

/** Reference kinds a result pattern can ask for. `null` matches any null reference. */
export type RefPatternKind =
  | 'null' | 'func' | 'extern' | 'host' | 'struct' | 'array' | 'i31' | 'eq' | 'any' | 'exn';

export type Expected =
  /** Exact value (f32/f64 compared bit for bit; v128 byte for byte). */
  | { kind: 'value'; value: RawValue }
  | { kind: 'nan'; type: 'f32' | 'f64'; nan: 'canonical' | 'arithmetic' }
  /** v128 with per-lane patterns (used when some lane is a NaN pattern; otherwise `value`). */
  | { kind: 'v128'; shape: Shape; lanes: LanePattern[] }
  /**
   * A reference pattern. `ref.null ht?` → kind 'null' (with `heap` when written).
   * `ref.extern N` / `ref.host N` → kind 'extern'/'host' with value N (the host reference number);
   * without N: any non-null reference of that kind. Other kinds take no value.
   */
  | { kind: 'ref'; ref: RefPatternKind; value?: number; heap?: string }
  | { kind: 'either'; options: Expected[] };

interface At {
  /** 1-based line of the command's '('. */
  line: number;
}

export type Command =
  /** `(module $m? ...)` defines and instantiates; with `definition` it only defines. */
  | (At & { type: 'module'; name?: string; definition: boolean; source: ModuleSource })
  /** `(module instance $i? $m?)`: instantiate a defined module. */
  | (At & { type: 'instance'; name?: string; module?: string })
  | (At & { type: 'register'; as: string; name?: string })
  | (At & { type: 'action'; action: Action })
  | (At & { type: 'assert_return'; action: Action; expected: Expected[] })
  /** `action` null with `module` set: the module's instantiation (start function) must trap. */
  | (At & { type: 'assert_trap'; action: Action | null; module?: ModuleSource; message: string })
  | (At & { type: 'assert_exhaustion'; action: Action; message: string })
  | (At & { type: 'assert_exception'; action: Action })
  /** `custom` is true for the `_custom` variants (errors in custom sections/annotations only). */
  | (At & { type: 'assert_invalid' | 'assert_malformed' | 'assert_unlinkable'; source: ModuleSource; message: string; custom: boolean });
