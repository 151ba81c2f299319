// The text front end: WAT modules and WAST scripts.

import type { Module } from '../ast.js';
import { encodeModule } from '../binary/encode.js';
import { parseModuleText } from './wast.js';

export { parseWast, parseQuoteModule, parseModuleText } from './wast.js';
export type * from './script.js';
export { TextError } from './lexer.js';

/** Parse a WAT module: `(module $id? field*)` or bare fields. Throws CompileError (line:col in the message). */
export function parseWat(text: string): Module {
  return parseModuleText(text);
}

/** Assemble WAT text to a module binary. */
export function wat2wasm(text: string): Uint8Array {
  return encodeModule(parseWat(text));
}
