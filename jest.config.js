/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { isolatedModules: true }],
    // The Prisma schema engine ships as an ES module only: compile it to CommonJS for jest.
    'node_modules/@prisma/schema-engine-wasm/.+\\.js$': ['ts-jest', { isolatedModules: true, tsconfig: { allowJs: true } }],
  },
  transformIgnorePatterns: ['/node_modules/(?!@prisma/schema-engine-wasm/)'],
  testTimeout: 60000,
};
