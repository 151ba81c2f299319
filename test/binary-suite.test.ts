// Every binary module of the official suite: assert_malformed ones must fail
// with the suite's message (as a prefix); all others must decode.
import { describe, it, expect } from 'vitest';
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { decodeModule } from '../src/binary/decode.js';
import { encodeModule } from '../src/binary/encode.js';
import { stripOffsets } from './arbitrary-module.js';
import { SECTION_ORDER } from '../src/binary/sections.js';
import { CompileError } from '../src/errors.js';
import { binaryCases, type BinaryCase } from './wast-binary-modules.js';
import type { Module } from '../src/ast.js';

import { SUITE_OR_EMPTY as SUITE } from './suite-path.js';
// Proposal directories beyond 3.0 that the decoder does not implement are left out.
const DIRS: [string, { customPageSizes?: boolean }][] = [
  ['', {}], ['custom', {}], ['legacy', {}], ['proposals/custom-page-sizes', { customPageSizes: true }],
];

function outcome(c: BinaryCase, opts: { customPageSizes?: boolean }): string | null {
  try {
    const m = decodeModule(c.bytes, opts);
    if (c.malformed !== null) return `decoded, expected "${c.malformed}"`;
    // Whatever decodes re-encodes to the same module.
    const again = decodeModule(encodeModule(m), opts);
    const plain = (x: typeof m) => ({ ...stripOffsets(x), customs: x.customs.filter((s) => s.name !== 'name') });
    expect(plain(again)).toEqual(plain(m));
    return null;
  } catch (e) {
    if (!(e instanceof CompileError)) return `threw non-CompileError ${String(e)}`;
    if (c.malformed === null) return `failed: ${e.message}`;
    return e.reason.startsWith(c.malformed) ? null : `got "${e.reason}", expected "${c.malformed}"`;
  }
}

describe.skipIf(!existsSync(SUITE))('official suite binary modules', () => {
  it('decode or fail as the suite says', () => {
    let malformedPass = 0, malformedTotal = 0, okPass = 0, okTotal = 0;
    const failures: string[] = [];
    for (const [dir, opts] of DIRS) {
      const path = join(SUITE, dir);
      for (const f of readdirSync(path).filter((x) => x.endsWith('.wast')).sort()) {
        const cases = binaryCases(join(dir, f), readFileSync(join(path, f), 'utf8'));
        for (const c of cases) {
          const bad = outcome(c, opts);
          if (c.malformed === null) { okTotal++; if (!bad) okPass++; } else { malformedTotal++; if (!bad) malformedPass++; }
          if (bad) failures.push(`${c.file}:${c.line}: ${bad}`);
        }
      }
    }
    console.log(`binary assert_malformed: ${malformedPass}/${malformedTotal}; binary modules decoding: ${okPass}/${okTotal}`);
    if (failures.length) console.log(failures.join('\n'));
    expect(failures).toEqual([]);
  });
});

describe.skipIf(!existsSync(SUITE))('official suite text modules through the binary format', () => {
  it('encode then decode gives back the parsed module', async () => {
    const { parseWast } = await import('../src/text/index.js');
    let total = 0;
    const failures: string[] = [];
    const parseErrors: string[] = [];
    const plain = (x: Module) => ({
      ...stripOffsets(x),
      // Custom sections compare in binary order: stably by the section they follow.
      customs: x.customs.filter((s) => s.name !== 'name')
        .map((c, i) => ({ c, i }))
        .sort((a, b) => SECTION_ORDER[a.c.after]! - SECTION_ORDER[b.c.after]! || a.i - b.i)
        .map((e) => e.c),
    });
    for (const [dir] of DIRS.slice(0, 3)) {
      const path = join(SUITE, dir);
      for (const f of readdirSync(path).filter((x) => x.endsWith('.wast')).sort()) {
        let script: unknown;
        try {
          script = parseWast(readFileSync(join(path, f), 'utf8'), f);
        } catch (e) {
          parseErrors.push(`${f}: ${String(e).slice(0, 200)}`);
          continue; // the text front end's concern
        }
        const modules: Module[] = [];
        const walk = (x: unknown) => {
          if (!x || typeof x !== 'object') return;
          const o = x as Record<string, unknown>;
          if (o.kind === 'text' && o.module && typeof o.module === 'object') { modules.push(o.module as Module); return; }
          for (const v of Object.values(o)) if (v && typeof v === 'object' && !(v instanceof Uint8Array)) walk(v);
        };
        walk(script);
        for (const m of modules) {
          total++;
          try {
            const again = decodeModule(encodeModule(m));
            // The encoder adds a data count section whenever any expression uses a data
            // index (the reference decoder demands it); the text parser may only look at code.
            if (m.dataCount === null && again.dataCount === m.datas.length) again.dataCount = null;
            expect(plain(again)).toEqual(plain(m));
          } catch (e) {
            failures.push(`${join(dir, f)}: ${String(e).split('\n').slice(0, 12).join('\n')}`);
          }
        }
      }
    }
    console.log(`text modules round-tripped through the binary format: ${total - failures.length}/${total}`);
    if (parseErrors.length) console.log(`unparsed scripts: ${parseErrors.length}, e.g. ${parseErrors[0]}`);
    expect(total).toBeGreaterThan(1000); // the text front end parsed the suite
    if (failures.length) console.log(failures.slice(0, 8).join('\n'));
    expect(failures).toEqual([]);
  });
});
