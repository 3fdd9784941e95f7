// The order test files start in: the compliance suites first, then Jest's own order (failed first,
// then slowest first by the last run's durations, then largest first).
//
// Each `*.compliance.test.ts` synthesizes one app of many stacks through all four gates when it loads,
// before its first test: the runner's duration of a file starts at its first hook, so Jest's cache
// would see them as fast and start them last, leaving one worker with a long file after the other
// has finished (measured: 10–15 s of the suite's wall time on two cores).
const Sequencer = require('@jest/test-sequencer').default;

const loadsHeavily = (test) => /\.compliance\.test\.ts$/.test(test.path);

class ComplianceFirst extends Sequencer {
  sort(tests) {
    const ordered = super.sort(tests);
    return [...ordered.filter(loadsHeavily), ...ordered.filter((test) => !loadsHeavily(test))];
  }
}

module.exports = ComplianceFirst;
