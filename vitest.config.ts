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
    // Four files at a time on the 2-core machine: the e2e files mostly wait on processes and
    // polls, so with two the cores sat half idle (npm test 127 s with 2, 81–94 s with 3, 72–73 s
    // with 4, all measured on the same machine the same afternoon).
    maxWorkers: 4,
    projects: [
      // Unit files share their worker (no fork and fresh import per file): each makes its own
      // world (stores, fakes, prefixes, registries) and leaves nothing behind.
      { extends: true, test: { name: 'unit', include: ['test/**/*.test.ts'], exclude: ['test/e2e/**', 'test/container/**'], isolate: false } },
      { extends: true, test: { name: 'e2e', include: ['test/e2e/**/*.test.ts', 'test/container/**/*.test.ts'] } },
    ],
  },
});
