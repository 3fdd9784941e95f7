/**
 * Jest, run in bare Node.js by jest-light-runner (https://github.com/nicolo-ribaudo/jest-light-runner).
 *
 * Why: Jest's default runner gives every test file a fresh VM context, so each of ~90 files loaded,
 * compiled and warmed up aws-cdk-lib again. Measured on the 2-core machine: the whole suite in one
 * context took 110 CPU-seconds, as ~90 contexts 200 (and 113 s wall). Here the test files of a
 * worker thread share one module cache: aws-cdk-lib, the library and the CLI load once per worker.
 *
 * What that asks of a test file: leave no global state behind (environment variables, prototypes,
 * the working directory: `process.chdir` in a worker thread only changes what `process.cwd()`
 * answers, which is all the CLI reads). Not available here: `jest.mock` of modules and
 * `testTimeout` (a hanging test hangs the run).
 *
 * TypeScript: tsx compiles test files and the sources they import, with tsconfig.dev.json (its
 * `paths` map the package names the CLI imports to the library's sources); no type-check at test
 * time: `npm run build` and `tsc -p tsconfig.dev.json` do that.
 *
 * `npm test` runs everything but the release checks (`*.release.test.ts`: the packed package, the
 * docs' code blocks type-checked against it, `cdk synth` as a child process, the generated pages and
 * diagrams compared with what the code generates today), which need a TypeScript program, a CLI
 * process or every blueprint's synth each and run with `npm run test:release`
 * (jest.release.config.js), in CI too.
 */
module.exports = {
  runner: 'jest-light-runner',
  setupFiles: ['<rootDir>/test/support/typescript.js'],
  testSequencer: '<rootDir>/test/support/sequencer.js',
  roots: ['<rootDir>/test', '<rootDir>/packages/cli/test'],
  testMatch: ['**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '\\.release\\.test\\.ts$'],
  moduleFileExtensions: ['ts', 'js', 'json'],
  snapshotSerializers: ['<rootDir>/test/support/asset-hash-serializer.ts'],
  // Both cores: Jest's default (cores - 1) runs one worker on a 2-core CI machine.
  maxWorkers: '100%',
};
