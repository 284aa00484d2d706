import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { conditions: ['fieldkeep-source'] },
  ssr: { resolve: { conditions: ['fieldkeep-source'] } },
  test: {
    include: ['packages/*/src/**/*.test.ts', 'apps/server/src/**/*.test.ts'],
    pool: 'forks',
    maxWorkers: 2,
    // Generous: process-level fault tests and backup drills run beside each other on 2 cores.
    testTimeout: 90_000,
    hookTimeout: 120_000,
  },
});
