// Maps AWS SDK and network errors to one actionable line and an exit code.
import { CliError, ExitCode } from './exit-codes';

const CREDENTIAL_ERRORS = new Set([
  'CredentialsProviderError',
  'ExpiredToken',
  'ExpiredTokenException',
  'RequestExpired',
  'InvalidClientTokenId',
  'UnrecognizedClientException',
  'SignatureDoesNotMatch',
  'InvalidSignatureException',
  'TokenRefreshRequired',
]);
const ACCESS_ERRORS = new Set(['AccessDenied', 'AccessDeniedException', 'UnauthorizedOperation']);
const THROTTLING = new Set([
  'Throttling',
  'ThrottlingException',
  'TooManyRequestsException',
  'RequestLimitExceeded',
]);
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'ETIMEDOUT',
  'ECONNRESET',
  'EAI_AGAIN',
  'EHOSTUNREACH',
]);

/** Turns any error into a CliError; unknown errors stay INTERNAL (the caller prints them in full with DEBUG). */
export function toCliError(e: unknown, region: string | undefined): CliError {
  if (e instanceof CliError) return e;
  const err = e as {
    name?: string;
    code?: string;
    message?: string;
    $metadata?: { httpStatusCode?: number };
  };
  const name = err?.name ?? '';
  const message = (err?.message ?? String(e)).split('\n')[0];
  if (/region is missing/i.test(message)) {
    return new CliError(ExitCode.USAGE, 'no AWS region: pass --region or set AWS_REGION');
  }
  if (CREDENTIAL_ERRORS.has(name) || (/could not load credentials/i.test(message) && !err?.$metadata)) {
    return new CliError(
      ExitCode.CREDENTIALS,
      `AWS credentials missing or expired (${name || 'no credentials'}): run \`aws sso login\` or export fresh credentials, or pass --profile`,
    );
  }
  if (ACCESS_ERRORS.has(name)) {
    return new CliError(
      ExitCode.CREDENTIALS,
      `access denied (${message}): the audit needs cloudformation:DescribeStacks, ssm:GetParameter, cloudwatch:GetMetricData and cloudwatch:DescribeAlarms`,
    );
  }
  if (THROTTLING.has(name)) {
    return new CliError(
      ExitCode.AWS_UNAVAILABLE,
      `AWS kept throttling after retries (${name}): try again later or narrow --since`,
    );
  }
  if (NETWORK_CODES.has(err?.code ?? '') || NETWORK_CODES.has(name) || name === 'TimeoutError') {
    return new CliError(
      ExitCode.AWS_UNAVAILABLE,
      `cannot reach AWS in ${region ?? 'the configured region'} (${err?.code ?? name}): check the network, --region and any AWS_ENDPOINT_URL_* settings`,
    );
  }
  if ((err?.$metadata?.httpStatusCode ?? 0) >= 500) {
    return new CliError(
      ExitCode.AWS_UNAVAILABLE,
      `AWS returned a server error (${name}: ${message}): try again`,
    );
  }
  if (name && err?.$metadata) {
    return new CliError(ExitCode.AWS_UNAVAILABLE, `AWS rejected the request (${name}: ${message})`);
  }
  return new CliError(
    ExitCode.INTERNAL,
    `unexpected error: ${message} (set DEBUG=scaling-blueprints for the stack trace)`,
  );
}
