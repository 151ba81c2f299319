import { describe, it, expect } from 'vitest';
import { OPCODES, OP_BY_NAME } from '../src/binary/opcodes.js';

describe('opcode table', () => {
  it('has unique names and codes', () => {
    expect(new Set(OPCODES.map((o) => o.name)).size).toBe(OPCODES.length);
    expect(new Set(OPCODES.map((o) => o.code)).size).toBe(OPCODES.length);
    expect(OP_BY_NAME.get('i32.add')!.code).toBe(0x6a);
  });
});
