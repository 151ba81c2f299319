// A wasm exception: the value of an exnref, and (wrapped) what escapes to the embedder.

import type { TagInst } from './tag.js';

export class ExnRef {
  readonly tag: TagInst;
  /** Payload words, laid out as on the value stack (2 words per number/ref slot, 4 per v128). */
  readonly words: Int32Array;
  /** Payload references, by slot (index = word offset / 2). */
  readonly refs: unknown[];
  constructor(tag: TagInst, words: Int32Array, refs: unknown[]) {
    this.tag = tag;
    this.words = words;
    this.refs = refs;
  }
}

/** An uncaught wasm exception, thrown to the embedder. Throwing one from host code into wasm rethrows its exnref. */
export class WasmException extends Error {
  readonly exn: ExnRef;
  constructor(exn: ExnRef) {
    super('uncaught wasm exception');
    this.name = 'WasmException';
    this.exn = exn;
  }
  get tag(): TagInst {
    return this.exn.tag;
  }
}

/** Payload value `i` of an exception as a JS value (i64 as BigInt); v128 is not representable. */
export function exnArg(exn: ExnRef, i: number): unknown {
  const params = exn.tag.type.params;
  let w = 0;
  for (let k = 0; k < i; k++) w += params[k] === 'v128' ? 4 : 2;
  const t = params[i];
  if (typeof t === 'object') return exn.refs[w >> 1];
  const words = exn.words;
  switch (t) {
    case 'i32': return words[w];
    case 'f32': return new Float32Array(Int32Array.of(words[w]).buffer)[0];
    case 'i64': return BigInt.asIntN(64, (BigInt(words[w + 1]) << 32n) | BigInt(words[w] >>> 0));
    case 'f64': return new Float64Array(Int32Array.of(words[w], words[w + 1]).buffer)[0];
    default: throw new TypeError('v128 values cannot cross the JS boundary');
  }
}
