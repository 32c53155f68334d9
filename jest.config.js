// One Jest run covers every level: pure unit specs beside the code (*.spec.ts), and the
// integration / end-to-end specs in test/ (*.e2e-spec.ts) against real PostgreSQL and Redis.
const swc = ['@swc/jest', {
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true },
    target: 'es2022',
  },
  module: { type: 'commonjs' },
}];

// A few dependencies ship only ES modules, which Jest on Node 20 cannot require: compile them to CommonJS.
const esmOnly = ['content-disposition'];
const esm = {
  transformIgnorePatterns: [`/node_modules/(?!(${esmOnly.join('|')})/)`],
};
const swcJs = ['@swc/jest', { jsc: { parser: { syntax: 'ecmascript' }, target: 'es2022' }, module: { type: 'commonjs' } }];

const moduleNameMapper = {
  '^@case-desk/(domain|core|db|cases|users|sla|alerts|reports|jobs)$': '<rootDir>/libs/$1/src',
  '^@case-desk/(domain|core|db|cases|users|sla|alerts|reports|jobs)/(.*)$': '<rootDir>/libs/$1/src/$2',
};

module.exports = {
  // Global, not per project: Jest ignores testTimeout inside `projects` and would keep its 5 s default
  // for every e2e test and hook (booting an API and a worker takes longer on a busy 2-core machine).
  testTimeout: 30000,
  // Tests run in a random order within each file (the seed is printed; --seed=N replays one order), so a
  // test that leans on another's leftovers fails here rather than on the day someone reorders them.
  // Global too: Jest reads it from the top level only. scripts/check-specs-alone.sh runs each file alone.
  randomize: true,
  reporters: ['default', '<rootDir>/test/support/summary-reporter.js'],
  projects: [
    {
      displayName: 'unit',
      rootDir: __dirname,
      testMatch: ['<rootDir>/libs/**/*.spec.ts', '<rootDir>/apps/**/*.spec.ts'],
      // The console's browser specs run under Playwright (npm run test:browser), not Jest.
      testPathIgnorePatterns: ['/node_modules/', '<rootDir>/apps/console/'],
      transform: { '^.+\\.ts$': swc },
      moduleNameMapper,
      testEnvironment: 'node',
    },
    {
      displayName: 'e2e',
      rootDir: __dirname,
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
      transform: { '^.+\\.ts$': swc, '^.+\\.js$': swcJs },
      ...esm,
      moduleNameMapper,
      testEnvironment: 'node',
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
    },
  ],
};
