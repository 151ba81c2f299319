// Keeps one object of a given shape alive for the life of the process.
//
// V8 drops optimised code that tests for an object's hidden class when that
// class is garbage-collected, and a hidden class dies with the last object that
// has it. The decoder's and validator's per-module objects (decoders, streams,
// validators, lazily built Funcs) all die between two modules, so after every
// major GC their hot loops would run unoptimised and be recompiled, which made
// a decode+validate right after a GC about twice as slow. One live object per
// shape keeps the classes, and so the optimised code, alive.

const anchors: unknown[] = [];

export function keepShape(example: unknown): void {
  anchors.push(example);
}
