// SDK clients pointed at the local AWS fake: real wire protocols, signing and retries, on 127.0.0.1.
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { SSMClient } from '@aws-sdk/client-ssm';
import { AuditClientFactory, AuditDeps, MAX_ATTEMPTS } from '../../src/audit-command';

/** Fake static credentials (the documented example key pair); the fake does not check them. */
const CREDENTIALS = {
  accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
};

export function fakeClients(endpoint: string, defaultRegion = 'us-east-1'): AuditClientFactory {
  return (region) => {
    const config = {
      region: region ?? defaultRegion,
      endpoint,
      credentials: CREDENTIALS,
      maxAttempts: MAX_ATTEMPTS,
      retryMode: 'standard',
    };
    return {
      cloudFormation: new CloudFormationClient(config),
      ssm: new SSMClient(config),
      cloudWatchFor: (r) => new CloudWatchClient({ ...config, region: r }),
    };
  };
}

/** Dependencies of an in-process run of the command, capturing its output. */
export function capturingDeps(
  endpoint: string,
  now: Date,
  env: Record<string, string> = {},
): AuditDeps & { out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return {
    clients: fakeClients(endpoint),
    stdout: { write: (s: string) => (out += s) },
    stderr: { write: (s: string) => (err += s) },
    now: () => now,
    env,
    out: () => out,
    err: () => err,
  };
}
