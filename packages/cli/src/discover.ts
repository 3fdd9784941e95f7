// Finds a deployed blueprint's audit manifest from its stack name: the SSM parameter named by the
// stack Output `AuditManifestParameter`, or, without that output, the conventional parameter
// `/scaling-blueprints/<stack>/audit-manifest` (where the Observability construct publishes it).
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import {
  AUDIT_MANIFEST_PARAMETER_OUTPUT,
  AuditManifest,
  AuditManifestError,
  auditManifestParameterName,
  validateAuditManifest,
} from 'cdk-scaling-blueprints/audit-manifest';
import { CliError, ExitCode } from './exit-codes';

export interface DiscoveryClients {
  readonly cloudFormation: CloudFormationClient;
  readonly ssm: SSMClient;
}

function errorName(e: unknown): string {
  return (e as { name?: string })?.name ?? '';
}

/** Parses and validates a published manifest, resolving its tier defaults (`validateAuditManifest`). */
export function parseManifest(text: string, where: string): AuditManifest {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new CliError(
      ExitCode.NOT_A_BLUEPRINT,
      `${where} is not valid JSON: redeploy the stack with the Observability construct`,
    );
  }
  try {
    return validateAuditManifest(json);
  } catch (e) {
    if (e instanceof AuditManifestError) {
      throw new CliError(
        ExitCode.NOT_A_BLUEPRINT,
        `${where}: ${e.message} (upgrade the CLI or redeploy the stack)`,
      );
    }
    throw e;
  }
}

export async function discoverManifest(
  clients: DiscoveryClients,
  stackName: string,
  region: string,
): Promise<AuditManifest> {
  let outputs: { OutputKey?: string; OutputValue?: string }[] = [];
  try {
    const response = await clients.cloudFormation.send(new DescribeStacksCommand({ StackName: stackName }));
    const stack = response.Stacks?.[0];
    if (!stack)
      throw Object.assign(new Error(`Stack with id ${stackName} does not exist`), {
        name: 'ValidationError',
      });
    outputs = stack.Outputs ?? [];
  } catch (e) {
    if (errorName(e) === 'ValidationError' && /does not exist/i.test((e as Error).message)) {
      throw new CliError(
        ExitCode.STACK_NOT_FOUND,
        `stack '${stackName}' not found in ${region}: check --stack, and --region / --profile point at the account and region it was deployed to`,
      );
    }
    throw e;
  }
  const output = (key: string): string | undefined => outputs.find((o) => o.OutputKey === key)?.OutputValue;
  // The Observability construct publishes the manifest under a conventional name; a blueprint also
  // names it in an output. Without the output, try the conventional name.
  const namedByOutput = output(AUDIT_MANIFEST_PARAMETER_OUTPUT);
  const parameterName = namedByOutput ?? auditManifestParameterName(stackName);
  try {
    const response = await clients.ssm.send(new GetParameterCommand({ Name: parameterName }));
    return parseManifest(response.Parameter?.Value ?? '', `SSM parameter ${parameterName}`);
  } catch (e) {
    if (errorName(e) === 'ParameterNotFound') {
      throw new CliError(
        ExitCode.NOT_A_BLUEPRINT,
        namedByOutput
          ? `SSM parameter ${parameterName} (named by the stack's ${AUDIT_MANIFEST_PARAMETER_OUTPUT} output) does not exist: redeploy the stack`
          : `stack '${stackName}' has no ${AUDIT_MANIFEST_PARAMETER_OUTPUT} output and no ${parameterName} parameter: it is not a scaling-blueprints stack (add the Observability construct, or pass --manifest <file>)`,
      );
    }
    throw e;
  }
}
