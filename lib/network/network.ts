import { RemovalPolicy } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { BlueprintValidationError } from '../errors';
import { acknowledgeRestrictDefaultSgProvider } from '../private/acknowledge';
import { secureLogGroup } from '../private/log-groups';
import { checkIntegerInRange } from '../private/validate';

/** Properties of a {@link Network}. */
export interface NetworkProps {
  /**
   * How many Availability Zones the VPC spans (1 to 6). Production wants at least 2, and 3 for a
   * tier that must survive the loss of one AZ with headroom.
   *
   * @default 2
   */
  readonly maxAzs?: number;

  /**
   * How many NAT gateways give the private subnets their egress: 0 (no NAT, the cheapest: private
   * subnets become isolated and reach AWS services through VPC endpoints), 1 (one shared NAT,
   * about 33 USD a month plus data, a single point of failure for egress) or one per AZ
   * (`maxAzs`, egress survives the loss of an AZ). Cannot exceed `maxAzs`.
   *
   * @default 1
   */
  readonly natGateways?: number;

  /**
   * The VPC's IPv4 range.
   *
   * @default '10.0.0.0/16'
   */
  readonly cidr?: string;

  /**
   * Create interface endpoints for ECR (API and Docker), CloudWatch Logs, Secrets Manager and SQS,
   * so tasks in private subnets can pull images, write logs, read secrets and use queues without a
   * NAT gateway. Each endpoint costs about 7.3 USD a month per AZ.
   *
   * @default - true when `natGateways` is 0, false otherwise
   */
  readonly interfaceEndpoints?: boolean;

  /**
   * How long VPC flow logs are kept in CloudWatch Logs (encrypted with the stack's logs KMS key).
   * Control Tower requires at least a year.
   *
   * @default logs.RetentionDays.ONE_YEAR
   */
  readonly flowLogRetention?: logs.RetentionDays;

  /**
   * Which traffic the flow logs record.
   *
   * @default ec2.FlowLogTrafficType.ALL
   */
  readonly flowLogTrafficType?: ec2.FlowLogTrafficType;

  /**
   * What happens to the flow log group when the stack is deleted.
   *
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * A VPC laid out for a scaling web application: public subnets for load balancers, private
 * subnets for the containers, and isolated subnets for the data tier (databases and caches have
 * no route to the internet), over 2 or more AZs, with flow logs, free gateway endpoints for S3
 * and DynamoDB, optional interface endpoints, and the default security group closed.
 *
 * @example
 * const network = new Network(stack, 'Network', { maxAzs: 3, natGateways: 3 });
 * new WebService(stack, 'Web', { vpc: network.vpc, image });
 */
export class Network extends Construct {
  /** Subnet group name of the public subnets (load balancers, NAT gateways). */
  public static readonly PUBLIC_SUBNET_GROUP = 'Public';
  /** Subnet group name of the private subnets (containers). */
  public static readonly PRIVATE_SUBNET_GROUP = 'Private';
  /** Subnet group name of the isolated subnets (databases, caches). */
  public static readonly DATA_SUBNET_GROUP = 'Data';

  /** The VPC. */
  public readonly vpc: ec2.Vpc;
  /** The flow log group. */
  public readonly flowLogGroup: logs.LogGroup;
  /** The interface endpoints, keyed by service name (empty when `interfaceEndpoints` is off). */
  public readonly interfaceEndpoints: Record<string, ec2.InterfaceVpcEndpoint> = {};
  /** Subnets for load balancers. */
  public readonly publicSubnets: ec2.SubnetSelection = { subnetGroupName: Network.PUBLIC_SUBNET_GROUP };
  /** Subnets for application containers. */
  public readonly privateSubnets: ec2.SubnetSelection = { subnetGroupName: Network.PRIVATE_SUBNET_GROUP };
  /** Subnets for the data tier: no route to or from the internet. */
  public readonly dataSubnets: ec2.SubnetSelection = { subnetGroupName: Network.DATA_SUBNET_GROUP };

  constructor(scope: Construct, id: string, props: NetworkProps = {}) {
    super(scope, id);
    const maxAzs = props.maxAzs ?? 2;
    const cidr = props.cidr ?? '10.0.0.0/16';
    const natGateways = props.natGateways ?? 1;
    this.validateProps(props, maxAzs, natGateways);

    // secureLogGroup supplies the defaults (one year, retained).
    this.flowLogGroup = secureLogGroup(this, 'FlowLogs', {
      retention: props.flowLogRetention,
      removalPolicy: props.removalPolicy,
    });

    this.vpc = new ec2.Vpc(this, 'Vpc', {
      // No cidrMask: the range is split evenly over the three tiers and the AZs, whatever its size.
      ipAddresses: ec2.IpAddresses.cidr(cidr),
      maxAzs,
      natGateways,
      restrictDefaultSecurityGroup: true,
      subnetConfiguration: [
        { name: Network.PUBLIC_SUBNET_GROUP, subnetType: ec2.SubnetType.PUBLIC, mapPublicIpOnLaunch: false },
        {
          name: Network.PRIVATE_SUBNET_GROUP,
          // Without a NAT gateway there is no egress: the app subnets are isolated and use endpoints.
          subnetType: natGateways > 0 ? ec2.SubnetType.PRIVATE_WITH_EGRESS : ec2.SubnetType.PRIVATE_ISOLATED,
        },
        { name: Network.DATA_SUBNET_GROUP, subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
      ],
      gatewayEndpoints: {
        S3: { service: ec2.GatewayVpcEndpointAwsService.S3 },
        DynamoDb: { service: ec2.GatewayVpcEndpointAwsService.DYNAMODB },
      },
      flowLogs: {
        FlowLog: {
          destination: ec2.FlowLogDestination.toCloudWatchLogs(this.flowLogGroup),
          trafficType: props.flowLogTrafficType ?? ec2.FlowLogTrafficType.ALL,
        },
      },
    });

    acknowledgeRestrictDefaultSgProvider(this);

    if (props.interfaceEndpoints ?? natGateways === 0) {
      const endpoints: Record<string, ec2.InterfaceVpcEndpointAwsService> = {
        EcrApi: ec2.InterfaceVpcEndpointAwsService.ECR,
        EcrDocker: ec2.InterfaceVpcEndpointAwsService.ECR_DOCKER,
        Logs: ec2.InterfaceVpcEndpointAwsService.CLOUDWATCH_LOGS,
        SecretsManager: ec2.InterfaceVpcEndpointAwsService.SECRETS_MANAGER,
        Sqs: ec2.InterfaceVpcEndpointAwsService.SQS,
      };
      for (const [name, service] of Object.entries(endpoints)) {
        const endpoint = this.vpc.addInterfaceEndpoint(name, {
          service,
          subnets: this.privateSubnets,
          privateDnsEnabled: true,
          // HTTPS from inside the VPC only, written as the literal range so checkers can read it.
          open: false,
        });
        endpoint.connections.allowFrom(ec2.Peer.ipv4(cidr), ec2.Port.tcp(443), 'HTTPS from inside the VPC');
        this.interfaceEndpoints[name] = endpoint;
      }
    }
  }

  private validateProps(props: NetworkProps, maxAzs: number, natGateways: number): void {
    checkIntegerInRange(
      this,
      'maxAzs',
      maxAzs,
      1,
      6,
      'Production wants at least 2 AZs (3 for the multi-region blueprint)',
    );
    checkIntegerInRange(
      this,
      'natGateways',
      natGateways,
      0,
      maxAzs,
      `Use 0 (no NAT, VPC endpoints), 1 (one shared NAT) or ${maxAzs} (one per AZ); it cannot exceed \`maxAzs\``,
    );
    if (props.cidr !== undefined && !/^(\d{1,3}\.){3}\d{1,3}\/(1[6-9]|2[0-4])$/.test(props.cidr)) {
      throw new BlueprintValidationError(
        this,
        'cidr',
        `\`cidr\` must be an IPv4 range from /16 to /24 such as '10.0.0.0/16', got: '${props.cidr}'`,
      );
    }
  }
}
