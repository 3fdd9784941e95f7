// Importing constructs into an application that already exists: its VPC and its Application Load
// Balancer are given by attributes (no lookups, so this synthesizes offline), and the library adds a
// replicated, pooled database, a session store, CloudFront in front of the ALB, and alarms on all of it.
//
// In a project with the package installed (npm install cdk-scaling-blueprints aws-cdk-lib constructs):
//
//   npx cdk synth --app 'npx ts-node app.ts'
//
// The repository's tests compile it and synthesize it against the packed package.
import { App, Duration, Stack, StackProps, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import {
  CacheCluster,
  CdnFront,
  DatabaseEngine,
  Observability,
  ReplicatedDatabase,
} from 'cdk-scaling-blueprints';

export class ExistingAppStack extends Stack {
  public readonly database: ReplicatedDatabase;
  public readonly sessions: CacheCluster;
  public readonly cdn: CdnFront;
  public readonly observability: Observability;

  constructor(scope: Construct, id: string, props: StackProps) {
    super(scope, id, props);

    // The existing VPC: two AZs with public, private (NAT) and isolated subnets. Every id is an example.
    const vpc = ec2.Vpc.fromVpcAttributes(this, 'Vpc', {
      vpcId: 'vpc-0a1b2c3d4e5f60718',
      availabilityZones: ['eu-west-1a', 'eu-west-1b'],
      publicSubnetIds: ['subnet-0a00000000000a001', 'subnet-0a00000000000a002'],
      publicSubnetRouteTableIds: ['rtb-0a00000000000a001', 'rtb-0a00000000000a001'],
      privateSubnetIds: ['subnet-0b00000000000b001', 'subnet-0b00000000000b002'],
      privateSubnetRouteTableIds: ['rtb-0b00000000000b001', 'rtb-0b00000000000b002'],
      isolatedSubnetIds: ['subnet-0c00000000000c001', 'subnet-0c00000000000c002'],
      isolatedSubnetRouteTableIds: ['rtb-0c00000000000c001', 'rtb-0c00000000000c001'],
    });

    // The existing ALB in front of the application servers, and its target group.
    const alb = elbv2.ApplicationLoadBalancer.fromApplicationLoadBalancerAttributes(this, 'Alb', {
      loadBalancerArn: this.formatArn({
        service: 'elasticloadbalancing',
        resource: 'loadbalancer',
        resourceName: 'app/shop/0a1b2c3d4e5f6071',
      }),
      loadBalancerDnsName: 'shop-1234567890.eu-west-1.elb.amazonaws.com',
      securityGroupId: 'sg-0a1b2c3d4e5f60001',
      vpc,
    });
    const targetGroup = elbv2.ApplicationTargetGroup.fromTargetGroupAttributes(this, 'TargetGroup', {
      targetGroupArn: this.formatArn({
        service: 'elasticloadbalancing',
        resource: 'targetgroup',
        resourceName: 'shop/0a1b2c3d4e5f6072',
      }),
      loadBalancerArns: alb.loadBalancerArn,
    });
    // The application servers' security group and role (EC2 instances, not ECS).
    const appSecurityGroup = ec2.SecurityGroup.fromSecurityGroupId(this, 'AppSg', 'sg-0a1b2c3d4e5f60003');
    const appRole = iam.Role.fromRoleName(this, 'AppRole', 'shop-app');

    // A new PostgreSQL database in the isolated subnets: writer + one read replica, RDS Proxy,
    // slow-query log at 200 ms, TLS forced, rotated secret. The app servers connect through the proxy.
    this.database = new ReplicatedDatabase(this, 'Database', {
      vpc,
      engine: DatabaseEngine.POSTGRESQL,
      slowQueryThreshold: Duration.millis(200),
    });
    if (this.database.proxy) {
      this.database.proxy.connections.allowFrom(
        appSecurityGroup,
        ec2.Port.tcp(this.database.proxyPort),
        'app servers to RDS Proxy',
      );
      this.database.proxy.grantConnect(appRole, 'dbadmin'); // IAM authentication as the admin user
    }
    // HOST (the proxy), PORT, READER_HOST, ... as SSM parameters under the database's path.
    for (const parameter of Object.values(this.database.connectionParameters)) parameter.grantRead(appRole);

    // The session store (Valkey, primary + replica, volatile-lru). The app reads its connection
    // details from SSM (`/ExistingApp/Sessions/host`, `/port`, `/tls`, `/auth-secret-arn`).
    this.sessions = new CacheCluster(this, 'Sessions', { vpc });
    this.sessions.connections.allowDefaultPortFrom(appSecurityGroup, 'app servers to the session store');
    this.sessions.grantReadConnectionDetails(appRole);

    // CloudFront in front of the existing ALB. The stack is in eu-west-1, so the CLOUDFRONT-scoped
    // web ACL must already exist in us-east-1: pass its ARN.
    this.cdn = new CdnFront(this, 'Cdn', {
      loadBalancer: alb,
      loadBalancerDomainName: 'origin.shop.example.com', // a name on the ALB's certificate
      webAclArn: this.formatArn({
        service: 'wafv2',
        region: 'us-east-1',
        resource: 'global',
        resourceName: 'webacl/shop-edge/0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9',
      }),
      anonymousPageCaching: true,
      sessionCookieName: 'session',
    });

    // A risky-but-legal choice is a synth warning that fails synth until acknowledged, with a reason.
    Validations.of(this.cdn).acknowledge({
      id: 'Annotation::CdnFront:NoAlarmsOutsideUsEast1',
      reason:
        'CloudFront metrics live in us-east-1 and alarms cannot watch another region: the SLO alarms on the ' +
        'existing ALB cover what users see, and the dashboard shows the CloudFront metrics',
    });

    // SLO alarms on the existing ALB, resource alarms of the new database and cache, one dashboard.
    this.observability = new Observability(this, 'Observability', {
      slo: { latencyP95: Duration.millis(500), errorRatePercent: 1 },
      alarmEmails: ['oncall@example.com'],
    });
    this.observability.observeLoadBalancer(alb, targetGroup);
    this.observability.observe(this.database, this.sessions, this.cdn);
  }
}

/** Adds the example's stack to `app`, in the dummy account. */
export function addExistingAppStack(app: App): ExistingAppStack {
  return new ExistingAppStack(app, 'ExistingApp', { env: { account: '123456789012', region: 'eu-west-1' } });
}

if (require.main === module) {
  const app = new App();
  addExistingAppStack(app);
  app.synth();
}
