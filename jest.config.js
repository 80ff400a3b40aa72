/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['@swc/jest'] },
  // Each file starts its own real Temporal server; 2 cores fit 2 at once.
  maxWorkers: 2,
  testTimeout: 60_000,
};
