import { configDefaults, defineConfig } from 'vitest/config';

/** The test files that drive Chromium (test/browser/harness.ts). */
const BROWSER = ['test/browser/**/*.test.ts', 'test/scorecard/pages.test.ts'];

export default defineConfig({
  test: {
    globalSetup: ['test/support/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Each PGlite instance holds ~0.8 GB; two workers fit these 2-core machines.
    maxWorkers: 2,
    // The browser tests run after the rest, not beside it: each drives Chromium against a server
    // of its own, and sharing the two cores with the heaviest database tests made a page wait more
    // than its 10 s for what it had just asked (the token's secret, a reversal's reason: one run
    // in three failed on one of them; two browser files side by side, one more run in three). The
    // rest run first, two files at a time, then the browser files one at a time.
    projects: [
      { extends: true, test: { name: 'core', include: ['src/**/*.test.ts', 'test/**/*.test.ts'], exclude: [...configDefaults.exclude, ...BROWSER], sequence: { groupOrder: 0 } } },
      { extends: true, test: { name: 'browser', include: BROWSER, maxWorkers: 1, testTimeout: 60_000, sequence: { groupOrder: 1 } } },
    ],
  },
});
