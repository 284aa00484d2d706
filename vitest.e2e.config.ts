import { defineConfig } from 'vitest/config';

// Browser tests: Debian's Chromium driven by playwright-core against the built server.
export default defineConfig({
  resolve: { conditions: ['fieldkeep-source'] },
  ssr: { resolve: { conditions: ['fieldkeep-source'] } },
  test: {
    include: ['e2e/**/*.test.ts'],
    pool: 'forks',
    maxWorkers: 1,
    testTimeout: 60_000,
    hookTimeout: 90_000,
  },
});
