// A module instance: the module's index spaces resolved to runtime objects.
// There is no separate store; these objects are the store.

import type { Module } from '../ast.js';
import type { Rtt } from './rtt.js';
import type { FuncInst } from './func.js';
import type { TableInst } from './table.js';
import type { MemoryInst } from './memory.js';
import type { GlobalInst } from './global.js';
import type { TagInst } from './tag.js';
import type { Engine } from './engine.js';

export type ExternVal = FuncInst | TableInst | MemoryInst | GlobalInst | TagInst;

export class ModuleInstance {
  readonly module: Module;
  readonly engine: Engine;
  readonly rtts: Rtt[];
  funcs: FuncInst[] = [];
  tables: TableInst[] = [];
  memories: MemoryInst[] = [];
  globals: GlobalInst[] = [];
  tags: TagInst[] = [];
  /** Element segments' references; null once dropped. */
  elems: (unknown[] | null)[] = [];
  /** Data segments' bytes; null once dropped. */
  datas: (Uint8Array | null)[] = [];
  readonly exports = new Map<string, ExternVal>();

  constructor(module: Module, engine: Engine, rtts: Rtt[]) {
    this.module = module;
    this.engine = engine;
    this.rtts = rtts;
  }

  funcName(index: number): string | undefined {
    return this.module.names?.funcs.get(index);
  }
}
