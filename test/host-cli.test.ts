// `wasm-run [flags] FILE ARGS...` end to end, in process: WASI programs, .wat input,
// --dir/--env/--preload/--env-module/--trap-unknown-imports, exit codes and traps.

import { afterAll, describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseRunArgs, runCommand } from '../src/cli/run.js';
import { main } from '../src/cli/main.js';
import { FIXTURES, fixture, runNodeWasi, tempDir } from './fixtures/wasi/harness.js';

const dirs: string[] = [];
afterAll(() => { for (const d of dirs) fs.rmSync(d, { recursive: true, force: true }); });
function scratch(): string { const d = tempDir(); dirs.push(d); return d; }

async function run(argv: string[], stdin?: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const out: Uint8Array[] = [], err: Uint8Array[] = [];
  const code = await runCommand(argv, { stdout: (b) => out.push(b.slice()), stderr: (b) => err.push(b.slice()), stdin });
  return { code, stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(err).toString() };
}

async function runMain(argv: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [], err: string[] = [];
  const code = await main(argv, { out: (s) => out.push(s), err: (s) => err.push(s) });
  return { code, out, err };
}

function writeWat(name: string, text: string): string {
  const p = path.join(scratch(), name);
  fs.writeFileSync(p, text);
  return p;
}

const wasmPath = (n: string) => path.join(FIXTURES, `${n}.wasm`);

describe('parseRunArgs', () => {
  it('separates run flags, the file and the program arguments', () => {
    const f = parseRunArgs(['--dir', '/tmp::/sandbox', '--dir=.', '--env', 'A=1=2', '--preload', 'lib=x.wasm',
      '--env-module', '--trap-unknown-imports', 'prog.wasm', '--dir', 'not-a-flag']);
    expect(f.dirs).toEqual([{ host: '/tmp', guest: '/sandbox' }, { host: '.', guest: '.' }]);
    expect(f.env).toEqual({ A: '1=2' });
    expect(f.preloads).toEqual([{ name: 'lib', file: 'x.wasm' }]);
    expect(f.envModule && f.trapUnknownImports).toBe(true);
    expect(f.args).toEqual(['prog.wasm', '--dir', 'not-a-flag']);
  });

  it('rejects bad flags with usage errors', async () => {
    expect(() => parseRunArgs(['--env', 'NOEQUALS', 'x.wasm'])).toThrow(/NAME=VALUE/);
    expect(() => parseRunArgs(['--bogus', 'x.wasm'])).toThrow(/unknown flag/);
    expect(() => parseRunArgs(['--dir'])).toThrow(/needs a value/);
    expect(() => parseRunArgs([])).toThrow(/no module file/);
    expect((await runMain(['--bogus', 'x.wasm'])).code).toBe(2);
  });
});

describe('wasm-run FILE', () => {
  it('runs a WASI program with stdio, args and environment', async () => {
    expect(await run([wasmPath('hello'), 'cat'], 'piped in\n')).toEqual({ code: 0, stdout: 'Hello, world!\npiped in\n', stderr: 'to stderr\n' });
    const r = await run(['--env', 'HOME=/h', '--env=X=y', wasmPath('args_env'), 'a b']);
    expect(r.stdout).toBe(`argc=2\nargv[0]=${wasmPath('args_env')}\nargv[1]=a b\nenv: HOME=/h\nenv: X=y\nHOME=/h\n`);
  });

  it('returns the program exit code', async () => {
    expect((await run([wasmPath('exitcode'), '42'])).code).toBe(42);
    expect((await run([wasmPath('exitcode'), '3', 'return'])).code).toBe(3);
    expect((await runMain([wasmPath('exitcode'), '9'])).code).toBe(9);
  });

  it('preopens --dir HOST::GUEST and matches node:wasi on the same program', async () => {
    const ours = scratch(), theirs = scratch();
    const r = await run(['--dir', `${ours}::.`, wasmPath('fsops')]);
    const expected = runNodeWasi(fixture('fsops.wasm'), { args: [wasmPath('fsops')], dir: theirs });
    expect(r.stdout).toBe(expected.stdout);
    expect(r.code).toBe(0);
  });

  it('gives the guest its files under the guest name', async () => {
    const host = scratch();
    fs.writeFileSync(path.join(host, 'greeting.txt'), 'hi there');
    // fd 3 is the preopen; read the file through WASI calls written in WAT.
    const wat = writeWat('cat.wat', `(module
      (import "wasi_snapshot_preview1" "path_open" (func $open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
      (import "wasi_snapshot_preview1" "fd_read" (func $read (param i32 i32 i32 i32) (result i32)))
      (import "wasi_snapshot_preview1" "fd_write" (func $write (param i32 i32 i32 i32) (result i32)))
      (import "wasi_snapshot_preview1" "fd_prestat_dir_name" (func $name (param i32 i32 i32) (result i32)))
      (memory (export "memory") 1)
      (data (i32.const 16) "greeting.txt")
      (func (export "_start")
        (drop (call $name (i32.const 3) (i32.const 200) (i32.const 8)))
        (i32.store (i32.const 100) (i32.const 200)) (i32.store (i32.const 104) (i32.const 8))
        (drop (call $write (i32.const 1) (i32.const 100) (i32.const 1) (i32.const 108)))
        (drop (call $open (i32.const 3) (i32.const 0) (i32.const 16) (i32.const 12) (i32.const 0) (i64.const 2) (i64.const 0) (i32.const 0) (i32.const 0)))
        (i32.store (i32.const 100) (i32.const 300)) (i32.store (i32.const 104) (i32.const 64))
        (drop (call $read (i32.load (i32.const 0)) (i32.const 100) (i32.const 1) (i32.const 108)))
        (i32.store (i32.const 104) (i32.load (i32.const 108)))
        (drop (call $write (i32.const 1) (i32.const 100) (i32.const 1) (i32.const 108)))))`);
    const r = await run(['--dir', `${host}::/data`, wat]);
    expect(r.stdout).toBe('/data\0\0\0hi there');
  });

  it('runs .wat files and proc_exit codes from them', async () => {
    const wat = writeWat('exit.wat', `(module
      (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
      (memory (export "memory") 1)
      (func (export "_start") (call $exit (i32.const 5))))`);
    expect((await run([wat])).code).toBe(5);
  });

  it('reports a trap with its wasm backtrace and exit code 134', async () => {
    const wat = writeWat('trap.wat', `(module
      (func $inner (unreachable))
      (func $outer (call $inner))
      (func (export "_start") (call $outer)))`);
    const r = await runMain([wat]);
    expect(r.code).toBe(134);
    expect(r.err[0]).toMatch(/trap: unreachable/);
    expect(r.err).toContain('wasm backtrace:');
    expect(r.err.join('\n')).toMatch(/inner[\s\S]*outer/);
  });

  it('lists every missing import in one link error, or stubs them with --trap-unknown-imports', async () => {
    const wat = writeWat('missing.wat', `(module
      (import "env" "foo" (func $foo (param i32) (result i64)))
      (import "env" "tbl" (table 2 funcref))
      (import "other" "g" (global (mut f32)))
      (func (export "_start") (drop (call $foo (i32.const 1)))))`);
    const r = await runMain([wat]);
    expect(r.code).toBe(1);
    const text = r.err.join('\n');
    expect(text).toMatch(/unknown imports \(3\)/);
    expect(text).toContain('env.foo: func (param i32) (result i64)');
    expect(text).toContain('env.tbl: table 2 funcref');
    expect(text).toContain('other.g: global (mut f32)');
    const onlyFunc = writeWat('missing-func.wat', `(module
      (import "env" "foo" (func $foo (param i32)))
      (func (export "_start") (call $foo (i32.const 1))))`);
    const t = await runMain(['--trap-unknown-imports', onlyFunc]);
    expect(t.code).toBe(134);
    expect(t.err[0]).toMatch(/unresolved import called: env\.foo/);
  });

  it('links --preload NAME=FILE instances by module name', async () => {
    const lib = writeWat('lib.wat', `(module (func (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1))))`);
    const prog = writeWat('prog.wat', `(module
      (import "lib" "add" (func $add (param i32 i32) (result i32)))
      (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
      (memory (export "memory") 1)
      (func (export "_start") (call $exit (call $add (i32.const 20) (i32.const 22)))))`);
    expect((await run(['--preload', `lib=${lib}`, prog])).code).toBe(42);
  });

  it('provides the env module with --env-module', async () => {
    const r = await run(['--env-module', wasmPath('env_printf')]);
    expect(r.code).toBe(7);
    expect(r.stdout).toBe(fs.readFileSync(path.join(FIXTURES, 'env_printf.expected.txt'), 'utf8'));
    expect((await runMain([wasmPath('env_printf')])).err.join('\n')).toMatch(/unknown imports \(10\)/);
  });

  it('env exit() ends the program with its code, abort() traps', async () => {
    const exit = writeWat('env-exit.wat', `(module (import "env" "exit" (func $exit (param i32))) (memory 1)
      (func (export "_start") (call $exit (i32.const 12))))`);
    expect((await run(['--env-module', exit])).code).toBe(12);
    const abort = writeWat('env-abort.wat', `(module (import "env" "abort" (func $abort)) (memory 1)
      (func $deep (call $abort)) (func (export "_start") (call $deep)))`);
    const r = await runMain(['--env-module', abort]);
    expect(r.code).toBe(134);
    expect(r.err[0]).toMatch(/abort\(\) called/);
  });

  it('reports unreadable and malformed files as errors, not crashes', async () => {
    expect((await runMain(['--dir', '/nonexistent/dir', wasmPath('hello')])).err[0]).toMatch(/--dir \/nonexistent\/dir/);
    expect((await runMain(['/nonexistent/x.wasm'])).err[0]).toMatch(/no such file/);
    const bad = writeWat('bad.wasm', '\0asm\x01\0\0\0\x05');
    const r = await runMain([bad]);
    expect(r.code).toBe(1);
    expect(r.err[0]).toMatch(/invalid module/);
  });
});
