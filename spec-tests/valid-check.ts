// Validation conformance checker: for every file of every group in
// shared/spec-groups.json, runs only the commands that decide validity —
// `assert_invalid`, binary `assert_malformed`, and module definitions that must
// validate (definitions, and modules of assert_unlinkable / assert_trap) — through
// decode/parse + validateModule, and reports per-group pass
// rates and every failing command.
//
//   [VC_GROUP=name] [VC_FILE=substr] [VC_JSON=out.json] npx vite-node spec-tests/valid-check.ts

import { readFileSync, existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Module } from '../src/ast.js';
import { decodeModule } from '../src/binary/decode.js';
import { CompileError } from '../src/errors.js';
import type { ModuleSource } from '../src/text/script.js';
import { parseQuoteModule, parseWast } from '../src/text/wast.js';
import { validateModule } from '../src/valid/validate.js';

export interface Failure {
  where: string;
  command: string;
  expected: string;
  got: string;
  /** True when the validator was never reached: the text of the module failed to parse. */
  notReached?: boolean;
}

export interface GroupResult {
  group: string;
  total: number;
  passed: number;
  /** Commands whose module text failed to parse (a front-end problem, not validation). */
  notReached: number;
  failures: Failure[];
}

function errText(e: unknown): string {
  if (e instanceof CompileError) return e.reason;
  if (e instanceof Error) return `${e.name}: ${e.message}`;
  return String(e);
}

/** Obtain the module a source denotes; `stage` says where a thrown error came from. */
function load(src: ModuleSource, customPageSizes: boolean): { module?: Module; error?: unknown; stage: string } {
  try {
    switch (src.kind) {
      case 'text':
        if (src.module) return { module: src.module, stage: 'parse' };
        return { error: src.error, stage: 'parse' };
      case 'quote':
        return { module: parseQuoteModule(src.text), stage: 'parse' };
      case 'binary':
        return { module: decodeModule(src.bytes, { customPageSizes }), stage: 'decode' };
    }
  } catch (e) {
    return { error: e, stage: src.kind === 'binary' ? 'decode' : 'parse' };
  }
}

/** Does the error's wording match the suite's expected text? */
function matches(e: unknown, expected: string): boolean {
  if (!(e instanceof CompileError)) return false;
  const r = e.reason;
  return r.startsWith(expected) || r.includes(expected);
}

export function checkFile(path: string, label: string): { total: number; passed: number; failures: Failure[] } {
  // (A whole-file parse failure counts as one command not reached.)
  const failures: Failure[] = [];
  let total = 0, passed = 0;
  const cps = path.includes('custom-page-sizes');
  let script;
  try {
    script = parseWast(readFileSync(path, 'utf8'), label);
  } catch (e) {
    return { total: 1, passed: 0, failures: [{ where: label, command: 'parse file', expected: 'script parses', got: errText(e), notReached: true }] };
  }
  for (const cmd of script.commands) {
    const where = `${label}:${cmd.line}`;
    // Modules that must validate: definitions, and those that only fail to link or trap when started.
    const mustValidate = cmd.type === 'module' ? cmd.source
      : (cmd.type === 'assert_unlinkable' && !cmd.custom) ? cmd.source
      : cmd.type === 'assert_trap' && cmd.module ? cmd.module : undefined;
    if (mustValidate) {
      total++;
      const l = load(mustValidate, cps);
      if (!l.module) {
        failures.push({ where, command: cmd.type, expected: 'valid', got: `${l.stage} error: ${errText(l.error)}`, notReached: l.stage === 'parse' });
        continue;
      }
      try {
        validateModule(l.module);
        passed++;
      } catch (e) {
        failures.push({ where, command: cmd.type, expected: 'valid', got: errText(e) });
      }
    } else if ((cmd.type === 'assert_invalid' || (cmd.type === 'assert_malformed' && cmd.source.kind === 'binary')) &&
      !cmd.custom) {
      // (`_custom` variants concern custom sections/annotations, which do not affect validity.)
      total++;
      const l = load(cmd.source, cps);
      let err: unknown = l.error;
      let stage = l.stage;
      if (l.module) {
        stage = 'validate';
        try {
          validateModule(l.module);
          err = undefined;
        } catch (e) {
          err = e;
        }
      }
      if (err === undefined) {
        failures.push({ where, command: cmd.type, expected: cmd.message, got: 'accepted' });
      } else if (matches(err, cmd.message)) {
        passed++;
      } else {
        failures.push({ where, command: cmd.type, expected: cmd.message, got: `${stage}: ${errText(err)}`, notReached: stage === 'parse' });
      }
    }
  }
  return { total, passed, failures };
}

export function checkGroups(suiteDir: string, groupsFile: string, only?: { group?: string; file?: string }): GroupResult[] {
  const groups = JSON.parse(readFileSync(groupsFile, 'utf8')) as Record<string, string[]>;
  const results: GroupResult[] = [];
  for (const [group, files] of Object.entries(groups)) {
    if (only?.group && group !== only.group) continue;
    const r: GroupResult = { group, total: 0, passed: 0, notReached: 0, failures: [] };
    for (const f of files) {
      if (only?.file && !f.includes(only.file)) continue;
      const p = join(suiteDir, f);
      if (!existsSync(p)) continue;
      const fr = checkFile(p, f);
      r.total += fr.total;
      r.passed += fr.passed;
      r.failures.push(...fr.failures);
      r.notReached += fr.failures.filter((f) => f.notReached).length;
    }
    results.push(r);
  }
  return results;
}

function main(): void {
  const env = process.env;
  const root = process.env.WAGONETTE_SHARED ?? join(process.cwd(), '..', 'shared'); // run from the repo root
  const results = checkGroups(join(root, 'testsuite'), join(root, 'spec-groups.json'), { group: env.VC_GROUP, file: env.VC_FILE });
  for (const r of results) {
    for (const f of r.failures) {
      console.log(`${f.notReached ? 'NOT REACHED' : 'FAIL'} ${f.where} ${f.command}: expected "${f.expected}", got ${f.got}`);
    }
  }
  // "reached": pass rate over the commands whose module text parsed (what validation decides).
  let t = 0, p = 0, nr = 0;
  const row = (name: string, passed: number, total: number, notReached: number) => {
    const pct = total === 0 ? 100 : (100 * passed) / total;
    const reached = total - notReached;
    const rpct = reached === 0 ? 100 : (100 * passed) / reached;
    console.log(`${name.padEnd(14)} ${String(passed).padStart(5)}/${String(total).padEnd(5)} ${pct.toFixed(1).padStart(5)}%` +
      `   reached ${String(passed).padStart(5)}/${String(reached).padEnd(5)} ${rpct.toFixed(1).padStart(5)}%`);
  };
  for (const r of results) {
    t += r.total; p += r.passed; nr += r.notReached;
    row(r.group, r.passed, r.total, r.notReached);
  }
  row('all', p, t, nr);
  const out = env.VC_JSON;
  if (out) writeFileSync(out, JSON.stringify(results, null, 1));
}

// Run as a script (vite-node or node on the built file), not when imported by a test.
if (process.env.VITEST === undefined) main();
