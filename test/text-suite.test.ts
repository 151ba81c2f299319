// The text front end against the official test suite: every script parses, every
// malformed quoted module is rejected with the suite's wording, every well-formed
// module assembles to a binary Node's engine accepts (where Node 20 has the
// features) and that our decoder reads back to the same AST.
import { describe, expect, it } from 'vitest';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseWast, parseQuoteModule, parseWat } from '../src/text/index.js';
import { printModule } from '../src/text/print.js';
import type { Script } from '../src/text/script.js';
import type { Module } from '../src/ast.js';
import { TextError } from '../src/text/lexer.js';
import { nativeUnsupported } from '../src/text/features.js';
import { encodeModule } from '../src/binary/encode.js';
import { decodeModule } from '../src/binary/decode.js';

import { SUITE as FOUND, SUITE_OR_EMPTY } from './suite-path.js';
const SUITE = SUITE_OR_EMPTY;

function wastFiles(dir: string): string[] {
  const out: string[] = [];
  for (const f of readdirSync(dir)) {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) out.push(...wastFiles(p));
    else if (p.endsWith('.wast')) out.push(p);
  }
  return out.sort();
}

const files = FOUND ? wastFiles(SUITE) : [];
const scripts = new Map<string, Script>();
for (const f of files) scripts.set(relative(SUITE, f), parseWast(readFileSync(f, 'utf8'), f));

/** Proposals whose instructions or types the module AST does not have (yet). */
const UNSUPPORTED_PROPOSALS = ['proposals/threads/', 'proposals/custom-descriptors/'];
const supported = (file: string) => !UNSUPPORTED_PROPOSALS.some((p) => file.startsWith(p));

function* textModules(): Generator<[string, number, Module]> {
  for (const [file, s] of scripts) {
    for (const c of s.commands) {
      if (c.type === 'module' && c.source.kind === 'text' && c.source.module) yield [file, c.line, c.source.module];
    }
  }
}

/** JSON of a module for comparison: byte offsets dropped, keys sorted, maps and bigints spelled out. */
function canonical(m: Module): string {
  return JSON.stringify(m, (k, v) => {
    if (k === 'offset' && typeof v === 'number') return undefined;
    if (typeof v === 'bigint') return `${v}n`;
    if (v instanceof Uint8Array) return Array.from(v);
    if (v instanceof Map) return [...v].sort((a, b) => a[0] - b[0]);
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      return Object.fromEntries(Object.keys(v).sort().map((key) => [key, v[key]]));
    }
    return v;
  });
}

describe.skipIf(!FOUND)('WAST scripts of the official suite', () => {
  it('all 288 files parse into scripts', () => {
    expect(files.length).toBe(288);
    expect(scripts.size).toBe(288);
    let commands = 0;
    for (const s of scripts.values()) commands += s.commands.length;
    expect(commands).toBeGreaterThan(60000);
  });

  it('every inline text module of a supported feature set parses', () => {
    const failed: string[] = [];
    let parsed = 0;
    for (const [file, s] of scripts) {
      for (const c of s.commands) {
        const src = c.type === 'module' ? c.source
          : c.type === 'assert_trap' ? c.module
            : c.type === 'assert_invalid' || c.type === 'assert_unlinkable' ? c.source : undefined;
        if (!src || src.kind !== 'text') continue;
        if (src.module) parsed++;
        else if (supported(file)) failed.push(`${file}:${c.line}: ${src.error.message}`);
      }
    }
    expect(failed).toEqual([]);
    expect(parsed).toBeGreaterThan(5400);
  });

  it('rejects every malformed quoted module with the suite wording', () => {
    let total = 0;
    let rejected = 0;
    const accepted: string[] = [];
    const wording: string[] = [];
    for (const [file, s] of scripts) {
      for (const c of s.commands) {
        if (c.type !== 'assert_malformed' || c.source.kind !== 'quote' || c.custom) continue;
        // The threads proposal predates 3.0's 64-bit limits, which made these sizes invalid, not malformed.
        if (file === 'proposals/threads/memory.wast') continue;
        total++;
        try {
          parseQuoteModule(c.source.text);
          accepted.push(`${file}:${c.line}`);
        } catch (e) {
          expect(e).toBeInstanceOf(TextError);
          rejected++;
          const reason = (e as TextError).reason;
          if (!reason.startsWith(c.message)) wording.push(`${file}:${c.line}: want "${c.message}", got "${reason}"`);
        }
      }
    }
    expect(accepted).toEqual([]);
    expect(wording).toEqual([]);
    expect(total).toBe(1272);
    expect(rejected).toBe(total);
  });

  it('rejects malformed custom, name and branch hint annotations', () => {
    let total = 0;
    const accepted: string[] = [];
    const wording: string[] = [];
    for (const [file, s] of scripts) {
      for (const c of s.commands) {
        if (c.type !== 'assert_malformed' || c.source.kind !== 'quote' || !c.custom) continue;
        total++;
        try {
          parseQuoteModule(c.source.text);
          accepted.push(`${file}:${c.line}`);
        } catch (e) {
          if (!(e as TextError).reason.startsWith(c.message)) wording.push(`${file}:${c.line}: ${(e as TextError).reason}`);
        }
      }
    }
    expect(total).toBe(19);
    expect(accepted).toEqual([]);
    expect(wording).toEqual([]);
  });

  it('errors carry line:column', () => {
    const e = (() => { try { parseQuoteModule('(func\n  (i32.const 0x))'); } catch (x) { return x as TextError; } })();
    expect(e).toBeInstanceOf(TextError);
    expect(e!.line).toBe(2);
    expect(e!.col).toBe(14);
    expect(e!.message).toMatch(/^2:14: unknown operator/);
  });
});

describe.skipIf(!FOUND)('assembled suite modules', () => {
  it('are accepted by Node\'s WebAssembly.validate where Node 20 has the features', () => {
    let checked = 0;
    const skipped = new Map<string, number>();
    const rejected: string[] = [];
    for (const [file, line, m] of textModules()) {
      const why = nativeUnsupported(m);
      if (why) { skipped.set(why, (skipped.get(why) ?? 0) + 1); continue; }
      checked++;
      if (!WebAssembly.validate(encodeModule(m) as BufferSource)) rejected.push(`${file}:${line}`);
    }
    expect(rejected).toEqual([]);
    expect(checked).toBeGreaterThan(1800);
    console.log(`native validate: ${checked} modules checked; skipped by feature: ${JSON.stringify(Object.fromEntries(skipped))}`);
  });

  it('decode back to the parsed AST', () => {
    const differ: string[] = [];
    let compared = 0;
    for (const [file, line, m] of textModules()) {
      // The decoder does not read custom page sizes at the time of writing.
      if ([...m.memories, ...m.imports.map((i) => i.desc)].some((x) => 'type' in x && typeof x.type === 'object' && 'pageSizeLog2' in x.type)) continue;
      const d = decodeModule(encodeModule(m));
      d.customs = d.customs.filter((c) => c.name !== 'name');
      compared++;
      if (canonical(d) !== canonical(m)) differ.push(`${file}:${line}`);
    }
    expect(differ).toEqual([]);
    expect(compared).toBeGreaterThan(2200);
  });

  it('print back to text that parses to the same AST (names included)', () => {
    const differ: string[] = [];
    let compared = 0;
    for (const [file, line, m] of textModules()) {
      compared++;
      const text = printModule(m);
      let again: Module;
      try {
        again = parseWat(text);
      } catch (e) {
        differ.push(`${file}:${line}: ${(e as Error).message}`);
        continue;
      }
      if (canonical(again) !== canonical(m)) differ.push(`${file}:${line}`);
    }
    expect(differ).toEqual([]);
    expect(compared).toBeGreaterThan(2300);
  });

  it('print decoded suite binaries to text that parses back to the same AST', () => {
    // What text cannot say: how locals were grouped, an explicit data count section,
    // custom sections anchored to sections that are empty.
    const normal = (m: Module) => {
      for (const f of m.funcs) {
        const types = f.locals.flatMap((g) => Array<typeof g.type>(g.count).fill(g.type));
        f.locals = types.map((type) => ({ count: 1, type }));
        delete f.offset;
      }
      m.customs = m.customs.filter((c) => c.name !== 'name');
      m.dataCount = null;
      return canonical(m);
    };
    let compared = 0;
    const differ: string[] = [];
    for (const [file, s] of scripts) {
      for (const c of s.commands) {
        const src = c.type === 'module' ? c.source
          : c.type === 'assert_invalid' || c.type === 'assert_unlinkable' ? c.source
            : c.type === 'assert_trap' ? c.module : undefined;
        if (!src || src.kind !== 'binary') continue;
        let m: Module;
        try {
          m = decodeModule(src.bytes);
        } catch {
          continue;
        }
        compared++;
        const again = parseWat(printModule(m));
        if (normal(again) !== normal(m)) differ.push(`${file}:${c.line}`);
      }
    }
    expect(compared).toBeGreaterThan(130);
    // custom.wast:14 anchors a custom section to an empty type section.
    expect(differ).toEqual(['custom.wast:14']);
  });
});
