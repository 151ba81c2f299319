// Custom-page-sizes proposal: the decoder accepts the limits flag only when asked
// (core binary.wast asserts it is malformed), and memory.size/grow and bounds
// checks count in the memory's own pages.

import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { wat2wasm, WebAssembly as W } from '../src/index.js';
import { decodeModule } from '../src/binary/decode.js';
import { CompileError } from '../src/errors.js';

type Fn = (...a: number[]) => number;

const wat = (pageSize: number, min: number, max: number) => `(module
  (memory ${min} ${max} (pagesize ${pageSize}))
  (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
  (func (export "size") (result i32) (memory.size))
  (func (export "load") (param i32) (result i32) (i32.load8_u (local.get 0)))
  (func (export "store") (param i32 i32) (i32.store8 (local.get 0) (local.get 1))))`;

describe('custom page sizes', () => {
  it('are malformed unless the decoder option is on', () => {
    const bytes = wat2wasm(wat(1, 0, 10));
    expect(() => decodeModule(bytes)).toThrow(CompileError);
    expect(() => decodeModule(bytes)).toThrow('malformed limits flags');
    expect(decodeModule(bytes, { customPageSizes: true }).memories[0]!.type.pageSizeLog2).toBe(0);
  });

  it('size, grow and bounds follow the page size (law: bytes = pages * page size)', () => {
    fc.assert(fc.property(fc.constantFrom(1, 65536), fc.integer({ min: 0, max: 4 }),
      fc.array(fc.integer({ min: 0, max: 3 }), { maxLength: 4 }), (pageSize, min, grows) => {
        const max = 12;
        const ast = decodeModule(wat2wasm(wat(pageSize, min, max)), { customPageSizes: true });
        const e = new W.Instance(new W.Module(ast), {}).exports as Record<string, Fn>;
        let pages = min;
        for (const g of grows) {
          expect(e.grow!(g)).toBe(pages + g <= max ? pages : -1);
          if (pages + g <= max) pages += g;
          expect(e.size!()).toBe(pages);
        }
        const bytes = pages * pageSize;
        if (bytes > 0) {
          e.store!(bytes - 1, 0xab);
          expect(e.load!(bytes - 1)).toBe(0xab);
        }
        expect(() => e.load!(bytes)).toThrow('out of bounds memory access');
      }), { numRuns: 40 });
  });
});
