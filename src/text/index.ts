// The text front end: WAT modules and WAST scripts.
//
//   parseWat(text)        WAT → module AST (src/ast.ts); `(module $id? ...)` or bare fields
//   wat2wasm(text)        WAT → binary, via the encoder
//   parseWast(text, file) WAST → Script (src/text/script.ts); modules inside that fail to
//                         parse are recorded on their command, quoted modules kept as text
//   parseQuoteModule(t)   the text of a `(module quote ...)`, parsed on demand
//   printModule(m)        module AST → WAT (flat instructions, names from m.names)
//   printInstr(i, m, f?)  one instruction → WAT, names resolved
//
// Malformed text throws TextError, a CompileError whose message starts with
// "line:col: " and whose `reason` is the spec suite's wording.

import type { Module } from '../ast.js';
import { encodeModule } from '../binary/encode.js';
import { parseModuleText } from './wast.js';

export { parseWast, parseQuoteModule, parseModuleText } from './wast.js';
export type * from './script.js';
export { TextError } from './lexer.js';
export { printModule, printInstr } from './print.js';

/** Parse a WAT module: `(module $id? field*)` or bare fields. Throws CompileError (line:col in the message). */
export function parseWat(text: string): Module {
  return parseModuleText(text);
}

/** Assemble WAT text to a module binary. */
export function wat2wasm(text: string): Uint8Array {
  return encodeModule(parseWat(text));
}
