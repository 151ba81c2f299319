// The built-in env module: printf-family output checked against the same C
// compiled natively (glibc), host-managed malloc, linker globals, traps.

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { env } from '../src/host/env.js';
import { formatPrintf, type PrintfArgs } from '../src/host/printf.js';
import { HostHeap } from '../src/host/heap.js';
import { emptyModule, type Module } from '../src/ast.js';
import { RuntimeError } from '../src/errors.js';
import { FIXTURES, fixture, nativeImports, nativeLinearMemory } from './fixtures/wasi/harness.js';

/** Expected text: compile env_printf.c natively now when a C compiler is here, else the committed copy. */
function expectedPrintfOutput(): string {
  for (const cc of ['gcc', 'clang-16', 'cc']) {
    try {
      const exe = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'wagonette-cc-')), 'env_printf');
      execFileSync(cc, ['-O2', '-w', '-o', exe, path.join(FIXTURES, 'env_printf.c')], { stdio: 'ignore' });
      try { execFileSync(exe, { encoding: 'utf8' }); } catch (e) { return (e as { stdout: string }).stdout; }
      throw new Error('native env_printf should exit with 7');
    } catch (e) {
      if ((e as Error).message.includes('should exit')) throw e;
    }
  }
  return fs.readFileSync(path.join(FIXTURES, 'env_printf.expected.txt'), 'utf8');
}

function runEnvPrintf(): { stdout: string; result: number; heap: HostHeap } {
  const chunks: Uint8Array[] = [];
  const e = env({ stdout: (b) => chunks.push(b) });
  const mod = new WebAssembly.Module(fixture('env_printf.wasm'));
  const memImport = WebAssembly.Module.imports(mod).find((i) => i.kind === 'memory');
  expect(memImport).toBeDefined();
  const memory = new WebAssembly.Memory({ initial: 2 });
  let inst!: WebAssembly.Instance;
  inst = new WebAssembly.Instance(mod, nativeImports(mod, [e], { env: { memory } }, () => inst));
  const result = (inst.exports.main as () => number)();
  return { stdout: Buffer.concat(chunks).toString('utf8'), result, heap: e.heap };
}

describe('env printf program', () => {
  it('prints exactly what native glibc printf prints', () => {
    const { stdout, result } = runEnvPrintf();
    expect(result).toBe(7);
    expect(stdout).toBe(expectedPrintfOutput());
  });

  it('leaves only the blocks the program did not free', () => {
    const { heap } = runEnvPrintf();
    // 25 blocks of 24 bytes (rounded to 32) and 25 odd-numbered blocks stay allocated.
    let expected = 25 * 32;
    for (let i = 1; i < 50; i += 2) expected += Math.ceil((16 + i * 8) / 16) * 16;
    expect(heap.allocatedBytes).toBe(expected);
  });
});

/** Arguments from a list, for formatPrintf unit tests. */
function listArgs(values: (number | bigint)[]): PrintfArgs {
  let i = 0;
  const dv = new DataView(new ArrayBuffer(8));
  return {
    int32: () => Number(values[i++]),
    int64: () => BigInt(values[i++]!),
    float64Bits: () => { dv.setFloat64(0, Number(values[i++])); return dv.getBigUint64(0); },
  };
}

function fmt(f: string, ...values: (number | bigint)[]): string {
  return new TextDecoder().decode(formatPrintf(new TextEncoder().encode(f), { args: listArgs(values), cstring: () => new Uint8Array() }));
}

describe('formatPrintf', () => {
  it('agrees with JS exact conversions: %.Nf and %.Ne match toFixed/toExponential except at exact ties', () => {
    fc.assert(fc.property(fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e20, max: 1e20 }), fc.integer({ min: 0, max: 20 }), (x, p) => {
      const sign = Object.is(x, -0) || x < 0 ? '-' : '';
      const abs = Math.abs(x);
      // toFixed/toExponential round ties away from zero; ties are exactly representable halves, rare in random doubles.
      const jsF = sign + abs.toFixed(p);
      const gotF = fmt(`%.${p}f`, x);
      if (gotF !== jsF) expect(isExactTie(abs, p)).toBe(true);
      const jsE = sign + abs.toExponential(p).replace(/e([+-])(\d)$/, 'e$10$2');
      const gotE = fmt(`%.${p}e`, x);
      if (gotE !== jsE) expect(gotE.replace(/\d/g, 'd')).toBe(jsE.replace(/\d/g, 'd'));
    }), { numRuns: 2000 });
  });

  it('rounds ties to even as glibc does', () => {
    expect(fmt('%.0f %.0f %.0f %.0f %.1f %.2f', 0.5, 1.5, 2.5, -0.5, 0.25, 1.125)).toBe('0 2 2 -0 0.2 1.12');
  });

  it('prints integers of every length with flags', () => {
    expect(fmt('%hhd|%hu|%lld|%llu|%#o|%#X|%+.3d|% 5i|%-4u|', 0x1ff, -1, -(2n ** 63n), -1n, 0, 0xab, 5, 42, 7))
      .toBe('-1|65535|-9223372036854775808|18446744073709551615|0|0XAB|+005|   42|7   |');
  });

  it('handles width and precision from arguments, and unknown conversions literally', () => {
    expect(fmt('[%*.*f] [%-*d] [%y] [%', 9, 2, 3.14159, 4, 1)).toBe('[     3.14] [1   ] [%y] [%');
  });
});

/** A native C compiler, when this machine has one. */
function nativeCompiler(): string | null {
  for (const cc of ['gcc', 'clang-16', 'cc']) {
    try { execFileSync(cc, ['--version'], { stdio: 'ignore' }); return cc; } catch { /* next */ }
  }
  return null;
}

describe('formatPrintf against native glibc printf', () => {
  const cc = nativeCompiler();
  it.skipIf(!cc)('agrees on thousands of random conversions', () => {
    const exe = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'wagonette-oracle-')), 'oracle');
    execFileSync(cc!, ['-O1', '-w', '-o', exe, path.join(FIXTURES, 'printf_oracle.c')]);
    type Case = { type: 'i' | 'l' | 'd' | 's'; fmt: string; value: string; args: (number | bigint)[]; str?: string };
    const flagsArb = fc.subarray(['-', '+', ' ', '#', '0']);
    const widthArb = fc.oneof(fc.constant(''), fc.integer({ min: 0, max: 25 }).map(String));
    const precArb = fc.oneof(fc.constant(''), fc.integer({ min: 0, max: 20 }).map((p) => `.${p}`), fc.constant('.'));
    const bitsArb = fc.oneof(
      fc.double().map((d) => { const v = new DataView(new ArrayBuffer(8)); v.setFloat64(0, d); return v.getBigUint64(0); }),
      fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }),
      fc.constantFrom(0x3fe0000000000000n, 0x4004000000000000n, 0x3fb999999999999an, 0x7ff8000000000000n, 0xfff8000000000000n, 0x8000000000000000n, 1n));
    const caseArb: fc.Arbitrary<Case> = fc.tuple(flagsArb, widthArb, precArb,
      fc.constantFrom('d', 'i', 'u', 'x', 'X', 'o', 'c', 's', 'f', 'F', 'e', 'E', 'g', 'G', 'a', 'A'),
      fc.constantFrom('', 'hh', 'h', 'll', 'j'),
      fc.integer(), fc.bigInt({ min: -(2n ** 63n), max: 2n ** 64n - 1n }), bitsArb,
      fc.string({ maxLength: 30 }).map((t) => t.replace(/[\t\n%\r\\]/g, '_')))
      .map(([flags, width, prec, conv, len, i, big, bits, str]) => {
        // Only combinations C defines: no '#' on d/i/u/c/s, no '0' or precision on c/s... (see C11 7.21.6.1).
        let f = flags;
        if ('diucs'.includes(conv)) f = f.filter((x) => x !== '#');
        if ('cs'.includes(conv)) f = f.filter((x) => x !== '0');
        const p = conv === 'c' ? '' : prec;
        const spec = `%${f.join('')}${width}${p}`;
        if (conv === 's') return { type: 's', fmt: `[${spec}s]`, value: str, args: [], str };
        if ('fFeEgGaA'.includes(conv)) return { type: 'd', fmt: `[${spec}${conv}]`, value: bits.toString(16).padStart(16, '0'), args: [bits] };
        if (conv === 'c') return { type: 'i', fmt: `[${spec}c]`, value: String(32 + (Math.abs(i) % 95)), args: [32 + (Math.abs(i) % 95)] };
        if (len === 'll' || len === 'j') {
          const v = BigInt.asIntN(64, big);
          return { type: 'l', fmt: `[${spec}${len}${conv}]`, value: BigInt.asUintN(64, v).toString(), args: [v] };
        }
        return { type: 'i', fmt: `[${spec}${len}${conv}]`, value: String(i), args: [i] };
      });
    const cases = fc.sample(caseArb, { numRuns: 6000, seed: 20261122 });
    const input = cases.map((c) => `${c.type}\t${c.fmt}\t${c.value}\n`).join('');
    const native = execFileSync(exe, { input, encoding: 'latin1', maxBuffer: 64 << 20 }).split('\n');
    const mismatches: string[] = [];
    cases.forEach((c, k) => {
      let idx = 0;
      const args: PrintfArgs = {
        int32: () => Number(c.args[idx++] ?? 0) | 0,
        int64: () => BigInt(c.args[idx++] ?? 0),
        float64Bits: () => BigInt(c.args[idx++] ?? 0),
      };
      const strBytes = new TextEncoder().encode(c.str ?? '');
      const out = formatPrintf(new TextEncoder().encode(c.fmt), {
        args: c.type === 's' ? { ...args, int32: () => 1 } : args,
        cstring: (_p, max) => strBytes.subarray(0, Math.min(strBytes.length, max)),
      });
      const ours = Buffer.from(out).toString('latin1');
      if (ours !== native[k]) mismatches.push(`${c.fmt} ${c.value}: ours ${JSON.stringify(ours)} native ${JSON.stringify(native[k])}`);
    });
    expect(mismatches.slice(0, 10)).toEqual([]);
  }, 60_000);
});

/** Is |x| * 10^p exactly halfway between two integers? */
function isExactTie(x: number, p: number): boolean {
  const dv = new DataView(new ArrayBuffer(8));
  dv.setFloat64(0, x);
  const bits = dv.getBigUint64(0);
  const e = Number((bits >> 52n) & 0x7ffn);
  const mant = e === 0 ? bits & ((1n << 52n) - 1n) : (bits & ((1n << 52n) - 1n)) | (1n << 52n);
  const exp = e === 0 ? -1074 : e - 1075;
  let num = mant * 10n ** BigInt(p) * 2n, den = 1n;
  if (exp >= 0) num <<= BigInt(exp); else den <<= BigInt(-exp);
  return num % den === 0n && (num / den) % 2n === 1n;
}

describe('HostHeap', () => {
  it('never hands out overlapping or NULL blocks, and reuses freed space', () => {
    fc.assert(fc.property(fc.array(fc.oneof(fc.integer({ min: 0, max: 5000 }), fc.constant(-1)), { maxLength: 200 }), (ops) => {
      const mem = new WebAssembly.Memory({ initial: 1, maximum: 400 });
      const lm = nativeLinearMemory(mem);
      const heap = new HostHeap();
      const live: { p: number; n: number }[] = [];
      for (const op of ops) {
        if (op < 0) {
          const victim = live.splice(live.length >> 1, 1)[0];
          if (victim) expect(heap.freeBlock(victim.p)).toBe(true);
          continue;
        }
        const p = heap.malloc(lm, op);
        expect(p).not.toBe(0);
        expect(p % 16).toBe(0);
        expect(p + op).toBeLessThanOrEqual(mem.buffer.byteLength);
        // The first initial page belongs to the module: the heap only uses pages it grew.
        expect(p).toBeGreaterThanOrEqual(65536);
        for (const q of live) expect(p + Math.max(op, 1) <= q.p || q.p + Math.max(q.n, 1) <= p).toBe(true);
        live.push({ p, n: op });
      }
      for (const q of live) expect(heap.freeBlock(q.p)).toBe(true);
      expect(heap.allocatedBytes).toBe(0);
      expect(heap.freeBlock(12345)).toBe(false);
    }), { numRuns: 200 });
  });
});

describe('env resolver', () => {
  const importer = (): Module => {
    const m = emptyModule();
    m.types.push({ final: true, supers: [], comp: { kind: 'func', params: ['i32'], results: [] } });
    m.imports.push({ module: 'env', name: 'memory', desc: { kind: 'memory', type: { address: 'i32', limits: { min: 3, max: null }, shared: false } } });
    return m;
  };

  it('supplies linker globals and adopts the importer\'s declared function type', () => {
    const e = env();
    const m = importer();
    const g = (name: string) => e.resolve({ module: 'env', name, desc: { kind: 'global', type: { type: 'i32', mutable: false } }, importer: m });
    expect(g('__memory_base')).toBe(1024);
    expect(g('__table_base')).toBe(1);
    expect(g('__stack_pointer')).toBe(3 * 65536);
    const puts = e.resolve({ module: 'env', name: 'puts', desc: { kind: 'func', type: 0 }, importer: m }) as { results: unknown[] };
    expect(puts.results).toEqual([]);
    expect(e.resolve({ module: 'env', name: 'no_such_thing', desc: { kind: 'func', type: 0 }, importer: m })).toBeUndefined();
    expect(e.resolve({ module: 'other', name: 'puts', desc: { kind: 'func', type: 0 }, importer: m })).toBeUndefined();
  });

  it('traps on abort and on a bad free, and reports out-of-bounds pointers as traps', () => {
    const e = env({ stdout: () => {} });
    const m = importer();
    const mem = new WebAssembly.Memory({ initial: 1 });
    const caller = { instance: null, memory: () => nativeLinearMemory(mem), getExport: () => undefined };
    const fn = (name: string) => (e.resolve({ module: 'env', name, desc: { kind: 'func', type: 0 }, importer: m }) as { impl: (...a: unknown[]) => unknown }).impl;
    expect(() => fn('abort')(caller)).toThrow(RuntimeError);
    expect(() => fn('free')(caller, 64)).toThrow(/free\(\): invalid pointer/);
    expect(() => fn('puts')(caller, 70000)).toThrow(/out of bounds memory access/);
    expect(() => fn("printf")(caller, 70000, 0)).toThrow(RuntimeError);
  });
});
