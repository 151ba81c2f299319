// Finding .wast scripts: expanding the paths given on the command line, and
// locating the official suite (a fetched copy first, then the shared snapshot).

import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** A script to run and the key it is reported under (its path relative to the folder given). */
export interface WastFile {
  path: string;
  key: string;
}

function walk(dir: string, out: string[]): void {
  const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    if (e.name.startsWith('.')) continue; // .git of a fetched suite, editor files
    const p = join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else if (e.isFile() && e.name.endsWith('.wast')) out.push(p);
  }
}

/** Expand files and folders (recursively, sorted) into scripts; throws on a path that does not exist. */
export function collectWastFiles(paths: string[]): WastFile[] {
  const files: WastFile[] = [];
  for (const given of paths) {
    if (!existsSync(given)) throw new Error(`no such file or directory: ${given}`);
    if (statSync(given).isDirectory()) {
      const found: string[] = [];
      walk(given, found);
      for (const p of found) files.push({ path: p, key: relative(given, p).split(sep).join('/') });
    } else {
      files.push({ path: given, key: basename(given) });
    }
  }
  return files;
}

/** The repository root (this file is src/cli/wast-files.ts, or dist/src/cli/wast-files.js). */
export function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    dir = dirname(dir);
  }
  return resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
}

/** Where the official suite is: spec-tests/testsuite, else ../shared/testsuite; undefined if neither has scripts. */
export function findSuite(root = repoRoot()): string | undefined {
  for (const candidate of [join(root, 'spec-tests', 'testsuite'), join(root, '..', 'shared', 'testsuite')]) {
    if (existsSync(candidate) && statSync(candidate).isDirectory() && readdirSync(candidate).some((n) => n.endsWith('.wast'))) {
      return candidate;
    }
  }
  return undefined;
}

export const SUITE_MISSING_HELP =
  'The official WebAssembly test suite was not found (looked in spec-tests/testsuite and ../shared/testsuite). ' +
  'Get it with `npm run spec:fetch`.';
