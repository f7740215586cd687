import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    // Native modules (better-sqlite3, keytar) are safest in forked workers.
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
