/**
 * `npm run test:cluster`: the suite of test/cluster against the production topology of `npm run cluster` (Temporal
 * server built from the Go module proxy, on PostgreSQL; two workers, two API processes; scripts/cluster.ts).
 * @type {import('jest').Config}
 */
const base = require('./jest.config');

module.exports = {
  ...base,
  roots: ['<rootDir>/test/cluster'],
  testPathIgnorePatterns: [],
  // One cluster at a time: it is two workers, two APIs, a Temporal server and PostgreSQL on 2 cores.
  maxWorkers: 1,
  testTimeout: 300_000,
};
