// Hand-written binaries: every section, each instruction family, and the
// malformed cases with the official suite's wording.
import { describe, it, expect } from 'vitest';
import { decodeModule } from '../src/binary/decode.js';
import { CompileError } from '../src/errors.js';
import { opcode } from '../src/binary/opcodes.js';
import type { Instr, Module } from '../src/ast.js';

const HEADER = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
const utf8 = (s: string) => [...new TextEncoder().encode(s)];

function u32(v: number): number[] {
  const out: number[] = [];
  do {
    let b = v & 0x7f;
    v >>>= 7;
    if (v) b |= 0x80;
    out.push(b);
  } while (v);
  return out;
}
const vec = (items: number[][]) => [...u32(items.length), ...items.flat()];
const str = (s: string) => { const b = utf8(s); return [...u32(b.length), ...b]; };
const section = (id: number, body: number[]) => [id, ...u32(body.length), ...body];
const mod = (...sections: number[][]) => Uint8Array.from([...HEADER, ...sections.flat()]);

/** Type section with one `(func)` type. */
const TYPE0 = section(1, vec([[0x60, 0x00, 0x00]]));
/** A module with one function of type 0 whose body (after locals) is `code`. */
function withBody(code: number[], locals: number[][] = [], extra: number[][] = []): Uint8Array {
  const body = [...vec(locals), ...code];
  return mod(TYPE0, section(3, vec([[0]])), ...extra.filter((s) => s[0]! < 10 || s[0] === 12), section(10, vec([[...u32(body.length), ...body]])), ...extra.filter((s) => s[0]! >= 10 && s[0] !== 12));
}
function bodyOf(bytes: Uint8Array): Instr[] {
  return decodeModule(bytes).funcs[0]!.body;
}
function failure(bytes: Uint8Array | number[]): { reason: string; offset: number } {
  try {
    decodeModule(Uint8Array.from(bytes));
  } catch (e) {
    expect(e).toBeInstanceOf(CompileError);
    return { reason: (e as CompileError).reason, offset: (e as CompileError).offset };
  }
  throw new Error('decoded, expected a CompileError');
}
const strip = (is: Instr[]) => is.map(({ offset: _o, ...rest }) => rest);

describe('header', () => {
  it('accepts the empty module', () => {
    const m = decodeModule(mod());
    expect(m.types).toEqual([]);
    expect(m.funcs).toEqual([]);
    expect(m.names).toBeNull();
  });
  it('rejects bad magic, versions and truncation', () => {
    expect(failure([]).reason).toBe('unexpected end of section or function');
    expect(failure([0x00, 0x61, 0x73]).reason).toMatch(/^unexpected end/);
    expect(failure([0x00, 0x41, 0x53, 0x4d, 1, 0, 0, 0])).toEqual({ reason: 'magic header not detected', offset: 0 });
    expect(failure([...HEADER.slice(0, 6)]).reason).toMatch(/^unexpected end/);
    expect(failure([0x00, 0x61, 0x73, 0x6d, 2, 0, 0, 0])).toEqual({ reason: 'unknown binary version', offset: 4 });
  });
});

describe('sections', () => {
  it('types: func, struct, array, rec groups, sub and sub final', () => {
    const m = decodeModule(mod(section(1, [
      3,
      0x60, 2, 0x7f, 0x7e, 1, 0x7d, // (func (param i32 i64) (result f32))
      0x4e, 2, // rec of 2
      0x50, 0, 0x5f, 2, 0x78, 1, 0x63, 0x00, 0, // (sub (struct (field (mut i8)) (field (ref null 0))))
      0x4f, 1, 1, 0x5e, 0x77, 0, // (sub final 1 (array i16))
      0x5e, 0x64, 0x6e, 1, // (array (mut (ref any)))
    ])));
    expect(m.recGroups).toEqual([1, 2, 1]);
    expect(m.types).toEqual([
      { final: true, supers: [], comp: { kind: 'func', params: ['i32', 'i64'], results: ['f32'] } },
      { final: false, supers: [], comp: { kind: 'struct', fields: [{ type: 'i8', mutable: true }, { type: { nullable: true, heap: 0 }, mutable: false }] } },
      { final: true, supers: [1], comp: { kind: 'array', field: { type: 'i16', mutable: false } } },
      { final: true, supers: [], comp: { kind: 'array', field: { type: { nullable: false, heap: 'any' }, mutable: true } } },
    ]);
  });

  it('imports of every kind, with memory64, shared and table64 limits', () => {
    const m = decodeModule(mod(TYPE0, section(2, vec([
      [...str('m'), ...str('f'), 0x00, 0],
      [...str('m'), ...str('t'), 0x01, 0x70, 0x05, 1, 2], // table i64 funcref 1..2
      [...str('m'), ...str('mem'), 0x02, 0x03, 1, 2], // shared memory 1..2
      [...str('m'), ...str('m64'), 0x02, 0x04, 0x80, 0x80, 0x80, 0x80, 0x20], // i64 memory min 2^33
      [...str('m'), ...str('g'), 0x03, 0x7c, 1],
      [...str('m'), ...str('e'), 0x04, 0x00, 0],
    ]))));
    expect(m.imports.map((i) => i.desc)).toEqual([
      { kind: 'func', type: 0 },
      { kind: 'table', type: { address: 'i64', limits: { min: 1, max: 2 }, elem: { nullable: true, heap: 'func' } } },
      { kind: 'memory', type: { address: 'i32', limits: { min: 1, max: 2 }, shared: true } },
      { kind: 'memory', type: { address: 'i64', limits: { min: 2 ** 33, max: null }, shared: false } },
      { kind: 'global', type: { type: 'f64', mutable: true } },
      { kind: 'tag', type: 0 },
    ]);
    expect(m.imports[2]!.name).toBe('mem');
  });

  it('tables with and without an initialiser, memories, tags, globals, exports, start', () => {
    const m = decodeModule(mod(
      TYPE0,
      section(3, vec([[0]])),
      section(4, vec([[0x6f, 0x00, 1], [0x40, 0x00, 0x64, 0x70, 0x00, 1, 0xd2, 0, 0x0b]])),
      section(5, vec([[0x01, 0, 1]])),
      section(13, vec([[0x00, 0]])),
      section(6, vec([[0x7f, 0, 0x41, 0x2a, 0x0b]])),
      section(7, vec([[...str('f'), 0, 0], [...str('t'), 1, 1], [...str('m'), 2, 0], [...str('g'), 3, 0], [...str('e'), 4, 0]])),
      section(8, [0]),
      section(10, vec([[2, 0, 0x0b]])),
    ));
    expect(m.tables[0]).toEqual({ type: { address: 'i32', limits: { min: 1, max: null }, elem: { nullable: true, heap: 'extern' } }, init: null });
    expect(strip(m.tables[1]!.init!)).toEqual([{ op: 0xd2, idx: 0 }, { op: 0x0b }]);
    expect(m.memories).toEqual([{ type: { address: 'i32', limits: { min: 0, max: 1 }, shared: false } }]);
    expect(m.tags).toEqual([{ type: 0 }]);
    expect(strip(m.globals[0]!.init)).toEqual([{ op: 0x41, value: 42 }, { op: 0x0b }]);
    expect(m.exports.map((e) => [e.name, e.kind, e.index])).toEqual([['f', 'func', 0], ['t', 'table', 1], ['m', 'memory', 0], ['g', 'global', 0], ['e', 'tag', 0]]);
    expect(m.start).toBe(0);
  });

  it('element segments with flags 0..7', () => {
    const off = [0x41, 0, 0x0b];
    const m = decodeModule(mod(section(9, vec([
      [0, ...off, ...vec([[1], [2]])],
      [1, 0x00, ...vec([[3]])],
      [2, 1, ...off, 0x00, ...vec([[4]])],
      [3, 0x00, ...vec([])],
      [4, ...off, ...vec([[0xd0, 0x70, 0x0b]])],
      [5, 0x6f, ...vec([[0xd0, 0x6f, 0x0b]])],
      [6, 2, ...off, 0x64, 0x70, ...vec([[0xd2, 5, 0x0b]])],
      [7, 0x70, ...vec([[0xd2, 6, 0x0b]])],
    ]))));
    const summary = m.elems.map((e) => [e.mode, e.table, e.type, e.exprs, e.init.map((x) => strip(x)[0])]);
    const REF_FUNC = { nullable: false, heap: 'func' };
    const FUNCREF = { nullable: true, heap: 'func' };
    expect(summary).toEqual([
      ['active', 0, REF_FUNC, false, [{ op: 0xd2, idx: 1 }, { op: 0xd2, idx: 2 }]],
      ['passive', undefined, REF_FUNC, false, [{ op: 0xd2, idx: 3 }]],
      ['active', 1, REF_FUNC, false, [{ op: 0xd2, idx: 4 }]],
      ['declarative', undefined, REF_FUNC, false, []],
      ['active', 0, FUNCREF, true, [{ op: 0xd0, heap: 'func' }]],
      ['passive', undefined, { nullable: true, heap: 'extern' }, true, [{ op: 0xd0, heap: 'extern' }]],
      ['active', 2, REF_FUNC, true, [{ op: 0xd2, idx: 5 }]],
      ['declarative', undefined, FUNCREF, true, [{ op: 0xd2, idx: 6 }]],
    ]);
    expect(strip(m.elems[0]!.offset!)).toEqual([{ op: 0x41, value: 0 }, { op: 0x0b }]);
  });

  it('data segments with flags 0..2 and the data count section', () => {
    const m = decodeModule(mod(
      section(5, vec([[0, 1]])),
      section(12, [3]),
      section(11, vec([[0, 0x41, 8, 0x0b, ...vec([[1], [2]])], [1, ...vec([[9]])], [2, 1, 0x41, 0, 0x0b, ...vec([])]])),
    ));
    expect(m.dataCount).toBe(3);
    expect(m.datas.map((d) => [d.mode, d.memory, [...d.bytes]])).toEqual([['active', 0, [1, 2]], ['passive', 0, [9]], ['active', 1, []]]);
  });

  it('code: locals groups, offsets, final end included', () => {
    const bytes = withBody([0x20, 0, 0x1a, 0x0b], [[2, 0x7f], [1, 0x7e]]);
    const m = decodeModule(bytes);
    const f = m.funcs[0]!;
    expect(f.locals).toEqual([{ count: 2, type: 'i32' }, { count: 1, type: 'i64' }]);
    expect(strip(f.body)).toEqual([{ op: 0x20, idx: 0 }, { op: 0x1a }, { op: 0x0b }]);
    // Offsets are absolute byte positions of each instruction's first byte.
    for (const i of f.body) expect(bytes[i.offset]).toBe(i.op);
    expect(f.offset).toBeGreaterThan(0);
  });

  it('bodies are built lazily but identically to eager decoding', () => {
    const bytes = withBody([0x41, 1, 0x04, 0x40, 0x01, 0x05, 0x00, 0x0b, 0x0b]);
    const lazy = decodeModule(bytes).funcs[0]!;
    const eager = decodeModule(bytes, { eagerBodies: true }).funcs[0]!;
    expect(lazy).toEqual(eager);
    expect(Object.keys(lazy)).toContain('body');
    lazy.body = [];
    expect(lazy.body).toEqual([]);
  });

  it('custom sections record the section they follow', () => {
    const m = decodeModule(mod(section(0, [...str('a'), 1]), TYPE0, section(0, [...str('b')]), section(3, vec([])), section(0, [...str('c'), 7, 8])));
    expect(m.customs.map((c) => [c.name, [...c.data], c.after])).toEqual([['a', [1], 0], ['b', [], 1], ['c', [7, 8], 3]]);
  });

  it('the name section: every subsection', () => {
    const nm = (pairs: [number, string][]) => vec(pairs.map(([i, s]) => [...u32(i), ...str(s)]));
    const ind = (pairs: [number, [number, string][]][]) => vec(pairs.map(([i, inner]) => [...u32(i), ...nm(inner)]));
    const sub = (id: number, body: number[]) => [id, ...u32(body.length), ...body];
    const payload = [
      ...sub(0, str('mod')), ...sub(1, nm([[0, 'f']])), ...sub(2, ind([[0, [[0, 'x'], [1, 'y']]]])),
      ...sub(3, ind([[0, [[0, 'l']]]])), ...sub(4, nm([[0, 't']])), ...sub(5, nm([[0, 'tab']])),
      ...sub(6, nm([[0, 'mem']])), ...sub(7, nm([[1, 'g']])), ...sub(8, nm([[0, 'e']])),
      ...sub(9, nm([[0, 'd']])), ...sub(10, ind([[0, [[2, 'fld']]]])), ...sub(11, nm([[0, 'tag']])),
      ...sub(42, [1, 2, 3]), // unknown subsection: skipped
    ];
    const m = decodeModule(mod(section(0, [...str('name'), ...payload])));
    const n = m.names!;
    expect(n.module).toBe('mod');
    expect(n.funcs.get(0)).toBe('f');
    expect(n.locals.get(0)).toEqual(new Map([[0, 'x'], [1, 'y']]));
    expect(n.labels.get(0)!.get(0)).toBe('l');
    expect([n.types.get(0), n.tables.get(0), n.memories.get(0), n.globals.get(1), n.elems.get(0), n.datas.get(0), n.tags.get(0)])
      .toEqual(['t', 'tab', 'mem', 'g', 'e', 'd', 'tag']);
    expect(n.fields.get(0)!.get(2)).toBe('fld');
    // The raw section stays among the customs.
    expect(m.customs.map((c) => c.name)).toEqual(['name']);
  });

  it('a malformed name section is ignored, not fatal', () => {
    const m = decodeModule(mod(section(0, [...str('name'), 1, 5, 1, 0, 9, 0x61])));
    expect(m.names).toBeNull();
    expect(m.customs).toHaveLength(1);
    const bad = decodeModule(mod(section(0, [...str('name'), 0, 2, 1, 0xff])));
    expect(bad.names).toBeNull();
  });
});

describe('instruction families', () => {
  // A data count section lets any family use data indices.
  const one = (code: number[]) => strip(bodyOf(withBody([...code, 0x0b], [], [section(12, [0])]))).slice(0, -1);

  it('control: blocks, if/else, br_table, calls, try_table, legacy try', () => {
    expect(one([0x02, 0x40, 0x03, 0x7f, 0x0b, 0x0b])).toEqual([{ op: 0x02, blockType: null }, { op: 0x03, blockType: 'i32' }, { op: 0x0b }, { op: 0x0b }]);
    expect(one([0x04, 0x00, 0x05, 0x0b])).toEqual([{ op: 0x04, blockType: 0 }, { op: 0x05 }, { op: 0x0b }]);
    expect(one([0x02, 0x63, 0x6e, 0x0b])[0]).toEqual({ op: 0x02, blockType: { nullable: true, heap: 'any' } });
    expect(one([0x0e, 2, 0, 1, 2])).toEqual([{ op: 0x0e, labels: [0, 1, 2] }]);
    expect(one([0x10, 5, 0x11, 1, 2, 0x14, 3, 0x12, 4])).toEqual([
      { op: 0x10, idx: 5 }, { op: 0x11, idx: 1, idx2: 2 }, { op: 0x14, idx: 3 }, { op: 0x12, idx: 4 }]);
    expect(one([0x1f, 0x40, 4, 0, 1, 2, 1, 3, 4, 2, 5, 3, 6, 0x0b])[0]).toEqual({
      op: 0x1f, blockType: null, catches: [
        { kind: 'catch', tag: 1, label: 2 }, { kind: 'catch_ref', tag: 3, label: 4 },
        { kind: 'catch_all', label: 5 }, { kind: 'catch_all_ref', label: 6 }],
    });
    expect(one([0x06, 0x40, 0x07, 0, 0x19, 0x0b, 0x06, 0x40, 0x18, 0])).toEqual([
      { op: 0x06, blockType: null }, { op: 0x07, idx: 0 }, { op: 0x19 }, { op: 0x0b },
      { op: 0x06, blockType: null }, { op: 0x18, idx: 0 }]);
    expect(one([0x1c, 1, 0x7f])).toEqual([{ op: 0x1c, types: ['i32'] }]);
  });

  it('variables, tables and memory (memarg with memory index and u64 offset)', () => {
    expect(one([0x20, 1, 0x21, 2, 0x22, 3, 0x23, 4, 0x24, 5, 0x25, 6, 0x26, 7])).toEqual([
      { op: 0x20, idx: 1 }, { op: 0x21, idx: 2 }, { op: 0x22, idx: 3 }, { op: 0x23, idx: 4 },
      { op: 0x24, idx: 5 }, { op: 0x25, idx: 6 }, { op: 0x26, idx: 7 }]);
    expect(one([0x28, 2, 8, 0x36, 0x42, 3, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01, 0x3f, 1, 0x40, 0])).toEqual([
      { op: 0x28, mem: { align: 2, offset: 8, memory: 0 } },
      { op: 0x36, mem: { align: 2, offset: 2 ** 35, memory: 3 } },
      { op: 0x3f, idx: 1 }, { op: 0x40, idx: 0 }]);
  });

  it('numeric constants', () => {
    expect(one([0x41, 0x80, 0x80, 0x80, 0x80, 0x78, 0x42, 0x7f, 0x43, 0x00, 0x00, 0xc0, 0x7f, 0x44, 1, 2, 3, 4, 5, 6, 7, 0x80])).toEqual([
      { op: 0x41, value: -0x80000000 }, { op: 0x42, value: -1n },
      { op: 0x43, value: 0x7fc00000 }, { op: 0x44, value: 0x8007060504030201n }]);
    expect(one([0x6a, 0xc4])).toEqual([{ op: opcode('i32.add') }, { op: opcode('i64.extend32_s') }]);
  });

  it('references and GC', () => {
    expect(one([0xd0, 0x6e, 0xd0, 0x05, 0xd2, 3, 0xd5, 1])).toEqual([
      { op: 0xd0, heap: 'any' }, { op: 0xd0, heap: 5 }, { op: 0xd2, idx: 3 }, { op: 0xd5, idx: 1 }]);
    expect(one([0xfb, 2, 1, 3, 0xfb, 8, 1, 4, 0xfb, 21, 0x6c, 0xfb, 24, 0x03, 0, 0x6e, 0x6c, 0xfb, 9, 1, 2])).toEqual([
      { op: opcode('struct.get'), idx: 1, idx2: 3 },
      { op: opcode('array.new_fixed'), idx: 1, idx2: 4 },
      { op: opcode('ref.test_null'), heap: 'i31' },
      { op: opcode('br_on_cast'), idx: 0, ref: { nullable: true, heap: 'any' }, ref2: { nullable: true, heap: 'i31' } },
      { op: opcode('array.new_data'), idx: 1, idx2: 2 }]);
  });

  it('misc (0xFC) and bulk memory', () => {
    const bytes = withBody([0xfc, 8, 1, 0, 0xfc, 10, 0, 1, 0xfc, 14, 2, 3, 0xfc, 0, 0x0b], [], [section(5, vec([[0, 1]])), section(12, [2]), section(11, vec([[1, 0], [1, 0]]))]);
    expect(strip(bodyOf(bytes))).toEqual([
      { op: opcode('memory.init'), idx: 1, idx2: 0 }, { op: opcode('memory.copy'), idx: 0, idx2: 1 },
      { op: opcode('table.copy'), idx: 2, idx2: 3 }, { op: opcode('i32.trunc_sat_f32_s') }, { op: 0x0b }]);
  });

  it('SIMD: v128.const, shuffle, lanes, load lane, multi-byte sub-opcodes', () => {
    const c = Array.from({ length: 16 }, (_, i) => i);
    const got = one([0xfd, 12, ...c, 0xfd, 13, ...c, 0xfd, 21, 15, 0xfd, 84, 0, 0, 3, 0xfd, 0x80, 0x02, 0xfd, 0x93, 0x02]);
    expect(got).toEqual([
      { op: opcode('v128.const'), value: Uint8Array.from(c) },
      { op: opcode('i8x16.shuffle'), lanes: Uint8Array.from(c) },
      { op: opcode('i8x16.extract_lane_s'), lane: 15 },
      { op: opcode('v128.load8_lane'), mem: { align: 0, offset: 0, memory: 0 }, lane: 3 },
      { op: opcode('i8x16.relaxed_swizzle') }, // sub-opcode 0x100 as a two-byte LEB
      { op: opcode('i32x4.relaxed_dot_i8x16_i7x16_add_s') }, // 0x113
    ]);
  });
});

describe('malformed modules (the suite wording)', () => {
  const cases: [string, Uint8Array | number[], string][] = [
    ['truncated section', mod([0x01]), 'unexpected end'],
    ['truncated body', [...HEADER, ...TYPE0, 0x03, 2, 1, 0, 0x0a, 4, 1, 2, 0, 0x41], 'unexpected end of section or function'],
    ['section size mismatch', mod(section(1, [0x01, 0x60, 0, 0, 0])), 'section size mismatch'],
    ['malformed section id', mod([0x0e, 0]), 'malformed section id'],
    ['integer too large', mod(section(5, [1, 0, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x02])), 'integer too large'],
    ['integer representation too long', mod(section(3, [0x81, 0x80, 0x80, 0x80, 0x80, 0x00])), 'integer representation too long'],
    ['function without code', mod(TYPE0, section(3, vec([[0]]))), 'function and code section have inconsistent lengths'],
    ['code without function', mod(TYPE0, section(10, vec([[2, 0, 0x0b]]))), 'function and code section have inconsistent lengths'],
    ['data count mismatch', mod(section(12, [2]), section(11, vec([[1, 0]]))), 'data count and data section have inconsistent lengths'],
    ['data count required', withBody([0xfc, 9, 0, 0x0b], [], [section(11, vec([[1, 0]]))]), 'data count section required'],
    ['malformed UTF-8', mod(section(0, [2, 0xc0, 0x80])), 'malformed UTF-8 encoding'],
    ['surrogate in UTF-8', mod(section(7, [1, 3, 0xed, 0xa0, 0x80, 0, 0])), 'malformed UTF-8 encoding'],
    ['tag attribute', mod(TYPE0, section(13, vec([[1, 0]]))), 'zero byte expected'],
    ['too many locals', withBody([0x0b], [[0xff, 0xff, 0xff, 0xff, 0x0f, 0x7f], [1, 0x7f]]), 'too many locals'],
    ['malformed mutability', mod(section(6, [1, 0x7f, 2, 0x41, 0, 0x0b])), 'malformed mutability'],
    ['malformed reference type', mod(section(4, [1, 0x7f, 0, 0])), 'malformed reference type'],
    ['malformed heap type', withBody([0xd0, 0x7f, 0x0b]), 'malformed heap type'],
    ['illegal opcode', withBody([0xff, 0x0b]), 'illegal opcode ff'],
    ['illegal prefixed opcode', withBody([0xfc, 0x7f, 0x0b]), 'illegal opcode fc 7f'],
    ['malformed import kind', mod(section(2, [1, ...str('a'), ...str('b'), 5, 0])), 'malformed import kind'],
    ['malformed export kind', mod(section(7, [1, ...str('a'), 5, 0])), 'malformed export kind'],
    ['content after last section', mod(section(3, [0]), section(1, [0])), 'unexpected content after last section'],
    ['duplicate section', mod(section(1, [0]), section(1, [0])), 'unexpected content after last section'],
    ['length out of bounds', mod(section(1, [0x05, 0x60])), 'length out of bounds'],
    ['section longer than module', [...HEADER, 1, 10, 0], 'length out of bounds'],
    ['malformed elements segment kind', mod(section(9, [1, 8])), 'malformed elements segment kind'],
    ['malformed element kind', mod(section(9, [1, 1, 1, 0])), 'malformed element kind'],
    ['malformed data segment kind', mod(section(11, [1, 3])), 'malformed data segment kind'],
    ['END opcode expected', withBody([0x02, 0x40, 0x05, 0x0b, 0x0b]), 'END opcode expected'],
    ['malformed limits flags', mod(section(5, [1, 0x10, 0])), 'malformed limits flags'],
    ['table shared flag', mod(section(4, [1, 0x70, 0x02, 0])), 'malformed limits flags'],
    ['malformed memop flags', withBody([0x41, 0, 0x28, 0x80, 0x01, 0, 0x1a, 0x0b]), 'malformed memop flags'],
    ['malformed definition type', mod(section(1, [1, 0x40])), 'malformed definition type'],
    ['malformed storage type', mod(section(1, [1, 0x5e, 0x76, 0])), 'malformed storage type'],
    ['custom page size without the proposal', mod(section(5, [1, 0x08, 0, 0])), 'malformed limits flags'],
  ];
  for (const [label, bytes, message] of cases) {
    it(label, () => {
      const f = failure(bytes);
      expect(f.reason.startsWith(message), `${f.reason} / ${message}`).toBe(true);
      expect(f.offset).toBeGreaterThanOrEqual(0);
    });
  }

  it('custom page sizes with the proposal enabled', () => {
    const bytes = mod(section(5, [1, 0x08, 0, 0]));
    expect(decodeModule(bytes, { customPageSizes: true }).memories[0]!.type.pageSizeLog2).toBe(0);
    try {
      decodeModule(mod(section(5, [1, 0x08, 0, 65])), { customPageSizes: true });
      expect.unreachable();
    } catch (e) {
      expect((e as CompileError).reason).toBe('invalid custom page size');
    }
  });

  it('reports lazily built bodies as malformed during decoding', () => {
    expect(failure(withBody([0x02, 0x40, 0x0b])).reason).toMatch(/^(unexpected end|section size mismatch|END opcode)/);
  });
});

// Silence "unused" for the type-only import in some editors.
export type { Module };
