// `wasm-run validate FILE` and `wasm-run wat2wasm FILE -o OUT`.

import { writeFileSync } from 'node:fs';
import { loadEngine } from './engine.js';
import { readModuleFile } from './load.js';
import { flagValue, UsageError } from './usage.js';

interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
}

/** Decode and validate; prints "FILE: valid" (exit 0) or throws the CompileError. */
export async function validateCommand(args: string[], io: Io): Promise<number> {
  const files = args.filter((a) => !a.startsWith('-') || a === '-');
  const flags = args.filter((a) => a.startsWith('-') && a !== '-');
  if (flags.length > 0) throw new UsageError(`unknown flag for validate: ${flags[0]}`);
  if (files.length !== 1) throw new UsageError('validate needs exactly one FILE');
  const engine = await loadEngine();
  const file = files[0]!;
  const bytes = readModuleFile(engine, file);
  engine.validateModule(engine.decodeModule(bytes));
  io.out(`${file}: valid`);
  return 0;
}

/** Convert WAT to a binary module file. */
export async function wat2wasmCommand(args: string[], io: Io): Promise<number> {
  let input: string | undefined;
  let output: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '-o' || a === '--output') output = flagValue(args, i++, a);
    else if (a.startsWith('-')) throw new UsageError(`unknown flag for wat2wasm: ${a}`);
    else if (input === undefined) input = a;
    else throw new UsageError(`wat2wasm takes one FILE (got "${input}" and "${a}")`);
  }
  if (input === undefined) throw new UsageError('wat2wasm needs a FILE');
  if (output === undefined) throw new UsageError('wat2wasm needs -o OUT');
  const engine = await loadEngine();
  const bytes = readModuleFile(engine, input);
  writeFileSync(output, bytes);
  io.out(`wrote ${bytes.length} bytes to ${output}`);
  return 0;
}
