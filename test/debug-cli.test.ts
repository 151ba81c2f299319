// `wasm-run debug` driven through piped stdin, and `wasm-run --trace`. The
// subprocess tests run the built CLI (dist/, built by `npm test`'s tsc step).

import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { wat2wasm } from '../src/text/index.js';
import { decodeModule } from '../src/binary/decode.js';
import { debugCommand } from '../src/cli/debug.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const BIN = join(ROOT, 'bin', 'wasm-run');
const FIXTURES = join(ROOT, 'test', 'fixtures', 'wasi');

const FIB = `(module
  (memory 1)
  (data (i32.const 16) "hello")
  (global $calls (mut i32) (i32.const 0))
  (func $fib (export "fib") (param $n i32) (result i32)
    (global.set $calls (i32.add (global.get $calls) (i32.const 1)))
    (if (result i32) (i32.lt_s (local.get $n) (i32.const 2))
      (then (local.get $n))
      (else (i32.add (call $fib (i32.sub (local.get $n) (i32.const 1)))
                     (call $fib (i32.sub (local.get $n) (i32.const 2)))))))
  (func (export "crash") (param $x i32) (result i32)
    (i32.div_u (i32.const 1) (local.get $x))))`;

function fixture(): { file: string; offsets: number[] } {
  const dir = mkdtempSync(join(tmpdir(), 'wagonette-debug-'));
  const file = join(dir, 'fib.wat');
  writeFileSync(file, FIB);
  return { file, offsets: decodeModule(wat2wasm(FIB)).funcs[0].body.map((i) => i.offset) };
}

const hex = (n: number) => `0x${n.toString(16)}`;

function wasmRun(args: string[], input = '') {
  return spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, input, encoding: 'utf8', timeout: 60_000 });
}

describe('wasm-run debug', () => {
  it('follows a scripted session on piped stdin', () => {
    const { file, offsets } = fixture();
    // Body: 0 global.get, 1 i32.const, 2 i32.add, 3 global.set, 4 local.get, 5 i32.const, 6 i32.lt_s,
    // 7 if, 8 local.get, 9 else, 10 local.get $n (else branch), ...
    const script = [`break fib@${hex(offsets[10])}`, 'continue', 'bt', 'locals', 'next', 'next', 'stack', 'print $n',
      'print calls', 'continue', 'bt', 'set $n 9', 'locals', 'mem 16 5', 'delete 1', 'finish', 'continue', 'quit'];
    const r = wasmRun(['debug', file, 'fib', '3'], script.join('\n') + '\n');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const at = (i: number, instr: string) => `fib @ ${hex(offsets[i])}: ${instr}`;
    expect(r.stdout.split('\n')).toEqual([
      `[entry] ${at(0, 'global.get $calls')}`,
      `(wdb) break fib@${hex(offsets[10])}`,
      `breakpoint 1 at fib @ ${hex(offsets[10])}`,
      '(wdb) continue',
      `[breakpoint] ${at(10, 'local.get $n')}`,
      '(wdb) bt',
      `#0  ${at(10, 'local.get $n')}`,
      '(wdb) locals',
      '$n: i32:3',
      '(wdb) next',
      `[step] ${at(11, 'i32.const 1')}`,
      '(wdb) next',
      `[step] ${at(12, 'i32.sub')}`,
      '(wdb) stack',
      '[0] i32:3',
      '[1] i32:1',
      '(wdb) print $n',
      '$n = i32:3',
      '(wdb) print calls',
      'calls = i32:1',
      '(wdb) continue',
      `[breakpoint] ${at(10, 'local.get $n')}`,
      '(wdb) bt',
      `#0  ${at(10, 'local.get $n')}`,
      `#1  ${at(13, 'call $fib')}`,
      '(wdb) set $n 9',
      '$n = i32:9',
      '(wdb) locals',
      '$n: i32:9',
      '(wdb) mem 16 5',
      `00000010: ${'68 65 6c 6c 6f'.padEnd(47)}  |hello|`,
      '(wdb) delete 1',
      'deleted breakpoint 1',
      '(wdb) finish',
      `[step] ${at(14, 'local.get $n')}`,
      '(wdb) continue',
      // The inner fib(2) became fib(9) = 34; fib(3) = 34 + fib(1).
      'finished: 35',
      '(wdb) quit',
      '',
    ]);
  });

  it('stops at a trap, shows where, and exits with the trap code', () => {
    const { file } = fixture();
    const r = wasmRun(['debug', file, 'crash', '0'], 'continue\nbt\nlocals\nstack\nstep\n');
    const lines = r.stdout.split('\n');
    expect(lines).toContain('trap: integer divide by zero');
    expect(lines.find((l) => l.startsWith('[trap] '))).toMatch(/^\[trap\] crash @ 0x[0-9a-f]+: i32\.div_u$/);
    expect(lines).toContain('$x: i32:0');
    expect(lines).toContain('[0] i32:1');
    expect(r.status).toBe(134);
  });

  it('runs a WASI program from _start and reports its exit', () => {
    const r = wasmRun(['debug', join(FIXTURES, 'exitcode.wasm'), '7'], 'step\ncontinue\nbt\n');
    expect(r.stdout).toContain('[step] ');
    expect(r.stdout).toContain('exiting with 7\n');
    expect(r.stdout).toContain('program exited with code 7');
    expect(r.stdout).toContain('the program is not paused');
    expect(r.status).toBe(7);
  });

  it('reports bad commands without leaving (in process)', async () => {
    const { file } = fixture();
    const out: string[] = [];
    const lines = ['frobnicate', 'print $nope', 'break nosuch', 'mem 70000 4', 'info', 'break fib', 'info', 'continue'];
    const code = await debugCommand([file, 'fib', '2'], { out: (s) => out.push(s), err: (s) => out.push(`ERR ${s}`) },
      () => lines.shift() ?? null);
    expect(code).toBe(0);
    expect(out).toContain('unknown command "frobnicate" (help lists the commands)');
    expect(out).toContain('error: no global $nope');
    expect(out).toContain('error: no function nosuch');
    expect(out.some((l) => l.startsWith('error: memory range 70000+4'))).toBe(true);
    expect(out).toContain('no breakpoints');
    expect(out.filter((l) => l.startsWith('breakpoint 1 at fib @ 0x'))).toHaveLength(2);
    // Paused at entry already, so the entry breakpoint fires next in the recursive call.
    expect(out[out.length - 1]).toMatch(/^\[breakpoint\] fib @ 0x[0-9a-f]+: global\.get \$calls$/);
  });
});

describe('wasm-run --trace', () => {
  it('prints each executed instruction with its function and offset on stderr', () => {
    const { file, offsets } = fixture();
    const r = wasmRun(['--trace', file, 'fib', '2']);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('1\n');
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines[0]).toBe(`$fib@${hex(offsets[0])}: global.get $calls`);
    expect(lines.filter((l) => l.startsWith('  $fib@'))).toHaveLength(2 * 11);
    for (const l of lines) expect(l).toMatch(/^( {2})*\$fib@0x[0-9a-f]+: \S/);
    expect(lines[lines.length - 1]).toBe(`$fib@${hex(offsets[offsets.length - 1])}: end`);
  });

  it('traces a WASI program without changing its output', () => {
    const r = wasmRun(['--trace', join(FIXTURES, 'hello.wasm')]);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('Hello, world!\n');
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines.length).toBeGreaterThan(500);
    expect(lines[0]).toMatch(/^(\$_start|func\[\d+\])@0x[0-9a-f]+: /);
  });
});
