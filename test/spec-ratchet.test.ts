// The ratchet: run the whole official suite and fail if any file passes fewer
// commands than spec-tests/baseline.json records. Record improvements with
// `npm run spec:baseline`. Uses the built runner in dist/ (npm test builds it
// first), whose worker threads give every file a time limit.

import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..');
const dist = (p: string) => join(ROOT, 'dist', 'src', 'cli', p);

type Counts = { passed: number; failed: number; skipped: number };
interface Baseline {
  files: Record<string, Counts>;
}

const { collectWastFiles, findSuite, SUITE_MISSING_HELP } = (await import(pathToFileURL(dist('wast-files.js')).href)) as typeof import('../src/cli/wast-files.js');
const { runFiles, summarize } = (await import(pathToFileURL(dist('wast-pool.js')).href)) as typeof import('../src/cli/wast-pool.js');
const { topLevelForms } = (await import(pathToFileURL(dist('wast-forms.js')).href)) as typeof import('../src/cli/wast-forms.js');

const baseline = JSON.parse(readFileSync(join(ROOT, 'spec-tests', 'baseline.json'), 'utf8')) as Baseline;
const suite = findSuite(ROOT);

describe('spec suite ratchet', () => {
  it('has a well-formed baseline', () => {
    expect(typeof baseline.files).toBe('object');
    for (const [key, c] of Object.entries(baseline.files)) {
      expect(key.endsWith('.wast'), key).toBe(true);
      for (const n of [c.passed, c.failed, c.skipped]) expect(Number.isInteger(n) && n >= 0, key).toBe(true);
    }
  });

  if (!suite) {
    it('is skipped without the official suite', () => {
      console.warn(`spec ratchet: ${SUITE_MISSING_HELP}`);
      expect(findSuite(ROOT)).toBeUndefined();
    });
    return;
  }

  it('passes at least as many commands per file as the baseline, and counts every command once', async () => {
    const files = collectWastFiles([suite]);
    const started = Date.now();
    const results = await runFiles(files, {
      jobs: Math.max(1, Math.min(2, availableParallelism())),
      timeoutMs: 300_000,
      workerUrl: pathToFileURL(dist('wast-worker.js')),
    });
    const seconds = (Date.now() - started) / 1000;
    const summary = summarize(results);

    // Every top-level command counted exactly once, per file and over the folder.
    let forms = 0;
    const miscounted: string[] = [];
    for (const { file, report } of results) {
      const n = topLevelForms(readFileSync(file.path, 'utf8')).length;
      forms += n;
      if (report.passed + report.failed + report.skipped !== n) miscounted.push(`${file.key}: ${report.passed + report.failed + report.skipped} of ${n}`);
    }
    expect(miscounted).toEqual([]);
    expect(summary.passed + summary.failed + summary.skipped).toBe(forms);

    const regressions: string[] = [];
    let improved = 0;
    for (const [key, base] of Object.entries(baseline.files)) {
      const now = summary.files[key];
      if (!now) regressions.push(`${key}: in the baseline but not in the suite`);
      else if (now.passed < base.passed) regressions.push(`${key}: ${now.passed} passed, baseline ${base.passed}`);
      else if (now.passed > base.passed) improved++;
    }
    console.log(
      `spec suite: ${summary.passed} passed, ${summary.failed} failed, ${summary.skipped} skipped ` +
      `(${forms} commands in ${files.length} files, ${seconds.toFixed(1)} s)` +
      (improved > 0 ? `; ${improved} files improved on the baseline: record with \`npm run spec:baseline\`` : ''),
    );
    expect(regressions).toEqual([]);
  }, 1_200_000);
});
