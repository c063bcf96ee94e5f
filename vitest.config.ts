import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Tests that spawn the CLI or build corpora on disk need more than the 5 s default on 2 cores.
    testTimeout: 30_000,
    pool: 'forks',
    // serve renders even the pages it would reuse, and fails if one differs (src/cli/commands/site-files.ts).
    env: { SUPPORT_MATRIX_CHECK_REUSE: '1' },
  },
});
