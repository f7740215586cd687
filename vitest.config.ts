import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    // Native modules (better-sqlite3, keytar) are safest in forked workers.
    pool: 'forks',
    // Vitest's default is one worker fewer than the cores: a single worker on CI's 2 cores,
    // idle while its test waits on a child process, a lock or a backoff. At least two overlap
    // those waits (same-run A/B in the commit that set this); bigger machines keep the default.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    // Builds the CLI bundle first, so spawned CLIs skip compiling main/ through tsx.
    globalSetup: ['test/support/cli-bundle-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // expect.poll waits for an outcome; vitest's 1 s default fails on a loaded 2-core machine.
    // 15 s matches the browser tests' locator timeout and stays under the test timeout.
    expect: { poll: { timeout: 15_000 } },
  },
});
