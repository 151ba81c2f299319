// Commands the runner skips on the spec's own authority, each with its reason.
// Only conflicts between a proposal's (older) tests and WebAssembly 3.0 belong
// here; a feature the engine lacks is a failure, never a skip.

export interface SkipRule {
  /** Matches the script's path ('/'-separated). */
  file: RegExp;
  /** Command type, e.g. 'assert_invalid'. */
  command: string;
  /** The command's expected message. */
  message: string;
  reason: string;
}

export const SKIP_RULES: readonly SkipRule[] = [
  {
    file: /(^|\/)proposals\/threads\//,
    command: 'assert_invalid',
    message: 'multiple memories',
    reason: 'the threads proposal predates multi-memory; WebAssembly 3.0 allows several memories',
  },
  {
    file: /(^|\/)proposals\/threads\//,
    command: 'assert_invalid',
    message: 'multiple tables',
    reason: 'the threads proposal predates reference types; WebAssembly 3.0 allows several tables',
  },
  {
    file: /(^|\/)proposals\/threads\//,
    command: 'assert_malformed',
    message: 'i32 constant out of range',
    reason: 'the threads proposal predates memory64; in WebAssembly 3.0 such memory limits parse and are invalid (memory.wast asserts "memory size")',
  },
];

/** The reason to skip a command, or undefined to run it. */
export function skipReason(path: string, command: string, message: string | undefined): string | undefined {
  const p = path.replace(/\\/g, '/');
  for (const r of SKIP_RULES) {
    if (r.command === command && r.message === message && r.file.test(p)) return r.reason;
  }
  return undefined;
}
