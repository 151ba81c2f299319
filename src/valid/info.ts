// What the validator learns about a module that later stages need: per-function
// stack facts for the interpreter's compiler, and canonical type keys for
// cross-module type equivalence (call_indirect checks, casts).

import type { Module, ValType } from '../ast.js';

/** Facts about one defined function's body, indexed by instruction index: treat them as
 *  read-only. validateModule records them lazily (see lazy-info.ts): the first read of a
 *  field re-validates that one function against its body as it is then. */
export interface FuncInfo {
  /** Operand-stack height (number of values, excluding locals) before each instruction of
   *  the body (index = instruction index); -1 for unreachable code (after
   *  br/br_table/return/unreachable/throw/throw_ref/return_call* until the block's end or else). */
  heights: Int32Array;
  /** For instructions whose operand type is not fixed by the opcode — drop and untyped
   *  select — the operand's value type, by instruction index (sparse; undefined in
   *  unreachable code where the operand is polymorphic). */
  operandTypes: (ValType | undefined)[];
  /** Max operand-stack height in the function (may count values pushed in unreachable code). */
  maxHeight: number;
  /** For block/loop/if/try/try_table: instruction index of the matching `end`
   *  (for legacy try ending in `delegate`, the delegate's index); -1 elsewhere. */
  ends: Int32Array;
  /** For if: instruction index of its `else`, or -1. -1 elsewhere (legacy catch
   *  positions are not recorded). */
  elses: Int32Array;
}

export interface ModuleInfo {
  /** Per defined function (module.funcs order). */
  funcs: FuncInfo[];
  /** Type index of every function in the function index space (imports first). */
  funcTypes: number[];
  /** Canonical key per type index (iso-recursive equivalence: two types, in any modules
   *  validated in this process, are equivalent iff their keys are equal). Keys are short
   *  (recursion groups are interned process-wide), so they stay small however deeply
   *  types refer to one another. */
  typeKeys: string[];
}

/** validateModule(m: Module): ModuleInfo — throws CompileError (see validate.ts). */
export { validateModule } from './validate.js';
export type ValidateModule = (m: Module) => ModuleInfo;
