import { Token } from 'aws-cdk-lib';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { Construct } from 'constructs';

/** The endpoints and ports a ReplicatedDatabase hands out, once it is built. */
export interface DatabaseEndpoints {
  /** Where clients write: the proxy, the writer, or a SECONDARY's reader endpoint. */
  readonly endpoint: string;
  /** The writer's endpoint; undefined on a SECONDARY (it accepts no connection until promoted). */
  readonly writerEndpoint?: string;
  readonly readerEndpoint: string;
  readonly proxyEndpoint?: string;
  /** The port of `endpoint`: the proxy's, else the instances'. */
  readonly port: string;
  /** The port of the writer and the readers. */
  readonly instancePort: string;
  readonly databaseName?: string;
}

/** A port as a string, a token when it is one (an existing instance's port). */
export function portString(port: number): string {
  return Token.isUnresolved(port) ? Token.asString(port) : `${port}`;
}

/**
 * The connection details in SSM parameters (`HostParameter`, `PortParameter`, ...), keyed like the
 * CacheCluster's by the last segment of their name: `host`, `port`, `writer-host`, `reader-host`,
 * `proxy-host`, `instance-port` and `name` where they exist. Under `parameterPrefix` they are named
 * `<prefix>/host`, `<prefix>/writer-host`, ...; without one, CloudFormation generates the names.
 */
export function publishConnectionParameters(
  scope: Construct,
  endpoints: DatabaseEndpoints,
  parameterPrefix: string | undefined,
): Record<string, ssm.StringParameter> {
  // [key, construct id, the name the client's environment gives it (in the description), value]
  const details: Array<[string, string, string, string | undefined]> = [
    ['host', 'Host', 'HOST', endpoints.endpoint],
    ['port', 'Port', 'PORT', endpoints.port],
    ['writer-host', 'WriterHost', 'WRITER_HOST', endpoints.writerEndpoint],
    ['reader-host', 'ReaderHost', 'READER_HOST', endpoints.readerEndpoint],
    ['proxy-host', 'ProxyHost', 'PROXY_HOST', endpoints.proxyEndpoint],
    ['instance-port', 'InstancePort', 'INSTANCE_PORT', endpoints.instancePort],
    ['name', 'Name', 'NAME', endpoints.databaseName],
  ];
  const parameters: Record<string, ssm.StringParameter> = {};
  for (const [key, id, label, value] of details) {
    if (value === undefined) continue;
    parameters[key] = new ssm.StringParameter(scope, `${id}Parameter`, {
      parameterName: parameterPrefix === undefined ? undefined : `${parameterPrefix}/${key}`,
      stringValue: value,
      description: `${label} of the database ${scope.node.path}`,
    });
  }
  return parameters;
}

/**
 * How long a pooled connection may stay idle before the application closes it, on a cluster that can
 * pause: well under Aurora's default auto-pause delay (300 s), so an idle application lets it pause.
 */
const POOL_IDLE_TIMEOUT_SECONDS = 60;

/** What a client's plain environment depends on besides the endpoints. */
export interface ClientEnvironmentOptions {
  /** The client signs in with a password from `existingSecret` (a proxy with `proxyIamAuth: false`). */
  readonly passwords: boolean;
  readonly secondary: boolean;
  readonly canPause: boolean;
  readonly databaseUser: string;
  readonly region: string;
}

/** The connection details a client container gets as plain environment (no secret among them). */
export function clientEnvironment(
  endpoints: DatabaseEndpoints,
  options: ClientEnvironmentOptions,
): Record<string, string> {
  const environment: Record<string, string> = {
    HOST: endpoints.endpoint,
    PORT: endpoints.port,
    READER_HOST: endpoints.readerEndpoint,
    IAM_AUTH: String(!options.passwords),
    REGION: options.region,
  };
  if (endpoints.writerEndpoint !== undefined) environment.WRITER_HOST = endpoints.writerEndpoint;
  if (options.secondary) environment.WRITE_FORWARDING = 'true';
  if (endpoints.databaseName) environment.NAME = endpoints.databaseName;
  if (!options.passwords) environment.USER = options.databaseUser;
  if (options.canPause) {
    // Aurora Serverless v2 pauses only when no connection is open for its auto-pause delay: a pool
    // that keeps idle connections keeps it at its minimum capacity (billed) forever.
    // https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/aurora-serverless-v2-auto-pause.html
    environment.POOL_MIN = '0';
    environment.POOL_IDLE_TIMEOUT_SECONDS = `${POOL_IDLE_TIMEOUT_SECONDS}`;
  }
  return environment;
}
