import { defineConfig } from 'vitest/config';

/**
 * Two projects: `unit` (the core on in-memory adapters, the adapters against fakes and a
 * local Redis; milliseconds each) and `e2e` (real processes: replicas, SIGKILL, a Redis outage,
 * chaos, the replayed image). `npm test` runs both; `npx vitest run --project unit` the first.
 */
export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    // Three files at a time on the 2-core machine: the e2e files mostly wait on processes and
    // polls (CPU ~1 core on average with two), so a third keeps both cores busy: 127 s → 86 s.
    maxWorkers: 3,
    projects: [
      // Unit files share their worker (no fork and fresh import per file): each makes its own
      // world (stores, fakes, prefixes, registries) and leaves nothing behind.
      { extends: true, test: { name: 'unit', include: ['test/**/*.test.ts'], exclude: ['test/e2e/**', 'test/container/**'], isolate: false } },
      { extends: true, test: { name: 'e2e', include: ['test/e2e/**/*.test.ts', 'test/container/**/*.test.ts'] } },
    ],
  },
});
