// WAST script parsing: commands, actions, result patterns, and malformed modules
// recorded per command instead of failing the script.
import { describe, expect, it } from 'vitest';
import { parseWast, parseQuoteModule } from '../src/text/index.js';
import type { Command } from '../src/text/script.js';
import { TextError } from '../src/text/lexer.js';

const script = `
(module $M (func (export "f") (param i32) (result i32) (local.get 0)))
(module definition $D (func))
(module instance $I $D)
(register "m" $M)
(invoke "f" (i32.const 1))
(assert_return (invoke $M "f" (i32.const -1)) (i32.const 0xffffffff))
(assert_return (invoke "g" (i64.const 5) (f32.const 1.5) (f64.const -0x1p-1074) (ref.null func) (ref.extern 7))
  (f32.const nan:canonical) (f64.const nan:arithmetic) (i64.const -1))
(assert_return (get "glob") (v128.const f32x4 nan:canonical 1 -inf nan:arithmetic))
(assert_return (invoke "v") (v128.const i8x16 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 -1))
(assert_return (invoke "r") (ref.null) (ref.extern) (ref.extern 3) (ref.func) (ref.struct) (either (i32.const 1) (i32.const 2)))
(assert_trap (invoke "t") "unreachable")
(assert_trap (module (func $s unreachable) (start $s)) "unreachable")
(assert_exhaustion (invoke "loop") "call stack exhausted")
(assert_exception (invoke "throw"))
(assert_malformed (module quote "(func (i32.const 0x))") "unknown operator")
(assert_malformed (module binary "\\00asm" "\\02\\00\\00\\00") "unknown binary version")
(assert_invalid (module (func (result i32))) "type mismatch")
(assert_unlinkable (module (import "x" "y" (func))) "unknown import")
(assert_malformed_custom (module quote "(@custom)") "missing section name")
(module $bad (func (i32.const 0x100000000)))
`;

describe('parseWast', () => {
  const cmds = parseWast(script, 'unit.wast').commands;
  const byType = (t: Command['type']) => cmds.filter((c) => c.type === t);

  it('reads every command with its line', () => {
    expect(cmds.map((c) => c.type)).toEqual([
      'module', 'module', 'instance', 'register', 'action', 'assert_return', 'assert_return', 'assert_return', 'assert_return',
      'assert_return', 'assert_trap', 'assert_trap', 'assert_exhaustion', 'assert_exception', 'assert_malformed',
      'assert_malformed', 'assert_invalid', 'assert_unlinkable', 'assert_malformed', 'module',
    ]);
    expect(cmds[0].line).toBe(2);
    expect(cmds[6].line).toBe(8);
  });

  it('reads module definitions, instances and registrations', () => {
    expect(cmds[0]).toMatchObject({ type: 'module', name: 'M', definition: false, source: { kind: 'text' } });
    expect(cmds[1]).toMatchObject({ type: 'module', name: 'D', definition: true });
    expect(cmds[2]).toEqual({ type: 'instance', line: 4, name: 'I', module: 'D' });
    expect(cmds[3]).toEqual({ type: 'register', line: 5, as: 'm', name: 'M' });
  });

  it('reads actions with exact argument values', () => {
    expect(cmds[4]).toEqual({ type: 'action', line: 6, action: { kind: 'invoke', name: 'f', args: [{ type: 'i32', value: 1 }] } });
    const r = cmds[6] as Extract<Command, { type: 'assert_return' }>;
    expect(r.action).toEqual({
      kind: 'invoke', name: 'g', args: [
        { type: 'i64', value: 5n }, { type: 'f32', bits: 0x3fc00000 }, { type: 'f64', bits: 0x8000000000000001n },
        { type: 'ref', ref: null }, { type: 'ref', ref: { hostRef: 7 } },
      ],
    });
    expect(r.expected).toEqual([
      { kind: 'nan', type: 'f32', nan: 'canonical' }, { kind: 'nan', type: 'f64', nan: 'arithmetic' },
      { kind: 'value', value: { type: 'i64', value: -1n } },
    ]);
    expect((cmds[5] as Extract<Command, { type: 'assert_return' }>).expected)
      .toEqual([{ kind: 'value', value: { type: 'i32', value: -1 } }]);
  });

  it('reads v128, reference and either patterns', () => {
    const [, , lanes, v2, refs] = byType('assert_return') as Extract<Command, { type: 'assert_return' }>[];
    expect(lanes.action).toEqual({ kind: 'get', name: 'glob' });
    const lanePat = lanes.expected[0];
    expect(lanePat).toEqual({
      kind: 'v128', shape: 'f32x4', lanes: [
        { kind: 'nan', nan: 'canonical' }, { kind: 'float', bits: 0x3f800000n }, { kind: 'float', bits: 0xff800000n },
        { kind: 'nan', nan: 'arithmetic' },
      ],
    });
    const exact = v2.expected[0];
    expect(exact.kind).toBe('value');
    expect(Array.from((exact as { value: { bytes: Uint8Array } }).value.bytes).at(-1)).toBe(255);
    expect(refs.expected).toEqual([
      { kind: 'ref', ref: 'null' }, { kind: 'ref', ref: 'extern' }, { kind: 'ref', ref: 'extern', value: 3 },
      { kind: 'ref', ref: 'func' }, { kind: 'ref', ref: 'struct' },
      { kind: 'either', options: [{ kind: 'value', value: { type: 'i32', value: 1 } }, { kind: 'value', value: { type: 'i32', value: 2 } }] },
    ]);
  });

  it('reads traps of actions and of instantiation', () => {
    const [t1, t2] = byType('assert_trap') as Extract<Command, { type: 'assert_trap' }>[];
    expect(t1).toMatchObject({ action: { kind: 'invoke', name: 't' }, message: 'unreachable' });
    expect(t2.action).toBeNull();
    expect(t2.module).toMatchObject({ kind: 'text' });
    expect(byType('assert_exhaustion')[0]).toMatchObject({ message: 'call stack exhausted' });
  });

  it('keeps quoted and binary modules unparsed, and records broken inline modules', () => {
    const [q, b, custom] = byType('assert_malformed') as Extract<Command, { custom: boolean }>[];
    expect(q.source).toEqual({ kind: 'quote', text: '(func (i32.const 0x))' });
    expect(() => parseQuoteModule((q.source as { text: string }).text)).toThrow(TextError);
    expect(b.source.kind).toBe('binary');
    expect(Array.from((b.source as { bytes: Uint8Array }).bytes)).toEqual([0, 0x61, 0x73, 0x6d, 2, 0, 0, 0]);
    expect(custom.custom).toBe(true);
    expect(q.custom).toBe(false);
    const bad = cmds[cmds.length - 1] as Extract<Command, { type: 'module' }>;
    expect(bad.source.kind).toBe('text');
    expect(bad.source).toMatchObject({ kind: 'text', text: '(func (i32.const 0x100000000))' });
    expect((bad.source as { error: Error }).error).toBeInstanceOf(TextError);
    expect((bad.source as { error?: TextError }).error!.reason).toBe('constant out of range');
  });

  it('rejects a malformed script with a position', () => {
    expect(() => parseWast('(assert_return (invoke "f" (i32.const 0x)))')).toThrow(TextError);
    expect(() => parseWast('(module')).toThrow(/unexpected end/);
    expect(() => parseWast('(frobnicate)')).toThrow(/1:1: unexpected token/);
  });

  it('keeps invalid UTF-8 of quoted text so that it is reported', () => {
    const s = parseWast('(module quote "(func) ;; \\ff")');
    const src = (s.commands[0] as Extract<Command, { type: 'module' }>).source as { text: string };
    expect(() => parseQuoteModule(src.text)).toThrow(/malformed UTF-8 encoding/);
  });
});
