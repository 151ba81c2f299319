// A table instance: a growable JS array of reference values (null is the null reference).

import type { Rtt } from './rtt.js';
import type { TableType } from '../ast.js';

/** Largest table the engine will allocate, in elements. */
export const DEFAULT_TABLE_CAP = 10_000_000;

export class TableInst {
  readonly type: TableType;
  elements: unknown[];
  readonly maxSize: number;
  /** Type context: the defining module's types, giving meaning to concrete heap types. */
  readonly typeCtx: Rtt[];

  constructor(type: TableType, init: unknown, cap = DEFAULT_TABLE_CAP, typeCtx: Rtt[] = []) {
    this.type = type;
    this.typeCtx = typeCtx;
    const addrLimit = type.address === 'i64' ? 2 ** 64 : 2 ** 32 - 1;
    this.maxSize = Math.min(type.limits.max ?? addrLimit, addrLimit, cap);
    if (type.limits.min > this.maxSize) throw new RangeError('table size exceeds the engine limit');
    this.elements = new Array<unknown>(type.limits.min).fill(init);
  }

  size(): number {
    return this.elements.length;
  }

  /** Grow by `delta` elements set to `init`. Returns the old size, or -1. */
  grow(delta: number, init: unknown): number {
    const old = this.elements.length;
    if (delta < 0 || old + delta > this.maxSize) return -1;
    for (let i = 0; i < delta; i++) this.elements.push(init);
    return old;
  }
}
