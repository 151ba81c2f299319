// FuncInfo computed on first use. Validating a module only checks its bodies; the
// per-instruction facts (heights, ends, elses, drop/select operand types) cost
// several words per instruction, so they are recorded by re-validating one
// function the first time someone asks for them (the interpreter's compiler
// does so only for functions that are called).

import type { ValType } from '../ast.js';
import type { FuncInfo } from './info.js';
import { keepShape } from '../binary/shape-anchor.js';

export class LazyFuncInfo implements FuncInfo {
  private facts: FuncInfo | null = null;

  /** `compute` re-validates the (already valid) function with recording on. */
  constructor(private compute: (() => FuncInfo) | null) {}

  private get loaded(): FuncInfo {
    if (this.facts === null) {
      this.facts = this.compute!();
      this.compute = null; // drop the reference to the module once recorded
    }
    return this.facts;
  }

  get heights(): Int32Array { return this.loaded.heights; }
  get operandTypes(): (ValType | undefined)[] { return this.loaded.operandTypes; }
  get maxHeight(): number { return this.loaded.maxHeight; }
  get ends(): Int32Array { return this.loaded.ends; }
  get elses(): Int32Array { return this.loaded.elses; }
}

keepShape(new LazyFuncInfo(null)); // see ../binary/shape-anchor.ts
