// Branch hints: `(@metadata.code.branch_hint "\00"|"\01")` before an `if` or `br_if`
// becomes an entry of the "metadata.code.branch_hint" custom section, which names
// the instruction by its byte offset within the function body. Offsets exist only
// once the module is encoded, so the section is built by encoding and decoding.

import type { Module } from '../ast.js';
import { encodeModule } from '../binary/encode.js';
import { decodeModule } from '../binary/decode.js';
import { writeU32 } from '../binary/leb128.js';
import { ByteWriter } from '../binary/writer.js';
import { TextError, tokenize, type Token } from './lexer.js';

export const BRANCH_HINT = 'metadata.code.branch_hint';

/** Hints of one module: function index → (instruction index in its body → hint 0/1). */
export type BranchHints = Map<number, Map<number, number>>;

function fail(tok: Token, reason: string): never {
  throw new TextError(`@${BRANCH_HINT} annotation: ${reason}`, tok.line, tok.col);
}

/** The hint value of an annotation: one string of one byte, 0 (unlikely) or 1 (likely). */
export function parseBranchHint(tok: Token): number {
  let toks: Token[];
  try {
    toks = tokenize(tok.body ?? '');
  } catch (e) {
    if (e instanceof TextError) fail(tok, e.reason);
    throw e;
  }
  const s = toks[0];
  if (toks.length !== 1 || s.kind !== 'string') fail(tok, 'unexpected token');
  const b = s.bytes!;
  if (b.length !== 1 || b[0] > 1) fail(tok, 'invalid hint value');
  return b[0];
}

/** Read the length of the LEB128 at `pos`. */
function lebLength(bytes: Uint8Array, pos: number): number {
  let n = 1;
  while (bytes[pos + n - 1] & 0x80) n++;
  return n;
}

/**
 * The custom section's payload, or null when the module cannot be encoded and
 * decoded (it is then malformed in ways the binary tools will report).
 */
export function branchHintSection(m: Module, hints: BranchHints, importedFuncs: number): Uint8Array | null {
  let decoded: Module;
  let bytes: Uint8Array;
  try {
    bytes = encodeModule(m);
    decoded = decodeModule(bytes, { customPageSizes: true, eagerBodies: true });
  } catch {
    return null;
  }
  const w = new ByteWriter();
  const funcs = [...hints.keys()].sort((a, b) => a - b);
  writeU32(w, funcs.length);
  for (const fi of funcs) {
    const f = decoded.funcs[fi - importedFuncs];
    const bodyStart = f.offset! + lebLength(bytes, f.offset!);
    const entries = [...hints.get(fi)!].sort((a, b) => a[0] - b[0]);
    writeU32(w, fi);
    writeU32(w, entries.length);
    for (const [instrIndex, value] of entries) {
      writeU32(w, f.body[instrIndex].offset - bodyStart);
      writeU32(w, 1);
      w.byte(value);
    }
  }
  return w.finish();
}
