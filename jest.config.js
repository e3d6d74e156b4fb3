/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.ts$': 'ts-jest',
    // The Prisma schema engine ships as an ES module only: compile it to CommonJS for jest.
    'node_modules/@prisma/schema-engine-wasm/.+\\.js$': ['ts-jest', { tsconfig: { allowJs: true, isolatedModules: true } }],
    'node_modules/@electric-sql/pglite/.+\\.cjs$': '<rootDir>/test/support/requireBuiltins.js',
  },
  transformIgnorePatterns: ['/node_modules/(?!(@prisma/schema-engine-wasm|@electric-sql/pglite)/)'],
  testTimeout: 60000,
  // One empty PGlite data directory for every test file's throwaway databases (see the files).
  globalSetup: '<rootDir>/test/support/globalSetup.js',
  globalTeardown: '<rootDir>/test/support/globalTeardown.js',
  setupFiles: ['<rootDir>/test/support/pgliteTemplate.ts'],
  // Two workers on two cores: many suites wait on child processes, HTTP and the database rather than on the CPU.
  maxWorkers: 2,
};
