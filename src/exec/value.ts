// Values at the engine boundary: exact, tagged by type, so the spec runner can
// compare NaN payloads bit for bit. (The public API converts these to plain JS
// values: numbers, BigInt for i64.) Inside the interpreter, values live untagged
// in typed-array stacks; these objects exist only at the boundary.

export type RawValue =
  | { type: 'i32'; value: number }   // signed 32-bit integer
  | { type: 'i64'; value: bigint }   // signed 64-bit integer
  | { type: 'f32'; bits: number }    // raw IEEE bits, unsigned 32-bit
  | { type: 'f64'; bits: bigint }    // raw IEEE bits, unsigned 64-bit
  | { type: 'v128'; bytes: Uint8Array } // 16 bytes, little-endian lanes
  | { type: 'ref'; ref: unknown };   // a reference value; `null` is the null reference

/** What a reference value is, for the spec runner's `ref.*` result patterns. */
export type RefKind = 'null' | 'func' | 'extern' | 'host' | 'struct' | 'array' | 'i31' | 'exn' | 'any';
