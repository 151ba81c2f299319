import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { decodeModule } from '../src/binary/decode.js';
import { encodeModule } from '../src/binary/encode.js';
import { emptyModule, emptyNames, type Module } from '../src/ast.js';
import { arbitraryModule, stripOffsets } from './arbitrary-module.js';

const hex = (b: Uint8Array) => [...b].map((x) => x.toString(16).padStart(2, '0')).join(' ');

describe('encodeModule', () => {
  it('decode(encode(m)) = m on generated modules', () => {
    fc.assert(
      fc.property(arbitraryModule, (m) => {
        const back = decodeModule(encodeModule(m));
        expect(stripOffsets(back)).toEqual(stripOffsets(m));
      }),
      { numRuns: 300 },
    );
  });

  it('encoding is canonical: encode(decode(encode(m))) = encode(m)', () => {
    fc.assert(
      fc.property(arbitraryModule, (m) => {
        const bytes = encodeModule(m);
        expect(encodeModule(decodeModule(bytes))).toEqual(bytes);
      }),
      { numRuns: 100 },
    );
  });

  it('writes the empty module as just the header', () => {
    expect(hex(encodeModule(emptyModule()))).toBe('00 61 73 6d 01 00 00 00');
  });

  it('writes a data count section when code uses a data index', () => {
    const m: Module = {
      ...emptyModule(),
      types: [{ final: true, supers: [], comp: { kind: 'func', params: [], results: [] } }],
      recGroups: [1],
      funcs: [{ type: 0, locals: [], body: [{ op: 0xfc009, offset: -1, idx: 0 }, { op: 0x0b, offset: -1 }] }],
      datas: [{ mode: 'passive', memory: 0, bytes: new Uint8Array([1]) }],
    };
    const bytes = encodeModule(m);
    expect(hex(bytes)).toContain('0c 01 01'); // data count section: 1
    expect(decodeModule(bytes).dataCount).toBe(1);
  });

  it('writes names from m.names once, in place of a raw "name" custom section', () => {
    const names = emptyNames();
    names.module = 'm';
    names.funcs.set(0, 'f');
    const m: Module = {
      ...emptyModule(),
      customs: [{ name: 'name', data: new Uint8Array([0xff]), after: 0 }, { name: 'name', data: new Uint8Array([0xff]), after: 0 }],
      names,
    };
    const back = decodeModule(encodeModule(m));
    expect(back.names).toEqual(names);
    expect(back.customs.filter((c) => c.name === 'name')).toHaveLength(1);
  });

  it('puts custom sections back after the section they followed, even an empty one', () => {
    const m: Module = {
      ...emptyModule(),
      customs: [
        { name: 'a', data: new Uint8Array([1]), after: 0 },
        { name: 'b', data: new Uint8Array([2]), after: 7 },
        { name: 'c', data: new Uint8Array([3]), after: 11 },
      ],
    };
    const bytes = encodeModule(m);
    expect(hex(bytes)).toBe('00 61 73 6d 01 00 00 00 00 03 01 61 01 07 01 00 00 03 01 62 02 0b 01 00 00 03 01 63 03');
    expect(decodeModule(bytes).customs).toEqual(m.customs);
  });

  it('round-trips custom page sizes (with the proposal enabled) and memory64 limits', () => {
    const m: Module = {
      ...emptyModule(),
      memories: [
        { type: { address: 'i32', limits: { min: 1, max: 2 }, shared: false, pageSizeLog2: 0 } },
        { type: { address: 'i64', limits: { min: 2 ** 40, max: 2 ** 52 }, shared: true } },
      ],
    };
    const bytes = encodeModule(m);
    expect(hex(bytes)).toContain('05 14 02 09 01 02 00 07'); // flags max|page-size, min 1, max 2, log2 0; then shared i64 with max
    expect(decodeModule(bytes, { customPageSizes: true })).toEqual(m);
  });

  it('writes a memarg memory index only when it is not 0', () => {
    const load = (memory: number): Module => ({
      ...emptyModule(),
      types: [{ final: true, supers: [], comp: { kind: 'func', params: [], results: [] } }],
      recGroups: [1],
      funcs: [{ type: 0, locals: [], body: [{ op: 0x28, offset: -1, mem: { align: 2, offset: 16, memory } }, { op: 0x0b, offset: -1 }] }],
    });
    expect(hex(encodeModule(load(0)))).toContain('28 02 10 0b');
    expect(hex(encodeModule(load(3)))).toContain('28 42 03 10 0b');
    expect(stripOffsets(decodeModule(encodeModule(load(3))))).toEqual(stripOffsets(load(3)));
  });
});
