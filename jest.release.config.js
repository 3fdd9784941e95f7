/**
 * The release checks (`npm run test:release`): the package as npm publishes it, the docs' TypeScript
 * blocks and the examples type-checked against it, the docs' apps and `cdk synth` run as child
 * processes. Minutes of tsc and CLI processes, so not in `npm test`; CI runs both.
 */
const base = require('./jest.config');

module.exports = {
  ...base,
  testMatch: ['**/*.release.test.ts'],
  testPathIgnorePatterns: ['/node_modules/'],
};
