/**
 * Jest: SWC transform (no type-check at test time: `npm run build` type-checks), Node environment.
 * `npm test` runs everything but the release checks (`*.release.test.ts`: the packed package, the
 * docs' code blocks type-checked against it, `cdk synth` as a child process, the generated pages and
 * diagrams compared with what the code generates today), which need a TypeScript program, a CLI
 * process or every blueprint's synth each and run with `npm run test:release`
 * (jest.release.config.js), in CI too.
 */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test', '<rootDir>/packages/cli/test'],
  testMatch: ['**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '\\.release\\.test\\.ts$'],
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      { jsc: { parser: { syntax: 'typescript', decorators: true }, target: 'es2022' } },
    ],
  },
  moduleFileExtensions: ['ts', 'js', 'json'],
  // The CLI package imports the construct library by its package name: test it against the sources.
  moduleNameMapper: {
    '^cdk-scaling-blueprints$': '<rootDir>/lib/index.ts',
    '^cdk-scaling-blueprints/blueprints$': '<rootDir>/blueprints/index.ts',
    '^cdk-scaling-blueprints/audit-manifest$': '<rootDir>/lib/observability/audit-manifest.ts',
  },
  snapshotSerializers: ['<rootDir>/test/support/asset-hash-serializer.ts'],
  testTimeout: 60000,
  // Both cores: Jest's default (cores - 1) runs one worker on a 2-core CI machine.
  maxWorkers: '100%',
};
