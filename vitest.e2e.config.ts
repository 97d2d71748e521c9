import { defineConfig } from 'vitest/config';

/** End-to-end tests: real Chromium, LiveKit and service. One file at a time; they share two cores. */
export default defineConfig({
  test: {
    include: ['tests/e2e/**/*.e2e.test.ts'],
    environment: 'node',
    fileParallelism: false,
    testTimeout: 180_000,
    hookTimeout: 300_000,
  },
});
