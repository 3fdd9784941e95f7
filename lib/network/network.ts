import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cloudwatchActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { BlueprintValidationError } from '../errors';
import { acknowledgeRestrictDefaultSgProvider } from '../private/acknowledge';
import { secureLogGroup } from '../private/log-groups';
import { checkIntegerInRange } from '../private/validate';
import { natInstanceUserData } from './private/nat-instance-user-data';

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
   * Give the private subnets their egress through NAT instances of this type (e.g. `t4g.nano`)
   * instead of NAT gateways: about 3 USD a month plus its public IPv4 address instead of 33 USD,
   * for a budget. An instance is one more thing to patch (it runs Amazon Linux 2023, resolved at
   * deploy time), its throughput is the instance's, and when it stops, egress stops until it is
   * replaced: for production egress prefer NAT gateways. `natGateways` instances are created.
   *
   * @see https://docs.aws.amazon.com/vpc/latest/userguide/VPC_NAT_Instance.html
   * @default - NAT gateways
   */
  readonly natInstanceType?: ec2.InstanceType;

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

    const natInstances = props.natInstanceType ? natInstanceProvider(props.natInstanceType) : undefined;
    this.vpc = new ec2.Vpc(this, 'Vpc', {
      // No cidrMask: the range is split evenly over the three tiers and the AZs, whatever its size.
      ipAddresses: ec2.IpAddresses.cidr(cidr),
      maxAzs,
      natGateways,
      natGatewayProvider: natInstances,
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
    if (natInstances) this.hardenNatInstances(natInstances, cidr);

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

  /**
   * The NAT instances admit only the VPC's own range (what they forward) and carry the
   * acknowledgements of what a NAT instance is by design.
   */
  private hardenNatInstances(provider: ec2.NatInstanceProviderV2, cidr: string): void {
    provider.connections.allowFrom(ec2.Peer.ipv4(cidr), ec2.Port.allTraffic(), 'Traffic to NAT from the VPC');
    for (const instance of provider.gatewayInstances) {
      // The provider takes no block devices: encrypt the root volume on the instance this VPC made.
      (instance.node.defaultChild as ec2.CfnInstance).blockDeviceMappings = [
        { deviceName: '/dev/xvda', ebs: { encrypted: true, volumeType: 'gp3', deleteOnTermination: true } },
      ];
      const monitoring =
        'A NAT instance chosen for cost (natInstanceType): detailed monitoring would cost as much as the instance; ' +
        'the 5-minute metrics show its traffic and a stopped instance is replaced, not tuned';
      const reason =
        "A NAT instance (natInstanceType, chosen for cost) forwards the private subnets' traffic to the internet: " +
        'it needs a public address and the internet gateway route by design; it admits only the VPC range';
      // EC2 moves the instance to healthy hardware when the host fails its system status check.
      // https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/ec2-instance-recover.html
      const recover = new cloudwatch.Alarm(instance, 'RecoverAlarm', {
        metric: new cloudwatch.Metric({
          namespace: 'AWS/EC2',
          metricName: 'StatusCheckFailed_System',
          dimensionsMap: { InstanceId: instance.instanceId },
          statistic: cloudwatch.Stats.MAXIMUM,
          period: Duration.minutes(1),
        }),
        threshold: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        evaluationPeriods: 2,
        alarmDescription: `${instance.node.path}: the NAT instance's host failed its system status check: EC2 recovers it`,
      });
      recover.addAlarmAction(new cloudwatchActions.Ec2Action(cloudwatchActions.Ec2InstanceAction.RECOVER));
      Validations.of(instance).acknowledge(
        { id: 'AwsSolutions-EC28', reason: monitoring },
        { id: 'cdk-validator-cfnguard::ec2_instance_detailed_monitoring_enabled_check', reason: monitoring },
        { id: 'AwsSolutions-EC29', reason: 'A NAT instance holds no data; replacing it restores egress' },
        { id: 'cdk-validator-cfnguard::ec2_instance_no_public_ip_check', reason },
        {
          id: 'cdk-validator-cfnguard::ec2_instance_nitro_encryption_in_transit_check',
          reason:
            "The rule is about traffic between instances; a NAT instance forwards the VPC's connections to the " +
            'internet, which the applications encrypt with TLS end to end. A burstable Graviton type keeps it cheap',
        },
      );
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
    if (props.natInstanceType !== undefined && natGateways === 0) {
      throw new BlueprintValidationError(
        this,
        'natInstanceType',
        '`natInstanceType` sets the kind of NAT, and `natGateways` is 0 (no NAT at all): set `natGateways` to the ' +
          'number of NAT instances (1, or one per AZ), or remove `natInstanceType`',
      );
    }
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

/**
 * NAT instances on Amazon Linux 2023 (resolved at deploy time from the public SSM parameter: no
 * lookup at synth), IMDSv2 only, encrypted root volume, outbound traffic allowed and inbound only
 * from the VPC (added once the VPC exists), configured by a first-boot script that retries its
 * package install and persists its rules (see {@link natInstanceUserData}).
 */
function natInstanceProvider(instanceType: ec2.InstanceType): ec2.NatInstanceProviderV2 {
  return ec2.NatProvider.instanceV2({
    instanceType,
    machineImage: ec2.MachineImage.latestAmazonLinux2023({
      cpuType:
        instanceType.architecture === ec2.InstanceArchitecture.ARM_64
          ? ec2.AmazonLinuxCpuType.ARM_64
          : ec2.AmazonLinuxCpuType.X86_64,
    }),
    defaultAllowedTraffic: ec2.NatTrafficDirection.OUTBOUND_ONLY,
    associatePublicIpAddress: true,
    userData: natInstanceUserData(),
  });
}
