/** @type {import('jest').Config} */
const { pathsToModuleNameMapper } = require('ts-jest');
const { compilerOptions } = require('./tsconfig.json');

/**
 * Specs that need no database: pure functions and parsers. They run in the `unit` project
 * (`npm run test:unit`, seconds, no PostgreSQL started); every other spec is `integration`.
 * A new spec is integration until listed here, which is the safe side: listing a spec that
 * needs the database makes it fail loudly in `unit` (no server URL).
 */
const UNIT_SPECS = [
  'libs/spreadsheet/src/__tests__/[^/]+\\.spec\\.ts',
  'libs/exchange/src/__tests__/(column-catalogue|import-job-dto)\\.spec\\.ts',
  'libs/shared/src/__tests__/[^/]+\\.spec\\.ts',
  'libs/member/src/__tests__/(credit-code|id-number|industry|person-name|phone)\\.spec\\.ts',
  'libs/audit/src/__tests__/audit-diff\\.spec\\.ts',
  'libs/auth/src/__tests__/caller-cache\\.spec\\.ts',
  'libs/region/src/__tests__/region-source\\.spec\\.ts',
  'test/build-script\\.spec\\.ts',
  'libs/investment/src/__tests__/(boundary|money)\\.spec\\.ts',
  'libs/integration/src/__tests__/integration-utils\\.spec\\.ts',
].map((path) => `/${path}$`);

const common = {
  rootDir: __dirname,
  testEnvironment: 'node',
  transform: {
    // Type checking is `npm run typecheck`, once for the whole tree; here we only transpile.
    '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json', diagnostics: false }],
  },
  moduleFileExtensions: ['ts', 'js', 'json'],
  moduleNameMapper: pathsToModuleNameMapper(compilerOptions.paths, { prefix: '<rootDir>/' }),
};

module.exports = {
  // `npm test` runs both projects, each spec once; `--selectProjects unit|integration` one of them.
  projects: [
    {
      ...common,
      displayName: 'unit',
      testRegex: UNIT_SPECS,
    },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/{apps,libs,test}/**/*.spec.ts'],
      testPathIgnorePatterns: ['/node_modules/', ...UNIT_SPECS],
      // One embedded PostgreSQL for the run, started only when an integration spec runs.
      globalSetup: '<rootDir>/test/global-setup.mjs',
      globalTeardown: '<rootDir>/test/global-teardown.mjs',
    },
  ],
  maxWorkers: 2,
  testTimeout: 30000,
};
