/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts', '**/*.test.tsx'],
  // test/cluster runs against the production topology: `npm run test:cluster` (jest.cluster.config.js).
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/cluster/'],
  setupFiles: ['<rootDir>/test/helpers/sdk-runtime.ts'],
  // The workflow code bundled once for every test system's worker (instead of once per file).
  globalSetup: '<rootDir>/test/helpers/global-setup.ts',
  // .tsx: the workbench's pages (preact, rendered to strings on the server).
  transform: {
    '^.+\\.(t|j)s$|\\.cjs$': ['@swc/jest'],
    '^.+\\.tsx$': [
      '@swc/jest',
      {
        jsc: {
          parser: { syntax: 'typescript', tsx: true },
          transform: { react: { runtime: 'automatic', importSource: 'preact' } },
        },
      },
    ],
  },
  // content-disposition (under Swagger UI), openid-client with oauth4webapi and jose (the workbench's OIDC sign-in), and
  // cookie (under app.inject and @fastify/cookie, which imports it dynamically) ship ES modules only; jest on Node 20
  // needs them compiled.
  transformIgnorePatterns: [
    '/node_modules/(?!(content-disposition|cookie|@fastify/cookie|@electric-sql/pglite|openid-client|oauth4webapi|jose)/)',
  ],
  // Each file starts its own real Temporal server; 2 cores fit 2 at once.
  maxWorkers: 2,
  // A jest worker that ran many files grew to 2 GiB RSS (each file's SDK runtime, bundles and PGlite), and once died
  // of a V8 check in its JIT pages: one over 1 GiB after a file is replaced by a fresh one.
  workerIdleMemoryLimit: '1GB',
  testTimeout: 60_000,
};
