import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Func, HeapType, Instr, Module, ValType } from '../src/ast.js';
import { emptyModule } from '../src/ast.js';
import { OPCODES, opcode } from '../src/binary/opcodes.js';
import { CompileError } from '../src/errors.js';
import { parseModuleText, parseWast } from '../src/text/wast.js';
import { TypeContext } from '../src/valid/typectx.js';
import { H_CONCRETE, absHeapCode, mkRef } from '../src/valid/types.js';
import { validateModule } from '../src/valid/validate.js';
import { arbitraryModule } from './arbitrary-module.js';
import { SUITE, SUITE_OR_EMPTY } from './suite-path.js';

/** Validation either succeeds or throws CompileError: never any other exception. */
function validatesOrCompileError(m: Module): boolean {
  try {
    validateModule(m);
    return true;
  } catch (e) {
    if (e instanceof CompileError) return false;
    throw e;
  }
}

describe('robustness', () => {
  it('never throws anything but CompileError on arbitrary well-formed modules', () => {
    fc.assert(fc.property(arbitraryModule, (m) => { validatesOrCompileError(m); }), { numRuns: Number(process.env.VALID_FUZZ_RUNS ?? 300), seed: 42 });
  });

  // Valid modules from the suite, then mutated: close to valid, so mutations reach deep checks.
  const seeds: Module[] = [];
  for (const f of ['br_table.wast', 'struct.wast', 'try_table.wast', 'simd_lane.wast', 'local_init.wast', 'br_on_cast.wast']) {
    const path = `${SUITE_OR_EMPTY}/${f}`;
    let text: string;
    try { text = readFileSync(path, 'utf8'); } catch { continue; }
    for (const c of parseWast(text).commands) {
      if (c.type === 'module' && c.source.kind === 'text' && c.source.module && validatesOrCompileError(c.source.module)) {
        seeds.push(c.source.module);
      }
    }
  }
  const ops = OPCODES.map((o) => o.code);

  // Seeded from suite modules: skipped without the suite.
  it.skipIf(!SUITE)('never throws anything but CompileError on mutated valid modules', () => {
    expect(seeds.length).toBeGreaterThan(5);
    const mutation = fc.record({
      seed: fc.nat(seeds.length - 1),
      func: fc.nat(),
      at: fc.nat(),
      what: fc.constantFrom('op', 'idx', 'idx2', 'delete', 'dup', 'heap', 'block', 'lane'),
      op: fc.constantFrom(...ops),
      n: fc.oneof(fc.nat(5), fc.integer({ min: -1, max: 1000 })),
    });
    fc.assert(fc.property(fc.array(mutation, { minLength: 1, maxLength: 3 }), (muts) => {
      const base = seeds[muts[0].seed];
      const m: Module = { ...base, funcs: base.funcs.map((f) => ({ ...f, body: f.body.map((i) => ({ ...i })) })) };
      for (const mu of muts) {
        if (m.funcs.length === 0) break;
        const f = m.funcs[mu.func % m.funcs.length];
        if (f.body.length === 0) continue;
        const k = mu.at % f.body.length;
        const ins = f.body[k];
        switch (mu.what) {
          case 'op': ins.op = mu.op; break;
          case 'idx': ins.idx = mu.n; break;
          case 'idx2': ins.idx2 = mu.n; break;
          case 'delete': f.body.splice(k, 1); break;
          case 'dup': f.body.splice(k, 0, { ...ins }); break;
          case 'heap': ins.heap = mu.n; break;
          case 'block': ins.blockType = mu.n; break;
          case 'lane': ins.lane = mu.n; break;
        }
      }
      validatesOrCompileError(m);
    }), { numRuns: Number(process.env.VALID_FUZZ_RUNS ?? 2000), seed: 7 });
  });
});

describe('subtyping', () => {
  const m = parseModuleText(`(module
    (type $f (sub (func (param i32))))
    (type $g (sub $f (func (param i32))))
    (type $s (sub (struct (field i32))))
    (type $t (sub $s (struct (field i32) (field i64))))
    (type $u (sub final $t (struct (field i32) (field i64) (field f32))))
    (type $a (sub (array i8)))
    (type $b (sub $a (array i8))))`);
  const tc = new TypeContext(m);
  const heaps: HeapType[] = ['func', 'nofunc', 'extern', 'noextern', 'any', 'eq', 'i31', 'struct', 'array', 'none',
    'exn', 'noexn', 0, 1, 2, 3, 4, 5, 6];
  const code = (h: HeapType) => (typeof h === 'number' ? H_CONCRETE + h : absHeapCode(h));
  const heap = fc.constantFrom(...heaps).map(code);
  const ref = fc.record({ h: heap, n: fc.boolean() }).map(({ h, n }) => mkRef(h, n));

  it('is reflexive and transitive on heap types', () => {
    fc.assert(fc.property(heap, heap, heap, (a, b, c) => {
      expect(tc.heapSub(a, a)).toBe(true);
      if (tc.heapSub(a, b) && tc.heapSub(b, c)) expect(tc.heapSub(a, c)).toBe(true);
    }), { numRuns: 2000 });
  });

  it('is antisymmetric on distinct heap types of this module', () => {
    fc.assert(fc.property(heap, heap, (a, b) => {
      if (a !== b) expect(tc.heapSub(a, b) && tc.heapSub(b, a)).toBe(false);
    }));
  });

  it('keeps each hierarchy between its bottom and top', () => {
    fc.assert(fc.property(heap, heap, (a, b) => {
      expect(tc.heapSub(tc.bottom(a), a)).toBe(true);
      expect(tc.heapSub(a, tc.top(a))).toBe(true);
      if (tc.heapSub(a, b)) expect(tc.top(a)).toBe(tc.top(b));
    }));
  });

  it('orders reference types by nullability and heap', () => {
    fc.assert(fc.property(ref, ref, (x, y) => {
      const nx = (x - 8) & 1, ny = (y - 8) & 1;
      const hx = (x - 8) >> 1, hy = (y - 8) >> 1;
      expect(tc.sub(x, y)).toBe((nx <= ny) && tc.heapSub(hx, hy));
    }));
  });

  it('follows declared supertypes', () => {
    expect(tc.heapSub(code(4), code(2))).toBe(true);
    expect(tc.heapSub(code(2), code(4))).toBe(false);
    expect(tc.heapSub(code(1), code(0))).toBe(true);
    expect(tc.heapSub(code(6), code(5))).toBe(true);
    expect(tc.heapSub(code(6), code('array'))).toBe(true);
    expect(tc.heapSub(code(6), code('struct'))).toBe(false);
    expect(tc.heapSub(code('none'), code(4))).toBe(true);
    expect(tc.heapSub(code('nofunc'), code(4))).toBe(false);
  });
});

describe('stack discipline on straight-line code', () => {
  // A model of a tiny instruction set: what each does to a stack of types, or null when invalid.
  type T = 'i32' | 'i64';
  interface Step { name: string; apply(s: T[]): T[] | null }
  const unary = (name: string, from: T, to: T): Step => ({
    name, apply: (s) => (s.length >= 1 && s[s.length - 1] === from ? [...s.slice(0, -1), to] : null),
  });
  const binary = (name: string, t: T): Step => ({
    name, apply: (s) => (s.length >= 2 && s[s.length - 1] === t && s[s.length - 2] === t ? [...s.slice(0, -2), t] : null),
  });
  const steps: Step[] = [
    { name: 'i32.const', apply: (s) => [...s, 'i32'] },
    { name: 'i64.const', apply: (s) => [...s, 'i64'] },
    binary('i32.add', 'i32'), binary('i64.mul', 'i64'),
    unary('i32.wrap_i64', 'i64', 'i32'), unary('i64.extend_i32_u', 'i32', 'i64'), unary('i32.eqz', 'i32', 'i32'),
    { name: 'drop', apply: (s) => (s.length >= 1 ? s.slice(0, -1) : null) },
    {
      name: 'select', apply: (s) => {
        const n = s.length;
        return n >= 3 && s[n - 1] === 'i32' && s[n - 2] === s[n - 3] ? [...s.slice(0, -3), s[n - 2]] : null;
      },
    },
  ];

  function instr(name: string): Instr {
    const op = opcode(name);
    if (name === 'i32.const') return { op, offset: -1, value: 1 };
    if (name === 'i64.const') return { op, offset: -1, value: 1n };
    return { op, offset: -1 };
  }

  it('agrees with the model on validity, heights, max height and drop operand types', () => {
    const prog = fc.record({
      steps: fc.array(fc.nat(steps.length - 1), { maxLength: 30 }),
      result: fc.constantFrom<T[]>([], ['i32'], ['i64'], ['i32', 'i64']),
    });
    fc.assert(fc.property(prog, ({ steps: idxs, result }) => {
      let stack: T[] | null = [];
      const heights: number[] = [];
      const dropTypes: (T | undefined)[] = [];
      let max = 0;
      for (const k of idxs) {
        if (stack === null) break;
        heights.push(stack.length);
        dropTypes.push(steps[k].name === 'drop' || steps[k].name === 'select' ? stack[stack.length - (steps[k].name === 'drop' ? 1 : 2)] : undefined);
        stack = steps[k].apply(stack);
        if (stack) max = Math.max(max, stack.length);
      }
      const validModel = stack !== null && stack.length === result.length && stack.every((t, i) => t === result[i]);

      const m = emptyModule();
      m.types.push({ final: true, supers: [], comp: { kind: 'func', params: [], results: result as ValType[] } });
      m.recGroups.push(1);
      const body: Instr[] = [...idxs.map((k) => instr(steps[k].name)), { op: 0x0b, offset: -1 }];
      const f: Func = { type: 0, locals: [], body };
      m.funcs.push(f);
      let info;
      try {
        info = validateModule(m).funcs[0];
      } catch (e) {
        if (!(e instanceof CompileError)) throw e;
        expect(validModel, (e as Error).message).toBe(false);
        return;
      }
      expect(validModel).toBe(true);
      expect(Array.from(info.heights.subarray(0, idxs.length))).toEqual(heights);
      expect(info.heights[idxs.length]).toBe(result.length);
      expect(info.maxHeight).toBe(max);
      idxs.forEach((_, i) => { if (dropTypes[i] !== undefined) expect(info.operandTypes[i]).toBe(dropTypes[i]); });
    }), { numRuns: 1000, seed: 3 });
  });
});

describe.skipIf(!SUITE)('block structure facts on the suite\'s valid functions', () => {
  const files = ['block.wast', 'br.wast', 'br_if.wast', 'br_table.wast', 'if.wast', 'loop.wast', 'labels.wast',
    'stack.wast', 'unreached-valid.wast', 'try_table.wast', 'legacy/try_catch.wast', 'legacy/try_delegate.wast',
    'local_init.wast', 'br_on_cast.wast', 'br_on_null.wast', 'return_call.wast', 'func.wast'];
  const modules: Module[] = [];
  for (const f of files) {
    let text: string;
    try { text = readFileSync(`${SUITE_OR_EMPTY}/${f}`, 'utf8'); } catch { continue; }
    for (const c of parseWast(text).commands) {
      if (c.type === 'module' && c.source.kind === 'text' && c.source.module) modules.push(c.source.module);
    }
  }
  const OPENERS = new Set([0x02, 0x03, 0x04, 0x06, 0x1f]);

  it('ends/elses match the bracket structure and heights agree across each block', () => {
    expect(modules.length).toBeGreaterThan(20);
    let checkedBlocks = 0;
    for (const m of modules) {
      let info;
      try { info = validateModule(m); } catch { continue; }
      m.funcs.forEach((f, fi) => {
        const fin = info.funcs[fi];
        const body = f.body;
        // Independent bracket matching (delegate closes a try like end).
        const open: number[] = [];
        const wantEnd = new Int32Array(body.length).fill(-1);
        const wantElse = new Int32Array(body.length).fill(-1);
        body.forEach((ins, i) => {
          if (OPENERS.has(ins.op)) open.push(i);
          else if (ins.op === 0x05) wantElse[open[open.length - 1]] = i;
          else if ((ins.op === 0x0b || ins.op === 0x18) && open.length > 0) wantEnd[open.pop()!] = i;
        });
        expect(Array.from(fin.ends)).toEqual(Array.from(wantEnd));
        expect(Array.from(fin.elses)).toEqual(Array.from(wantElse));
        // Heights: after a reachable block's end the stack holds what it held before
        // the block minus its params, plus its results.
        body.forEach((ins, i) => {
          const e = wantEnd[i];
          if (e < 0 || fin.heights[i] < 0 || e + 1 >= body.length || ins.op === 0x06) return;
          const bt = ins.blockType;
          let np = 0, nr = 0;
          if (typeof bt === 'number') {
            const c = m.types[bt].comp;
            if (c.kind === 'func') { np = c.params.length; nr = c.results.length; }
          } else if (bt !== null && bt !== undefined) nr = 1;
          const cond = ins.op === 0x04 ? 1 : 0;
          expect(fin.heights[i + 1]).toBe(fin.heights[i] - cond);
          const after = fin.heights[e + 1];
          // The code after the block may itself be unreachable only if the block never ends normally.
          if (after >= 0) expect(after).toBe(fin.heights[i] - cond - np + nr);
          checkedBlocks++;
        });
        expect(fin.maxHeight).toBeGreaterThanOrEqual(Math.max(0, ...Array.from(fin.heights)));
      });
    }
    expect(checkedBlocks).toBeGreaterThan(200);
  });
});
