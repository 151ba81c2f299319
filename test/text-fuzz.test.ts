// Bad text never crashes the front end: mutated suite modules and pathological
// nesting raise CompileError (TextError), never a JS TypeError/RangeError.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { parseWast, parseWat } from '../src/text/index.js';
import { CompileError } from '../src/errors.js';
import { TextError } from '../src/text/lexer.js';
import { SUITE } from './suite-path.js';

const SOURCES = ['block.wast', 'simd_lane.wast', 'struct.wast', 'elem.wast', 'try_table.wast', 'legacy/try_catch.wast', 'annotations.wast']
  .map((f) => (SUITE ? readFileSync(`${SUITE}/${f}`, 'utf8') : ''));
const modules: string[] = [];
for (const src of SOURCES) {
  for (const c of parseWast(src).commands) {
    if (c.type === 'module' && c.source.kind === 'text' && c.source.module) modules.push(c.source.text);
  }
}

const PIECES = ['(', ')', ' ', '$x', '"', '0', '-1', 'i32', 'block', 'end', 'if', 'then', 'else', '(;', ';)', ';;', '\n',
  '(@x', 'nan:0x', '1e', '0x', 'offset=', 'align=', '(ref', 'null', 'func', 'param', 'result', '(type', 'local', 'v128.const',
  'i8x16', 'select', 'catch', 'delegate', 'try', 'do', 'item', 'elem', 'data', 'memory', 'table', 'import', 'export', '(mut',
  'rec', 'sub', 'final', 'struct', 'field', 'array', '\\', '\\u{', 'br_table', 'br_on_cast', 'call_indirect', '(@custom', '(@name'];

const edit = fc.tuple(fc.nat(), fc.integer({ min: 0, max: 2 }), fc.nat({ max: 20 }), fc.constantFrom(...PIECES));

function mutate(text: string, edits: [number, number, number, string][]): string {
  let t = text;
  for (const [p, kind, len, piece] of edits) {
    const pos = p % (t.length + 1);
    if (kind === 0) t = t.slice(0, pos) + t.slice(pos + 1 + len);
    else if (kind === 1) t = t.slice(0, pos) + piece + t.slice(pos);
    else t = t.slice(0, pos) + t.slice(pos, pos + len) + t.slice(pos);
  }
  return t;
}

/** Parse, accepting success or a CompileError only. */
function noCrash(f: () => unknown): void {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(CompileError);
  }
}

// The seeds are suite modules: without the suite there is nothing to mutate.
describe.skipIf(!SUITE)('robustness', () => {
  it('mutated modules parse or fail with CompileError', () => {
    expect(modules.length).toBeGreaterThan(50);
    fc.assert(fc.property(fc.nat(), fc.array(edit, { minLength: 1, maxLength: 4 }), (i, edits) => {
      const text = mutate(modules[i % modules.length], edits);
      noCrash(() => parseWat(text));
      noCrash(() => parseWast(text));
    }), { numRuns: 3000 });
  });

  it('reports pathological nesting as a text error', () => {
    for (const text of ['(func ' + '(block '.repeat(50000) + ')'.repeat(50001), '(type ' + '(ref '.repeat(50000) + ')'.repeat(50001)]) {
      expect(() => parseWat(text)).toThrow(TextError);
      noCrash(() => parseWast(`(module ${text})`));
    }
  });
});
