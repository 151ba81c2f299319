// The compiled form of one wasm function, produced lazily by compile.ts and run by interp.ts.

/** How a slot's value is stored: numbers (2 words), references (refs array), v128 (4 words). */
export const enum Kind { NUM = 0, REF = 1, V128 = 2 }

/** One exception handler clause of a try_table (or legacy try), active while pc is in [start, end). */
export interface HandlerClause {
  /** 0 catch, 1 catch_ref, 2 catch_all, 3 catch_all_ref, 4 delegate (legacy). */
  kind: number;
  /** Tag index in the instance (catch/catch_ref), or -1. */
  tag: number;
  /** Where to continue (patched when the target label's end is known); -2: return from the
   *  function. For delegate: index of the handler where the search resumes, or -1 (caller). */
  target: number;
  /** Word offset (from fp) where the payload (and exnref) are written. */
  dst: number;
  /** Kinds of the payload values, in order. */
  payload: Kind[];
  /** Word offset where the exception reference is stored, or -1. */
  exnDst: number;
}

export interface Handler {
  start: number;
  end: number;
  clauses: HandlerClause[];
}

export interface Compiled {
  code: Int32Array;
  /** Words the frame needs: locals plus the deepest operand stack. */
  frameWords: number;
  /** Words taken by the parameters (they arrive in place). */
  paramWords: number;
  /** Words taken by parameters and locals. */
  localWords: number;
  /** True when some non-parameter local is a reference (they are reset to null on entry). */
  refLocals: boolean;
  /** Words of the results (written at the frame base on return). */
  resultWords: number;
  /** Wasm byte offset of the instruction starting at each pc, -1 elsewhere. */
  srcOffset: Int32Array;
  /** Innermost handlers first (they are searched in order). */
  handlers: Handler[];
  /** Constant pool words, copied to words [poolBase, poolBase + pool.length) of the frame at entry. */
  pool: Int32Array;
  poolBase: number;
  /** Out-of-line operands (shuffle lane lists, GC type info), indexed from the code. */
  aux: unknown[];
  /** Non-NaN f64 constants, read by CONST_F64 (so the slot is written as one 64-bit value). */
  f64k: Float64Array;
}

export function kindSize(k: Kind): number {
  return k === Kind.V128 ? 4 : 2;
}
