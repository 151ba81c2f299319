// The wasm-run command line, run as a user runs it: bin/wasm-run in a child
// process (dist/ is built by `npm test`'s tsc step before vitest runs).

import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { OPCODES } from '../src/binary/opcodes.js';
import { USAGE } from '../src/cli/usage.js';

const ROOT = join(import.meta.dirname, '..');
const BIN = join(ROOT, 'bin', 'wasm-run');
const FIXTURES = join(ROOT, 'test', 'fixtures', 'wast');

function wasmRun(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
  // A failed spawn or a signal would otherwise show up only as `code: null`.
  if (r.error) throw r.error;
  if (r.signal !== null) throw new Error(`wasm-run ${args.join(' ')} was killed by ${r.signal}; stderr: ${r.stderr}`);
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const tmp = mkdtempSync(join(tmpdir(), 'wasm-run-test-'));

describe('wasm-run basics', () => {
  it('is built', () => {
    expect(existsSync(join(ROOT, 'dist', 'src', 'cli', 'main.js'))).toBe(true);
  });

  it('prints usage with --help (exit 0) and without arguments (exit 2)', () => {
    const help = wasmRun('--help');
    expect(help.code).toBe(0);
    expect(help.out).toMatch(/wasm-run --invoke NAME FILE/);
    const none = wasmRun();
    expect(none.code).toBe(2);
    expect(none.err).toMatch(/usage:/);
  });

  it('rejects bad flags and missing arguments with exit 2 and a one-line message', () => {
    for (const args of [['wast', '--bogus', 'x.wast'], ['wast'], ['wast', '--json'], ['wat2wasm', 'examples/fac.wat'], ['opcodes', 'extra'], ['--invoke']]) {
      const r = wasmRun(...args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.err.split('\n')[0], args.join(' ')).toMatch(/^wasm-run: /);
    }
  });

  it('reports a missing file and a non-wasm file on one line with exit 1', () => {
    const missing = wasmRun('validate', join(tmp, 'nope.wasm'));
    expect(missing.code).toBe(1);
    expect(missing.err.trim()).toBe(`wasm-run: ${join(tmp, 'nope.wasm')}: no such file`);
    const junk = join(tmp, 'junk.bin');
    writeFileSync(junk, 'this is not a module');
    const notWasm = wasmRun('--invoke', 'f', junk);
    expect(notWasm.code).toBe(1);
    expect(notWasm.err.trim().split('\n')).toHaveLength(1);
    expect(notWasm.err).toMatch(/not a WebAssembly module/);
  });

  it('lists every opcode of the table with its code, then the count', () => {
    const r = wasmRun('opcodes');
    expect(r.code).toBe(0);
    const lines = r.out.trim().split('\n');
    expect(lines.at(-1)).toBe(`${OPCODES.length} opcodes`);
    expect(lines).toHaveLength(OPCODES.length + 1);
    expect(lines).toContain('0x6a       i32.add');
    expect(lines.some((l) => /^0xfd 12 +v128\.const$/.test(l))).toBe(true);
  });
});

describe('wasm-run with the engine', () => {
  it('--invoke parses arguments by parameter type and prints each result', () => {
    const fac = wasmRun('--invoke', 'fac', 'examples/fac.wat', '20');
    expect(fac.err).toBe('');
    expect(fac.out).toBe('2432902008176640000\n');
    expect(fac.code).toBe(0);
    const add = wasmRun('--invoke', 'add', 'examples/fac.wat', '0.1', '0.2');
    expect(add.out).toBe('0.30000000000000004\n');
    const bad = wasmRun('--invoke', 'fac', 'examples/fac.wat', 'twenty');
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/not an i64/);
    const arity = wasmRun('--invoke', 'fac', 'examples/fac.wat');
    expect(arity.code).toBe(2);
    const noExport = wasmRun('--invoke', 'nope', 'examples/fac.wat');
    expect(noExport.code).toBe(1);
    expect(noExport.err).toMatch(/no export named "nope"/);
  });

  it('--invoke prints several results, one per line, floats exactly and in their shortest form', () => {
    const file = join(tmp, 'multi.wat');
    writeFileSync(file, `(module (func (export "m") (param i32 i64 f32 f64) (result i32 i64 f32 f64 f64 f32)
      (local.get 0) (local.get 1) (local.get 2) (local.get 3) (f64.const -inf) (f32.const -0)))`);
    const r = wasmRun('--invoke', 'm', file, '0xffffffff', '-9223372036854775808', '0.1', '1e300');
    expect(r.out.split('\n')).toEqual(['-1', '-9223372036854775808', '0.1', '1e+300', '-inf', '-0', '']);
    const range = wasmRun('--invoke', 'm', file, '4294967296', '0', '0', '0');
    expect(range.code).toBe(2);
    expect(range.err).toMatch(/"4294967296" is not an i32/);
  });

  it('a trap prints its message and backtrace to stderr and exits 134', () => {
    const r = wasmRun('--invoke', 'div', 'examples/fac.wat', '1', '0');
    expect(r.code).toBe(134);
    expect(r.out).toBe('');
    expect(r.err).toMatch(/^wasm-run: trap: integer divide by zero/);
    const deep = join(tmp, 'deep.wat');
    writeFileSync(deep, `(module
      (func $inner (param i32) (result i32) (i32.div_u (i32.const 1) (local.get 0)))
      (func $middle (param i32) (result i32) (call $inner (local.get 0)))
      (func (export "outer") (param i32) (result i32) (call $middle (local.get 0))))`);
    const t = wasmRun('--invoke', 'outer', deep, '0');
    expect(t.code).toBe(134);
    const lines = t.err.trim().split('\n');
    expect(lines[0]).toMatch(/^wasm-run: trap: integer divide by zero/);
    expect(lines[1]).toBe('wasm backtrace:');
    expect(lines.slice(2).map((l) => l.replace(/@\d+$/, ''))).toEqual(['  0: inner', '  1: middle', '  2: func[2]']);
  });

  it('wat2wasm writes a binary that Node\'s own WebAssembly accepts, and validate accepts it', () => {
    const out = join(tmp, 'fac.wasm');
    const r = wasmRun('wat2wasm', 'examples/fac.wat', '-o', out);
    expect(r.code).toBe(0);
    const bytes = readFileSync(out);
    expect(WebAssembly.validate(bytes)).toBe(true);
    const v = wasmRun('validate', out);
    expect(v.code).toBe(0);
    expect(v.out).toBe(`${out}: valid\n`);
    const inv = wasmRun('--invoke', 'fac', out, '5');
    expect(inv.out).toBe('120\n');
  });

  it('validate rejects an invalid module with exit 1', () => {
    const bad = join(tmp, 'bad.wat');
    writeFileSync(bad, '(module (func (result i32) (i64.const 1)))');
    const r = wasmRun('validate', bad);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/type mismatch/);
  });

  it('wast runs a folder, prints per-file and total counts, and writes --json', () => {
    const json = join(tmp, 'out.json');
    const r = wasmRun('wast', '--json', json, FIXTURES);
    expect(r.code).toBe(1); // the fixtures contain deliberate failures
    const lines = r.out.trim().split('\n');
    expect(lines).toContain('basic.wast: 20 passed, 4 failed, 1 skipped');
    expect(lines).toContain('unparsable.wast: 0 passed, 3 failed, 0 skipped');
    const report = JSON.parse(readFileSync(json, 'utf8')) as {
      files: Record<string, { passed: number; failed: number; skipped: number }>; passed: number; failed: number; skipped: number;
    };
    expect(report.files['basic.wast']).toEqual({ passed: 20, failed: 4, skipped: 1 });
    expect(report.files['values.wast']).toEqual({ passed: 13, failed: 6, skipped: 0 });
    const sum = (k: 'passed' | 'failed' | 'skipped') => Object.values(report.files).reduce((a, f) => a + f[k], 0);
    expect([report.passed, report.failed, report.skipped]).toEqual([sum('passed'), sum('failed'), sum('skipped')]);
    expect(lines.at(-1)).toBe(`${report.passed} passed, ${report.failed} failed, ${report.skipped} skipped`);
  });

  it('wast --verbose shows each failure with file:line, expected and got', () => {
    const r = wasmRun('wast', '--verbose', join(FIXTURES, 'basic.wast'));
    expect(r.out).toMatch(/basic\.wast:16: assert_return: expected f64:0\(0x0000000000000000\), got f64:-0\(0x8000000000000000\)/);
    expect(r.out).toMatch(/basic\.wast:20: assert_trap: expected message "integer overflow", got "integer divide by zero"/);
  });

  it('wast stops a hanging script at its time limit, keeps what finished, says which line hung, and goes on', () => {
    const dir = mkdtempSync(join(tmp, 'hang-'));
    writeFileSync(join(dir, 'a-hang.wast'), '(module (func (export "spin") (loop (br 0))))\n(invoke "spin")\n(assert_return (invoke "spin"))\n');
    writeFileSync(join(dir, 'b-fine.wast'), '(module (func (export "one") (result i32) (i32.const 1)))\n(assert_return (invoke "one") (i32.const 1))\n');
    const r = wasmRun('wast', '--timeout', '2', '--verbose', dir);
    // The module finished; the hanging command fails, and so does the one never run after it.
    expect(r.out).toContain('a-hang.wast: 1 passed, 2 failed, 0 skipped');
    expect(r.out).toContain('a-hang.wast:2: invoke: timed out after 2 s while running the command at line 2');
    expect(r.out).toContain('a-hang.wast:3: assert_return: not run: the script was stopped');
    expect(r.out).toContain('b-fine.wast: 2 passed, 0 failed, 0 skipped');
    expect(r.code).toBe(1);
  });

  it('wast --mode validation runs only the decoder and validator', () => {
    const r = wasmRun('wast', '--mode', 'validation', join(FIXTURES, 'basic.wast'));
    expect(r.out).toContain('basic.wast: 4 passed, 1 failed, 20 skipped');
  });
});

describe('the package front door', () => {
  it('runs the README\'s hello world and exits 0', () => {
    const r = wasmRun('examples/hello.wat');
    expect(r.err).toBe('');
    expect(r.out).toBe('Hello, world!\n');
    expect(r.code).toBe(0);
  });

  it('rejects an unknown run flag with exit 2', () => {
    const r = wasmRun('--no-such-flag', 'examples/hello.wat');
    expect(r.code).toBe(2);
    expect(r.err.split('\n')[0]).toMatch(/^wasm-run: .*--no-such-flag/);
  });

  it('documents exactly the two set-up commands, and CI runs the same test command', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    expect(readme).toContain('npm ci && ./bin/wasm-run examples/hello.wat');
    expect(readme).toMatch(/^npm test$/m);
    expect(readme).toContain('npm run spec:fetch');
    // The README's CLI section is the --help text.
    const usage = USAGE.split('\n').slice(1).map((l) => l.replace(/^ {2}/, '')).join('\n');
    expect(readme, 'README.md\'s "The command line" block must be the --help text (src/cli/usage.ts), dedented by 2').toContain('```\n' + usage + '\n```');
    const ci = readFileSync(join(ROOT, '.ci', 'run'), 'utf8');
    expect(ci).toMatch(/^set -euo pipefail$/m);
    expect(ci.split('\n').filter((l) => /^npm /.test(l))).toEqual(['npm ci', 'npm test']);
    for (const f of ['.ci/run', 'bin/wasm-run', 'spec-tests/fetch.sh']) {
      expect(statSync(join(ROOT, f)).mode & 0o111, f).not.toBe(0);
    }
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts['test']).toBe('tsc -p tsconfig.json && vitest run');
  });

  it('fetch.sh pins the suite to the commit named in the shared snapshot', () => {
    const script = readFileSync(join(ROOT, 'spec-tests', 'fetch.sh'), 'utf8');
    const source = join(ROOT, '..', 'shared', 'testsuite', 'SOURCE.md');
    const pinned = /\b([0-9a-f]{40})\b/.exec(script)![1];
    if (existsSync(source)) expect(readFileSync(source, 'utf8')).toContain(`commit ${pinned}`);
    expect(script).toContain('spec-tests/testsuite');
    const r = spawnSync('bash', ['-n', join(ROOT, 'spec-tests', 'fetch.sh')]);
    expect(r.status).toBe(0);
  });

  it('fetch.sh clones the pinned commit (not the newest) into spec-tests/testsuite, and re-runs cleanly', () => {
    // A local repository stands in for GitHub (no network here); the script itself is unchanged.
    const base = mkdtempSync(join(tmp, 'fetch-'));
    const origin = join(base, 'origin');
    const git = (cwd: string, ...args: string[]) => {
      const g = spawnSync('git', ['-c', 'user.email=t@t', '-c', 'user.name=t', ...args], { cwd, encoding: 'utf8' });
      expect(g.status, g.stderr).toBe(0);
      return g.stdout.trim();
    };
    mkdirSync(origin);
    git(origin, 'init', '-q');
    writeFileSync(join(origin, 'a.wast'), '(module)\n');
    git(origin, 'add', 'a.wast');
    git(origin, 'commit', '-qm', 'pinned');
    const pinned = git(origin, 'rev-parse', 'HEAD');
    writeFileSync(join(origin, 'a.wast'), '(module) (module)\n');
    git(origin, 'commit', '-qam', 'newer');
    const repo = join(base, 'repo');
    mkdirSync(join(repo, 'spec-tests'), { recursive: true });
    copyFileSync(join(ROOT, 'spec-tests', 'fetch.sh'), join(repo, 'spec-tests', 'fetch.sh'));
    const env = { ...process.env, SPEC_TESTSUITE_URL: origin, SPEC_TESTSUITE_COMMIT: pinned };
    for (let run = 0; run < 2; run++) {
      const r = spawnSync('bash', [join(repo, 'spec-tests', 'fetch.sh')], { env, encoding: 'utf8' });
      expect(r.status, r.stderr).toBe(0);
      expect(r.stdout).toContain(`spec-tests/testsuite is at ${pinned}`);
      expect(readFileSync(join(repo, 'spec-tests', 'testsuite', 'a.wast'), 'utf8')).toBe('(module)\n');
    }
  });
});
