// A global instance. Numeric and vector values are kept as raw 32-bit words so
// bit patterns (NaN payloads) survive; references are kept as JS values.

import type { Rtt } from './rtt.js';
import type { GlobalType } from '../ast.js';

export class GlobalInst {
  readonly type: GlobalType;
  /** Words of the value: i32/f32 in w[0]; i64/f64 as lo=w[0], hi=w[1]; v128 in w[0..3]. */
  readonly w = new Int32Array(4);
  ref: unknown = null;
  /** Type context: the defining module's types, giving meaning to concrete heap types in `type`. */
  readonly typeCtx: Rtt[];

  constructor(type: GlobalType, typeCtx: Rtt[] = []) {
    this.type = type;
    this.typeCtx = typeCtx;
  }
}
