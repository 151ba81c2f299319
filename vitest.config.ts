import { defineConfig } from 'vitest/config';

// Several suites are CPU-bound for tens of seconds (the spec ratchet, workloads on
// the interpreter). Child processes ('forks') keep a busy test from starving the
// runner's RPC with the main process, which under 'threads' on a loaded 2-core
// machine surfaced as "Timeout calling onTaskUpdate" and failed the run.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    pool: 'forks',
    testTimeout: 300_000,
    hookTimeout: 300_000,
  },
});
