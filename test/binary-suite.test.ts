// Every binary module of the official suite: assert_malformed ones must fail
// with the suite's message (as a prefix); all others must decode.
import { describe, it, expect } from 'vitest';
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { decodeModule } from '../src/binary/decode.js';
import { CompileError } from '../src/errors.js';
import { binaryCases, type BinaryCase } from './wast-binary-modules.js';

const SUITE = '/work/shared/testsuite';
// Proposal directories beyond 3.0 that the decoder does not implement are left out.
const DIRS: [string, { customPageSizes?: boolean }][] = [
  ['', {}], ['custom', {}], ['legacy', {}], ['proposals/custom-page-sizes', { customPageSizes: true }],
];

function outcome(c: BinaryCase, opts: { customPageSizes?: boolean }): string | null {
  try {
    decodeModule(c.bytes, opts);
    return c.malformed === null ? null : `decoded, expected "${c.malformed}"`;
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
