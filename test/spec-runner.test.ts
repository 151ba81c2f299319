// The spec runner's parts: the independent command counter, result matching,
// message rules, and whole runs of the hand-written scripts in test/fixtures/wast.

import { mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { topLevelForms } from '../src/cli/wast-forms.js';
import { compareResults, isNanOfClass, matches, type RefInspector } from '../src/cli/wast-expect.js';
import { messageMatches, plainMessage, runScript, runWastText, type RunMode } from '../src/cli/wast-runner.js';
import { loadEngine } from '../src/cli/engine.js';
import { collectWastFiles, findSuite } from '../src/cli/wast-files.js';
import { skipReason } from '../src/cli/wast-skips.js';
import { CompileError, RuntimeError } from '../src/errors.js';
import type { RawValue } from '../src/exec/value.js';

const FIXTURES = join(import.meta.dirname, 'fixtures', 'wast');

describe('topLevelForms', () => {
  it('skips comments, strings and annotations', () => {
    const text = [
      ';; (module) in a line comment',
      '(; (module) (; nested ;) in a block comment ;)',
      '(module $m (func (export "a(b") (result i32) (i32.const 1)))',
      '(@annotation (module))',
      '( ;; comment before the head',
      '  assert_return (invoke "a(b") (i32.const 1))',
      '((@a) register (@a) "M" $m)',
      '(assert_malformed (module quote "(func") "unexpected end")',
    ].join('\n');
    expect(topLevelForms(text)).toEqual([
      { head: 'module', line: 3 },
      { head: 'assert_return', line: 5 },
      { head: 'register', line: 7 },
      { head: 'assert_malformed', line: 8 },
    ]);
  });

  it('counts a script of bare module fields as one module', () => {
    expect(topLevelForms('(func) (memory 0)\n(func (export "f"))')).toEqual([{ head: 'module', line: 1 }]);
  });

  it('counts every generated command once, whatever the padding between them', () => {
    const command = fc.constantFrom(
      '(module (func (export "f")))', '(assert_return (invoke "f" (i32.const 1)) (i32.const 2))',
      '(register "x")', '(assert_trap (invoke "a\\")(") "unreachable")', '(invoke "g")',
      '(assert_malformed (module quote "(module") ")" ) "unexpected")',
    );
    const padding = fc.constantFrom(' ', '\n', ';; (module)\n', '(; ( ;)', '(; (; ) ;) ;)', '\t\n  ');
    fc.assert(fc.property(fc.array(fc.tuple(padding, command), { maxLength: 20 }), (items) => {
      const text = items.map(([p, c]) => p + c).join('');
      expect(topLevelForms(text).length).toBe(items.length);
    }));
  });
});

const refs: RefInspector = {
  refKind: (r) => (r === null ? 'null' : typeof r === 'function' ? 'func' : 'host'),
  isHostRef: (r, n) => typeof r === 'object' && r !== null && (r as { n?: number }).n === n,
};

describe('result matching', () => {
  it('classifies NaNs by bits: canonical implies arithmetic, and both need all exponent bits', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 0xffffffff }), (bits) => {
      const canonical = isNanOfClass(bits, 32, 'canonical');
      const arithmetic = isNanOfClass(bits, 32, 'arithmetic');
      if (canonical) expect(arithmetic).toBe(true);
      expect(arithmetic).toBe((bits & 0x7fc00000) === 0x7fc00000);
      expect(canonical).toBe((bits & 0x7fffffff) === 0x7fc00000);
    }));
    fc.assert(fc.property(fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }), (bits) => {
      expect(isNanOfClass(bits, 64, 'arithmetic')).toBe((bits & 0x7ff8000000000000n) === 0x7ff8000000000000n);
      expect(isNanOfClass(bits, 64, 'canonical')).toBe((bits & 0x7fffffffffffffffn) === 0x7ff8000000000000n);
    }));
  });

  it('compares floats by bit pattern, so -0 differs from 0 and NaN payloads matter', () => {
    const negZero: RawValue = { type: 'f64', bits: 0x8000000000000000n };
    expect(matches({ kind: 'value', value: { type: 'f64', bits: 0n } }, negZero, refs)).toBe(false);
    expect(matches({ kind: 'value', value: { type: 'f64', bits: 0x8000000000000000n } }, negZero, refs)).toBe(true);
    expect(matches({ kind: 'value', value: { type: 'f32', bits: 0x7fc00001 } }, { type: 'f32', bits: 0x7fc00000 }, refs)).toBe(false);
  });

  it('treats i32 and i64 values modulo their width', () => {
    expect(matches({ kind: 'value', value: { type: 'i32', value: 0xffffffff } }, { type: 'i32', value: -1 }, refs)).toBe(true);
    expect(matches({ kind: 'value', value: { type: 'i64', value: 2n ** 64n - 1n } }, { type: 'i64', value: -1n }, refs)).toBe(true);
    expect(matches({ kind: 'value', value: { type: 'i32', value: 1 } }, { type: 'i64', value: 1n }, refs)).toBe(false);
  });

  it('matches v128 lanes by shape, with NaN patterns per lane', () => {
    const bytes = new Uint8Array(16);
    const dv = new DataView(bytes.buffer);
    dv.setUint32(0, 0x7fc00000, true);
    dv.setFloat32(4, 1.5, true);
    dv.setUint32(8, 0x7fe00000, true);
    dv.setFloat32(12, -0, true);
    const v: RawValue = { type: 'v128', bytes };
    const lanes = (third: 'canonical' | 'arithmetic') => [
      { kind: 'nan' as const, nan: 'canonical' as const },
      { kind: 'float' as const, bits: 0x3fc00000n },
      { kind: 'nan' as const, nan: third },
      { kind: 'float' as const, bits: 0x80000000n },
    ];
    expect(matches({ kind: 'v128', shape: 'f32x4', lanes: lanes('arithmetic') }, v, refs)).toBe(true);
    expect(matches({ kind: 'v128', shape: 'f32x4', lanes: lanes('canonical') }, v, refs)).toBe(false);
    const ints = [0x7fc00000n, 0x3fc00000n, 0x7fe00000n, 0x80000000n].map((value) => ({ kind: 'int' as const, value }));
    expect(matches({ kind: 'v128', shape: 'i32x4', lanes: ints }, v, refs)).toBe(true);
    expect(matches({ kind: 'v128', shape: 'i64x2', lanes: [{ kind: 'int', value: 0x3fc000007fc00000n }, { kind: 'int', value: 0x800000007fe00000n }] }, v, refs)).toBe(true);
  });

  it('matches references by kind and host number, and either by any option', () => {
    const host3 = { n: 3 };
    expect(matches({ kind: 'ref', ref: 'extern', value: 3 }, { type: 'ref', ref: host3 }, refs)).toBe(true);
    expect(matches({ kind: 'ref', ref: 'extern', value: 4 }, { type: 'ref', ref: host3 }, refs)).toBe(false);
    expect(matches({ kind: 'ref', ref: 'extern' }, { type: 'ref', ref: host3 }, refs)).toBe(true);
    expect(matches({ kind: 'ref', ref: 'null' }, { type: 'ref', ref: host3 }, refs)).toBe(false);
    expect(matches({ kind: 'ref', ref: 'null' }, { type: 'ref', ref: null }, refs)).toBe(true);
    const either = { kind: 'either' as const, options: [{ kind: 'value' as const, value: { type: 'i32' as const, value: 1 } }, { kind: 'value' as const, value: { type: 'i32' as const, value: 2 } }] };
    expect(matches(either, { type: 'i32', value: 2 }, refs)).toBe(true);
    expect(matches(either, { type: 'i32', value: 3 }, refs)).toBe(false);
  });

  it('requires the same number of results', () => {
    const one = [{ kind: 'value' as const, value: { type: 'i32' as const, value: 1 } }];
    expect(compareResults(one, [], refs)).toMatch(/expected i32:1, got \(nothing\)/);
    expect(compareResults(one, [{ type: 'i32', value: 1 }, { type: 'i32', value: 1 }], refs)).not.toBeNull();
    expect(compareResults(one, [{ type: 'i32', value: 1 }], refs)).toBeNull();
  });
});

describe('messages', () => {
  it('strips byte offsets, trap locations and line:column prefixes', () => {
    expect(plainMessage(new CompileError('unexpected end', 12))).toBe('unexpected end');
    expect(plainMessage(new RuntimeError('integer divide by zero', 3, 'f', 40, []))).toBe('integer divide by zero');
    expect(plainMessage(new CompileError('3:17: unknown operator i32.bogus'))).toBe('unknown operator i32.bogus');
    expect(plainMessage(new CompileError('x.wast:3:17: unknown operator'))).toBe('unknown operator');
  });

  it('matches by prefix only', () => {
    expect(messageMatches('unknown operator i32.bogus', 'unknown operator')).toBe(true);
    expect(messageMatches('type mismatch in block', 'type mismatch')).toBe(true);
    expect(messageMatches('an unknown operator', 'unknown operator')).toBe(false);
  });
});

function runFixture(name: string, mode: RunMode = 'full') {
  return loadEngine().then((engine) => runWastText(engine, readFileSync(join(FIXTURES, name), 'utf8'), name, { mode }));
}

const counts = (r: { passed: number; failed: number; skipped: number }) => ({ passed: r.passed, failed: r.failed, skipped: r.skipped });

describe('running fixture scripts', () => {
  it('basic.wast: values, traps, exhaustion, registration, spectest, module assertions', async () => {
    const r = await runFixture('basic.wast');
    const failedLines = r.outcomes.filter((o) => o.status === 'failed').map((o) => o.line);
    expect({ ...counts(r), failedLines }).toEqual({ passed: 20, failed: 4, skipped: 1, failedLines: [13, 16, 20, 36] });
    expect(r.outcomes.find((o) => o.line === 20)!.detail).toContain('expected message "integer overflow", got "integer divide by zero"');
    expect(r.outcomes.find((o) => o.line === 36)!.detail).toContain('but the module was accepted');
  });

  it('basic.wast in validation mode runs only modules, assert_invalid and binary assert_malformed', async () => {
    expect(counts(await runFixture('basic.wast', 'validation'))).toEqual({ passed: 4, failed: 1, skipped: 20 });
  });

  it('values.wast: v128 lanes, NaN classes, references, either', async () => {
    const r = await runFixture('values.wast');
    expect(counts(r)).toEqual({ passed: 13, failed: 6, skipped: 0 });
  });

  it('spectest.wast: the spectest module\'s globals, memory (1, max 2), table (10, max 20) and prints', async () => {
    const r = await runFixture('spectest.wast');
    expect(r.outcomes.filter((o) => o.status !== 'passed')).toEqual([]);
    expect(counts(r)).toEqual({ passed: 10, failed: 0, skipped: 0 });
  });

  it('an unparsable script fails every command instead of counting zero', async () => {
    const r = await runFixture('unparsable.wast');
    expect(counts(r)).toEqual({ passed: 0, failed: 3, skipped: 0 });
    expect(r.outcomes[0]!.detail).toMatch(/could not be parsed/);
  });

  it('text with no command at all that does not parse still fails once', async () => {
    const engine = await loadEngine();
    expect(counts(runWastText(engine, 'this is not wast', 'junk.wast'))).toEqual({ passed: 0, failed: 1, skipped: 0 });
    expect(counts(runWastText(engine, ';; only a comment\n', 'empty.wast'))).toEqual({ passed: 0, failed: 0, skipped: 0 });
  });

  it('a script of bare module fields is one module command', async () => {
    expect(counts(await runFixture('inline.wast'))).toEqual({ passed: 1, failed: 0, skipped: 0 });
  });

  it('counts a form the parser produced no command for as failed, also when forms share a line', async () => {
    const engine = await loadEngine();
    const text = '(module (func (export "f")))\n(invoke "f") (invoke "f")\n';
    const script = engine.parseWast(text);
    expect(script.commands).toHaveLength(3);
    script.commands.splice(2, 1);
    const r = runScript(engine, script, {}, topLevelForms(text));
    expect(counts(r)).toEqual({ passed: 2, failed: 1, skipped: 0 });
    expect(r.outcomes.find((o) => o.status === 'failed')!.detail).toMatch(/produced no command/);
  });

  it('accounts for every top-level command of every fixture exactly once', async () => {
    for (const name of readdirSync(FIXTURES).filter((n) => n.endsWith('.wast'))) {
      for (const mode of ['full', 'validation'] as const) {
        const r = await runFixture(name, mode);
        const forms = topLevelForms(readFileSync(join(FIXTURES, name), 'utf8')).length;
        expect(r.passed + r.failed + r.skipped, `${name} (${mode})`).toBe(forms);
        expect(r.outcomes.length).toBe(forms);
      }
    }
  });
});

describe('finding scripts', () => {
  it('expands folders recursively in sorted order, keyed by path relative to the folder', () => {
    const root = mkdtempSync(join(tmpdir(), 'wast-files-'));
    mkdirSync(join(root, 'b', 'c'), { recursive: true });
    for (const f of ['z.wast', 'a.wast', 'b/c/d.wast', 'b/x.txt', 'b/a.wast']) writeFileSync(join(root, f), '');
    expect(collectWastFiles([root]).map((f) => f.key)).toEqual(['a.wast', 'b/a.wast', 'b/c/d.wast', 'z.wast']);
    expect(collectWastFiles([join(root, 'b', 'c', 'd.wast')]).map((f) => f.key)).toEqual(['d.wast']);
    expect(() => collectWastFiles([join(root, 'missing')])).toThrow(/no such file or directory/);
  });

  it('looks for the suite in spec-tests/testsuite first, then ../shared/testsuite', () => {
    const parent = mkdtempSync(join(tmpdir(), 'wast-suite-'));
    const repo = join(parent, 'repo');
    mkdirSync(join(repo, 'spec-tests', 'testsuite'), { recursive: true });
    expect(findSuite(repo)).toBeUndefined(); // an empty folder is not a suite
    mkdirSync(join(parent, 'shared', 'testsuite'), { recursive: true });
    writeFileSync(join(parent, 'shared', 'testsuite', 'i32.wast'), '');
    expect(findSuite(repo)).toBe(join(repo, '..', 'shared', 'testsuite'));
    writeFileSync(join(repo, 'spec-tests', 'testsuite', 'i32.wast'), '');
    expect(findSuite(repo)).toBe(join(repo, 'spec-tests', 'testsuite'));
  });
});

describe('the runner is strict: a wrong engine fails', () => {
  const suite = findSuite();
  const i32 = suite ? readFileSync(join(suite, 'i32.wast'), 'utf8') : undefined;
  const sample = i32 ?? readFileSync(join(FIXTURES, 'basic.wast'), 'utf8');

  it('fails results that are off by one bit', async () => {
    const engine = await loadEngine();
    const honest = runWastText(engine, sample, 'sample.wast');
    const flipped = runWastText({
      ...engine,
      invokeExport: (inst, name, args) => engine.invokeExport(inst, name, args).map((v) => (v.type === 'i32' ? { type: 'i32', value: v.value ^ 1 } : v)),
    }, sample, 'sample.wast');
    expect(flipped.failed).toBeGreaterThan(honest.failed);
  });

  it('fails assert_invalid when the validator accepts everything, and assert_trap when nothing traps', async () => {
    const engine = await loadEngine();
    const text = readFileSync(join(FIXTURES, 'basic.wast'), 'utf8');
    // Validation mode validates with engine.validateModule alone.
    const lax = runWastText({ ...engine, validateModule: () => ({ funcs: [], funcTypes: [], typeKeys: [] }) }, text, 'basic.wast', { mode: 'validation' });
    const invalid = lax.outcomes.filter((o) => o.command === 'assert_invalid');
    expect(invalid.map((o) => o.status)).toEqual(['failed', 'failed']);
    const noTraps = runWastText({
      ...engine,
      invokeExport: (inst, name, args) => {
        try { return engine.invokeExport(inst, name, args); } catch { return []; }
      },
    }, text, 'basic.wast');
    expect(noTraps.outcomes.filter((o) => (o.command === 'assert_trap' || o.command === 'assert_exhaustion') && o.line < 25).map((o) => o.status)).toEqual(['failed', 'failed', 'failed']);
  });
});

describe('skip rules', () => {
  it('skip only the named proposal\'s assertions that contradict WebAssembly 3.0', () => {
    expect(skipReason('/x/testsuite/proposals/threads/memory.wast', 'assert_invalid', 'multiple memories')).toMatch(/multi-memory/);
    expect(skipReason('proposals/threads/memory.wast', 'assert_malformed', 'i32 constant out of range')).toMatch(/memory64/);
    // The same assertion elsewhere, or another message or command, runs.
    expect(skipReason('/x/testsuite/memory.wast', 'assert_invalid', 'multiple memories')).toBeUndefined();
    expect(skipReason('proposals/threads/memory.wast', 'assert_invalid', 'memory size')).toBeUndefined();
    expect(skipReason('proposals/threads/memory.wast', 'assert_malformed', 'multiple memories')).toBeUndefined();
  });
});
