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
