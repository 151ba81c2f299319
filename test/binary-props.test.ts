// Robustness laws of the decoder on hostile input: random bytes and randomly
// mutated valid modules either decode or throw a CompileError (never a JS
// TypeError/RangeError), and whatever decodes re-encodes to the same AST.
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { decodeModule } from '../src/binary/decode.js';
import { encodeModule } from '../src/binary/encode.js';
import { streamBody, bodySource } from '../src/binary/instr-stream.js';
import type { Instr } from '../src/ast.js';
import { CompileError } from '../src/errors.js';
import type { Module } from '../src/ast.js';
import { arbitraryModule, stripOffsets } from './arbitrary-module.js';

function emptyModuleWithFunc(): Module {
  return {
    types: [{ final: true, supers: [], comp: { kind: 'func', params: [], results: [] } }], recGroups: [1],
    imports: [], funcs: [{ type: 0, locals: [], body: [{ op: 0x00, offset: -1 }, { op: 0x0b, offset: -1 }] }],
    tables: [], memories: [], globals: [], tags: [], exports: [], start: null, elems: [], datas: [],
    dataCount: null, customs: [], names: null,
  };
}

const HEADER = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];

/** Decodes, allowing only CompileError; returns null for rejected input. */
function tryDecode(bytes: Uint8Array): Module | null {
  try {
    return decodeModule(bytes);
  } catch (e) {
    if (!(e instanceof CompileError)) throw e;
    // The decoder's last-resort wrapper for internal errors must never be reached.
    expect(e.reason).not.toMatch(/^malformed module:/);
    expect(e.offset).toBeGreaterThanOrEqual(-1);
    expect(e.offset).toBeLessThanOrEqual(bytes.length);
    return null;
  }
}

/** The AST without offsets and without raw name-section bytes (re-encoded from `names`). */
function comparable(m: Module): Module {
  const s = stripOffsets(m);
  return { ...s, customs: s.customs.map((c) => (c.name === 'name' && m.names ? { ...c, data: new Uint8Array() } : c)) };
}

function stable(m: Module): void {
  const again = decodeModule(encodeModule(m));
  expect(comparable(again)).toEqual(comparable(m));
}

type Mutation = { kind: 'set' | 'insert' | 'delete' | 'truncate'; at: number; byte: number };
const mutation: fc.Arbitrary<Mutation> = fc.record({
  kind: fc.constantFrom('set' as const, 'set' as const, 'insert' as const, 'delete' as const, 'truncate' as const),
  at: fc.nat(),
  byte: fc.oneof(fc.constantFrom(0x00, 0x0b, 0x7f, 0x80, 0xff, 0x40, 0x41, 0xfc, 0xfd, 0xfb), fc.nat({ max: 255 })),
});

function mutate(bytes: Uint8Array, ms: Mutation[]): Uint8Array {
  let b = Array.from(bytes);
  for (const m of ms) {
    if (b.length === 0) break;
    const at = m.at % b.length;
    if (m.kind === 'set') b[at] = m.byte;
    else if (m.kind === 'insert') b.splice(at, 0, m.byte);
    else if (m.kind === 'delete') b.splice(at, 1);
    else b = b.slice(0, at);
  }
  return Uint8Array.from(b);
}

describe('decoder robustness', () => {
  it('random bytes after a valid header throw only CompileError', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 64 }), (tail) => {
      const m = tryDecode(Uint8Array.from([...HEADER, ...tail]));
      if (m) stable(m);
    }), { numRuns: 5000 });
  });

  it('fully random bytes throw only CompileError', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 32 }), (bytes) => {
      tryDecode(bytes);
    }), { numRuns: 2000 });
  });

  it('mutated valid modules throw only CompileError, and what decodes is stable', () => {
    fc.assert(fc.property(arbitraryModule, fc.array(mutation, { minLength: 1, maxLength: 4 }), (m, ms) => {
      const decoded = tryDecode(mutate(encodeModule(m), ms));
      if (decoded) stable(decoded);
    }), { numRuns: 1500 });
  });

  it('lazy and eager body decoding agree on mutated modules (same AST or same error)', () => {
    const outcome = (bytes: Uint8Array, eagerBodies: boolean) => {
      try {
        return stripOffsets(decodeModule(bytes, { eagerBodies }));
      } catch (e) {
        if (!(e instanceof CompileError)) throw e;
        return { error: e.message };
      }
    };
    fc.assert(fc.property(arbitraryModule, fc.array(mutation, { minLength: 1, maxLength: 3 }), (m, ms) => {
      const bytes = mutate(encodeModule(m), ms);
      expect(outcome(bytes, false)).toEqual(outcome(bytes, true));
    }), { numRuns: 1000 });
  });

  it('streaming a body gives the same instructions as building it', () => {
    /** A copy of the stream's current instruction with only the fields it has. */
    const snapshot = (i: Instr): Instr => {
      const o: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(i)) if (v !== undefined) o[k] = k === 'mem' ? { ...(v as object) } : v;
      return o as unknown as Instr;
    };
    fc.assert(fc.property(arbitraryModule, (m) => {
      const bytes = encodeModule(m);
      const lazy = decodeModule(bytes);
      const eager = decodeModule(bytes, { eagerBodies: true });
      lazy.funcs.forEach((f, i) => {
        expect(bodySource(f)).toBeDefined();
        const s = streamBody(f);
        const got: Instr[] = [];
        while (s.next()) {
          expect(s.index).toBe(got.length);
          got.push(snapshot(s.cur));
        }
        expect(got).toEqual(eager.funcs[i]!.body);
        // Funcs without a byte source stream their body array.
        const a = streamBody(eager.funcs[i]!);
        let n = 0;
        while (a.next()) expect(a.cur).toBe(eager.funcs[i]!.body[n++]);
        expect(n).toBe(eager.funcs[i]!.body.length);
      });
    }), { numRuns: 300 });
  });

  it('a replaced body is streamed from the array, not the bytes', () => {
    const m = decodeModule(encodeModule({
      ...emptyModuleWithFunc(),
    }));
    const f = m.funcs[0]!;
    f.body = [{ op: 0x01, offset: -1 }, { op: 0x0b, offset: -1 }];
    expect(bodySource(f)).toBeUndefined();
    const s = streamBody(f);
    const ops: number[] = [];
    while (s.next()) ops.push(s.cur.op);
    expect(ops).toEqual([0x01, 0x0b]);
  });

  it('huge declared counts fail fast without allocating', () => {
    // Type section declaring 2^32-1 types in a 6-byte section.
    const bytes = Uint8Array.from([...HEADER, 0x01, 0x05, 0xff, 0xff, 0xff, 0xff, 0x0f]);
    const t0 = performance.now();
    expect(() => decodeModule(bytes)).toThrow('length out of bounds');
    expect(performance.now() - t0).toBeLessThan(100);
  });
});
