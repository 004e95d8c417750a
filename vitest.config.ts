import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    exclude: ['test/e2e/**', 'node_modules/**'],
    pool: 'forks',
    globalSetup: ['test/log-scan.setup.ts'],
    // Generous: a loaded 2-core machine runs the CLI and crash tests several times slower.
    testTimeout: 180_000,
    hookTimeout: 300_000,
  },
});
