import { describe, it, expect } from 'vitest';
import * as fs from 'node:fs';
import * as path from 'node:path';

// The engine core must run in a browser: nothing reachable from the package
// entry may import a `node:` module or a third-party package.
const root = path.resolve(__dirname, '..');

function importsOf(file: string): string[] {
  const src = fs.readFileSync(file, 'utf8');
  const out: string[] = [];
  const re = /^\s*(?:import|export)\b[^'"]*?from\s+['"]([^'"]+)['"]|^\s*import\s+['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]\s*\)/gm;
  for (let m; (m = re.exec(src)); ) out.push(m[1] ?? m[2] ?? m[3]);
  return out;
}

describe('engine core', () => {
  it('reaches no node: module and no package from src/index.ts', () => {
    const seen = new Set<string>();
    const bad: string[] = [];
    const todo = [path.join(root, 'src/index.ts')];
    while (todo.length) {
      const f = todo.pop()!;
      if (seen.has(f)) continue;
      seen.add(f);
      for (const spec of importsOf(f)) {
        if (spec.startsWith('.')) todo.push(path.resolve(path.dirname(f), spec.replace(/\.js$/, '.ts')));
        else bad.push(`${path.relative(root, f)} imports ${spec}`);
      }
    }
    expect(seen.size).toBeGreaterThan(50);
    expect(bad).toEqual([]);
  });
});
