// Reading a module file given on the command line: `.wasm` binaries or WAT
// text (converted with the engine's own text front end).

import { readFileSync, statSync } from 'node:fs';
import type { Engine } from './engine.js';

/** A problem with an input file; printed on one line, exit 1. */
export class InputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InputError';
  }
}

const MAGIC = [0x00, 0x61, 0x73, 0x6d];

function hasMagic(b: Uint8Array): boolean {
  return MAGIC.every((m, i) => b[i] === m);
}

/** Does the text look like WAT (a module or module fields in parentheses, after comments)? */
function looksLikeWat(text: string): boolean {
  const t = text.replace(/^\uFEFF/, '').replace(/(;;[^\n]*\n|\s+|\(;[\s\S]*?;\))/gy, '');
  return t.startsWith('(');
}

/** Read FILE as a module binary: .wasm as is, .wat (or any text starting with '(') via wat2wasm. */
export function readModuleFile(engine: Engine, path: string): Uint8Array {
  let bytes: Uint8Array;
  try {
    if (statSync(path).isDirectory()) throw new InputError(`${path}: is a directory, not a module file`);
    bytes = new Uint8Array(readFileSync(path));
  } catch (e) {
    if (e instanceof InputError) throw e;
    const code = (e as { code?: string }).code;
    throw new InputError(code === 'ENOENT' ? `${path}: no such file` : `${path}: cannot read (${(e as Error).message})`);
  }
  if (hasMagic(bytes)) return bytes;
  const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
  if (path.endsWith('.wat') || path.endsWith('.wast') || looksLikeWat(text)) {
    return engine.encodeModule(engine.parseWat(text));
  }
  throw new InputError(`${path}: not a WebAssembly module (no \\0asm header) and not WAT text`);
}
