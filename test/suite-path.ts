// Where the tests find the official suite: the same lookup as the spec runner
// (spec-tests/testsuite first, then ../shared/testsuite beside the repo).
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findSuite } from '../src/cli/wast-files.js';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** The suite folder, or undefined when it is not there (tests that need it are skipped, saying so). */
export const SUITE: string | undefined = findSuite(REPO_ROOT);
/** The folder holding spec-groups.json (../shared), when present. */
export const SHARED: string | undefined = process.env.WAGONETTE_SHARED
  ?? (existsSync(join(REPO_ROOT, '..', 'shared', 'spec-groups.json')) ? join(REPO_ROOT, '..', 'shared') : undefined);
/** A suite path for code that needs a string even when the suite is absent (guarded by skipIf). */
export const SUITE_OR_EMPTY = SUITE ?? join(REPO_ROOT, 'spec-tests', 'testsuite');
