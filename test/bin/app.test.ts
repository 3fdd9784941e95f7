import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

// The CDK app as users run it. One process: an unknown blueprint fails before any synth.
describe('bin/app.ts', () => {
  test('`cdk synth -c blueprint=nope` exits non-zero with the valid names and no stack trace', () => {
    const root = path.join(__dirname, '..', '..');
    const result = spawnSync(
      'npx',
      ['cdk', 'synth', '--quiet', '-c', 'blueprint=nope', '-o', path.join(root, 'cdk.out', 'test-nope')],
      {
        cwd: root,
        encoding: 'utf8',
        env: { ...process.env, CDK_DISABLE_VERSION_CHECK: '1' },
      },
    );
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(
      /Error: Unknown blueprint 'nope'\. Valid blueprints: [a-z-]+(, [a-z-]+)*\./,
    );
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});
