// br_on_cast typing: core 3.0 wants the target to be a subtype of the source; the
// custom-descriptors proposal (validateModule option / Module option) only wants
// both in one hierarchy. Each case is checked under both rules.
import { describe, expect, it } from 'vitest';
import { Module as JsModule } from '../src/api/jsapi.js';
import { CompileError } from '../src/errors.js';
import { parseModuleText } from '../src/text/wast.js';
import { validateModule, type ValidateOptions } from '../src/valid/validate.js';

function verdict(text: string, opts?: ValidateOptions): string {
  try {
    validateModule(parseModuleText(text), opts);
  } catch (e) {
    if (!(e instanceof CompileError)) throw e;
    return e.reason;
  }
  return 'valid';
}

const cast = (op: string, from: string, to: string) =>
  `(module (type $t (struct)) (func (result anyref) (${op} 0 ${from} ${to} (unreachable)) (drop) (ref.null none)))`;

describe('br_on_cast target rule', () => {
  for (const op of ['br_on_cast', 'br_on_cast_fail']) {
    it(`${op}: a subtype target is valid under both rules`, () => {
      expect(verdict(cast(op, 'anyref', '(ref null $t)'))).toBe('valid');
      expect(verdict(cast(op, 'anyref', '(ref null $t)'), { customDescriptors: true })).toBe('valid');
    });
    it(`${op}: a sibling or supertype target in the same hierarchy is valid only with customDescriptors`, () => {
      for (const [from, to] of [['structref', 'arrayref'], ['eqref', 'anyref'], ['(ref null $t)', 'i31ref']]) {
        expect(verdict(cast(op, from, to))).toMatch(/^type mismatch/);
        expect(verdict(cast(op, from, to), { customDescriptors: true })).toBe('valid');
      }
    });
    it(`${op}: a target in another hierarchy is invalid under both rules`, () => {
      for (const [from, to] of [['anyref', 'funcref'], ['funcref', 'anyref'], ['externref', 'structref']]) {
        expect(verdict(cast(op, from, to))).toMatch(/^type mismatch/);
        expect(verdict(cast(op, from, to), { customDescriptors: true })).toMatch(/^type mismatch/);
      }
    });
  }

  it('the JS-API Module constructor passes the option through', () => {
    const ast = () => parseModuleText(cast('br_on_cast', 'structref', 'arrayref'));
    expect(() => new JsModule(ast())).toThrow(CompileError);
    expect(() => new JsModule(ast(), { customDescriptors: true })).not.toThrow();
  });
});
