import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { conditions: ['fieldkeep-source'] },
  ssr: { resolve: { conditions: ['fieldkeep-source'] } },
  test: {
    include: ['packages/*/src/**/*.test.ts', 'apps/server/src/**/*.test.ts'],
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
