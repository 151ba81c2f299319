// Usage errors: bad flags or arguments. The CLI prints them on one line and exits 2.

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export const USAGE = `usage:
  wasm-run [run flags] FILE [ARGS...]          run a WASI program (.wat or .wasm) from _start
  wasm-run --invoke NAME FILE [ARGS...]        call export NAME with ARGS (parsed by its parameter types)
  wasm-run debug [run flags] FILE [ARGS...]    debug interactively (commands on stdin; \`help\` lists them);
                                               without _start, ARGS are FUNC VALUES...
  wasm-run --trace [run flags] FILE [ARGS...]  run, printing each executed instruction on stderr
  wasm-run wast [--json OUT] [--mode validation] [--verbose] [--jobs N] [--timeout S]
                [--suite] [--exit-zero] [--groups FILE] PATH...
                                               run .wast spec scripts (files or folders)
  wasm-run validate FILE                       decode and validate a module
  wasm-run wat2wasm FILE -o OUT                convert text to binary
  wasm-run opcodes                             list every opcode the decoder knows
  wasm-run --help | --version

run flags:
  --dir HOST[::GUEST]       preopen a host directory for the program (as GUEST)
  --env NAME=VALUE          set an environment variable for the program
  --preload NAME=FILE       instantiate FILE first; its exports satisfy imports from NAME
  --env-module              provide the built-in "env" module (printf, malloc, ...)
  --trap-unknown-imports    link missing functions to stubs that trap when called`;

/** Take the value of a flag that needs one (`--json OUT`), or throw a UsageError. */
export function flagValue(args: string[], i: number, flag: string): string {
  const v = args[i + 1];
  if (v === undefined || (v.startsWith('--') && v.length > 2)) throw new UsageError(`${flag} needs a value`);
  return v;
}
