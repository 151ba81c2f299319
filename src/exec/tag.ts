// An exception tag instance: identity plus its function type (params are the payload).

import type { FuncType } from '../ast.js';

export class TagInst {
  readonly type: FuncType;
  /** Canonical type key, for import matching across modules. */
  readonly typeKey: string;
  /** Value-stack words taken by the payload. */
  readonly payloadWords: number;
  constructor(type: FuncType, typeKey: string) {
    this.type = type;
    this.typeKey = typeKey;
    let n = 0;
    for (const p of type.params) n += p === 'v128' ? 4 : 2;
    this.payloadWords = n;
  }
}
