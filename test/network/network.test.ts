import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as logs from 'aws-cdk-lib/aws-logs';
import { RemovalPolicy } from 'aws-cdk-lib';
import { BlueprintValidationError, ComplianceGates, Network } from '../../lib';
import { testStack } from '../support/app';
import { mutationOf, propertyStack, runMutations, wiringFindings } from '../support/property';
import { NetworkProps } from '../../lib/network/network';

const PARTITION = 'aws';

describe('Network', () => {
  describe('with defaults', () => {
    const stack = testStack();
    const network = new Network(stack, 'Network');
    const template = Template.fromStack(stack);

    test('spans 2 AZs with public, private-with-egress and isolated data subnets', () => {
      expect(network.vpc.availabilityZones).toHaveLength(2);
      expect(network.vpc.publicSubnets).toHaveLength(2);
      expect(network.vpc.privateSubnets).toHaveLength(2);
      expect(network.vpc.isolatedSubnets).toHaveLength(2);
      expect(network.vpc.selectSubnets(network.dataSubnets).subnets).toHaveLength(2);
    });

    test('has one NAT gateway', () => {
      template.resourceCountIs('AWS::EC2::NatGateway', 1);
    });

    test('public subnets do not give instances public IPs', () => {
      template.allResourcesProperties('AWS::EC2::Subnet', { MapPublicIpOnLaunch: false });
    });

    test('sends all traffic to flow logs in an encrypted log group kept a year and retained', () => {
      template.hasResourceProperties('AWS::EC2::FlowLog', {
        TrafficType: 'ALL',
        LogDestinationType: 'cloud-watch-logs',
      });
      template.hasResource('AWS::Logs::LogGroup', {
        Properties: { RetentionInDays: 365, KmsKeyId: Match.anyValue() },
        DeletionPolicy: 'Retain',
      });
    });

    test('the logs key rotates and lets only AWS services create grants', () => {
      template.hasResourceProperties('AWS::KMS::Key', {
        EnableKeyRotation: true,
        KeyPolicy: {
          Statement: Match.arrayWith([
            Match.objectLike({
              Effect: 'Deny',
              Action: 'kms:CreateGrant',
              Condition: {
                BoolIfExists: { 'kms:GrantIsForAWSResource': 'false', 'aws:PrincipalIsAWSService': 'false' },
              },
            }),
          ]),
        },
      });
    });

    test('has S3 and DynamoDB gateway endpoints and no interface endpoints', () => {
      template.resourcePropertiesCountIs('AWS::EC2::VPCEndpoint', { VpcEndpointType: 'Gateway' }, 2);
      template.resourcePropertiesCountIs('AWS::EC2::VPCEndpoint', { VpcEndpointType: 'Interface' }, 0);
      expect(network.interfaceEndpoints).toEqual({});
    });

    test('restricts the default security group', () => {
      template.resourceCountIs('Custom::VpcRestrictDefaultSG', 1);
    });

    test('cdk-nag AwsSolutions finds nothing', () => {
      expect(ComplianceGates.nagFindings(stack)).toEqual([]);
    });
  });

  test('maxAzs 3 with one NAT per AZ', () => {
    const stack = testStack();
    const network = new Network(stack, 'Network', { maxAzs: 3, natGateways: 3 });
    expect(network.vpc.availabilityZones).toHaveLength(3);
    Template.fromStack(stack).resourceCountIs('AWS::EC2::NatGateway', 3);
  });

  test('natGateways 0 isolates the app subnets and adds interface endpoints', () => {
    const stack = testStack();
    const network = new Network(stack, 'Network', { natGateways: 0 });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::EC2::NatGateway', 0);
    expect(network.vpc.privateSubnets).toHaveLength(0);
    expect(network.vpc.selectSubnets(network.privateSubnets).subnets).toHaveLength(2);
    expect(Object.keys(network.interfaceEndpoints).sort()).toEqual([
      'EcrApi',
      'EcrDocker',
      'Logs',
      'SecretsManager',
      'Sqs',
    ]);
    template.resourcePropertiesCountIs(
      'AWS::EC2::VPCEndpoint',
      { VpcEndpointType: 'Interface', PrivateDnsEnabled: true },
      5,
    );
    template.hasResourceProperties('AWS::EC2::SecurityGroup', {
      SecurityGroupIngress: [Match.objectLike({ CidrIp: '10.0.0.0/16', FromPort: 443, ToPort: 443 })],
    });
    expect(ComplianceGates.nagFindings(stack)).toEqual([]);
  });

  test('interfaceEndpoints can be forced on with a NAT gateway, or off without one', () => {
    const withNat = testStack();
    new Network(withNat, 'Network', { interfaceEndpoints: true });
    Template.fromStack(withNat).resourcePropertiesCountIs(
      'AWS::EC2::VPCEndpoint',
      { VpcEndpointType: 'Interface' },
      5,
    );
    const withoutNat = testStack();
    new Network(withoutNat, 'Network', { natGateways: 0, interfaceEndpoints: false });
    Template.fromStack(withoutNat).resourcePropertiesCountIs(
      'AWS::EC2::VPCEndpoint',
      { VpcEndpointType: 'Interface' },
      0,
    );
  });

  describe('natInstanceType: NAT instances instead of NAT gateways', () => {
    const stack = testStack();
    new Network(stack, 'Network', { natInstanceType: new ec2.InstanceType('t4g.nano') });
    const template = Template.fromStack(stack);

    test('one Graviton instance on Amazon Linux 2023 (resolved at deploy), no NAT gateway, the routes through it', () => {
      template.resourceCountIs('AWS::EC2::NatGateway', 0);
      template.resourceCountIs('AWS::EC2::Instance', 1);
      template.hasResourceProperties('AWS::EC2::Instance', {
        InstanceType: 't4g.nano',
        SourceDestCheck: false,
        ImageId: { Ref: Match.stringLikeRegexp('SsmParameterValue.*al2023') },
        BlockDeviceMappings: [{ DeviceName: '/dev/xvda', Ebs: Match.objectLike({ Encrypted: true }) }],
      });
      const routes = Object.values(template.findResources('AWS::EC2::Route')).filter(
        (r) => r.Properties.InstanceId !== undefined,
      );
      expect(routes).toHaveLength(2);
    });

    test('admits only the VPC range, and EC2 recovers it when its host fails', () => {
      const instanceGroups = Object.values(template.findResources('AWS::EC2::SecurityGroup')).filter((g) =>
        String(g.Properties.GroupDescription).includes('NAT'),
      );
      expect(instanceGroups).toHaveLength(1);
      expect(instanceGroups[0].Properties.SecurityGroupIngress).toEqual([
        expect.objectContaining({ CidrIp: '10.0.0.0/16', IpProtocol: '-1' }),
      ]);
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        MetricName: 'StatusCheckFailed_System',
        AlarmActions: [`arn:${PARTITION}:automate:eu-west-1:ec2:recover`],
      });
    });

    test('cdk-nag finds nothing unacknowledged', () => {
      expect(ComplianceGates.nagFindings(stack)).toEqual([]);
    });

    describe('its first-boot script', () => {
      const instance = Object.values(template.findResources('AWS::EC2::Instance'))[0];
      const script = instance.Properties.UserData['Fn::Base64'] as string;

      test('is valid bash', () => {
        const check = spawnSync('bash', ['-n'], { input: script, encoding: 'utf8' });
        expect(check.stderr).toBe('');
        expect(check.status).toBe(0);
      });

      /**
       * Runs the script with stand-ins for the system commands (and its /etc and /swapfile under a
       * temporary directory); `dnfFailures` first attempts of `dnf install` fail, as they do while
       * cloud-init holds the dnf lock.
       */
      const readIfExists = (file: string) => (fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '');
      function runScript(dnfFailures: number) {
        const root = fs.mkdtempSync(path.join(os.tmpdir(), 'nat-'));
        const bin = path.join(root, 'bin');
        fs.mkdirSync(bin);
        fs.mkdirSync(path.join(root, 'etc', 'sysctl.d'), { recursive: true });
        fs.mkdirSync(path.join(root, 'etc', 'sysconfig'), { recursive: true });
        const log = path.join(root, 'calls.log');
        const stub = (name: string, body = '') =>
          fs.writeFileSync(path.join(bin, name), `#!/bin/bash\necho "${name} $*" >> ${log}\n${body}\n`, {
            mode: 0o755,
          });
        stub('dnf', `n=$(grep -c '^dnf ' ${log}); [ "$n" -gt ${dnfFailures} ]`);
        stub('ip', "echo 'default via 10.0.0.1 dev ens5 proto dhcp src 10.0.0.10 metric 512'");
        stub('iptables-save', "echo '-A POSTROUTING -o ens5 -j MASQUERADE'");
        for (const name of ['sleep', 'systemctl', 'sysctl', 'iptables', 'dd', 'mkswap', 'swapon', 'swapoff'])
          stub(name);
        const localScript = script
          .replace(/\/etc\//g, `${root}/etc/`)
          .replace(/\/swapfile/g, `${root}/swapfile`);
        const run = spawnSync('bash', ['-c', localScript], {
          encoding: 'utf8',
          env: { PATH: `${bin}:/usr/bin:/bin` },
        });
        const calls = fs.existsSync(log) ? fs.readFileSync(log, 'utf8').trim().split('\n') : [];
        const saved = path.join(root, 'etc', 'sysconfig', 'iptables');
        return {
          status: run.status,
          output: run.stdout + run.stderr,
          calls,
          forwarding: readIfExists(path.join(root, 'etc', 'sysctl.d', '90-nat-instance.conf')),
          savedRules: readIfExists(saved),
        };
      }

      test('retries the package install while dnf is busy, then masquerades through the default interface and saves the rules', () => {
        const run = runScript(3);
        expect(run.status).toBe(0);
        expect(run.calls.filter((c) => c.startsWith('dnf install -y iptables-services'))).toHaveLength(4);
        expect(run.calls).toContain('iptables -t nat -A POSTROUTING -o ens5 -j MASQUERADE');
        expect(run.calls).toContain('systemctl enable --now iptables');
        expect(run.forwarding).toBe('net.ipv4.ip_forward=1\n');
        expect(run.savedRules).toContain('MASQUERADE');
        expect(run.output).toContain('nat: forwarding through ens5');
      });

      test('fails loudly, with no half-configured forwarding, when dnf never succeeds', () => {
        const run = runScript(100);
        expect(run.status).toBe(1);
        expect(run.output).toContain('iptables-services could not be installed');
        expect(run.calls.some((c) => c.startsWith('iptables '))).toBe(false);
        expect(run.forwarding).toBe('');
      });
    });

    test('needs at least one NAT', () => {
      expect(
        () =>
          new Network(testStack(), 'Network', {
            natGateways: 0,
            natInstanceType: new ec2.InstanceType('t4g.nano'),
          }),
      ).toThrow(/`natInstanceType` sets the kind of NAT, and `natGateways` is 0/);
    });
  });

  test('cidr sets the VPC range', () => {
    const stack = testStack();
    new Network(stack, 'Network', { cidr: '172.20.0.0/20' });
    Template.fromStack(stack).hasResourceProperties('AWS::EC2::VPC', { CidrBlock: '172.20.0.0/20' });
  });

  test('flow log retention, traffic type and removal policy can be changed', () => {
    const stack = testStack();
    new Network(stack, 'Network', {
      flowLogRetention: logs.RetentionDays.TWO_YEARS,
      flowLogTrafficType: ec2.FlowLogTrafficType.REJECT,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::EC2::FlowLog', { TrafficType: 'REJECT' });
    template.hasResource('AWS::Logs::LogGroup', {
      Properties: { RetentionInDays: 731 },
      DeletionPolicy: 'Delete',
    });
  });

  describe('validation', () => {
    test.each([0, 7, 2.5])('maxAzs %p is rejected', (maxAzs) => {
      expect(() => new Network(testStack(), 'Network', { maxAzs })).toThrow(
        new RegExp(`\\\`maxAzs\\\` must be an integer between 1 and 6, got: ${maxAzs}`),
      );
    });

    test('natGateways above maxAzs is rejected with the fix', () => {
      expect(() => new Network(testStack(), 'Network', { maxAzs: 2, natGateways: 3 })).toThrow(
        /`natGateways` must be an integer between 0 and 2, got: 3\. Use 0 \(no NAT, VPC endpoints\), 1 \(one shared NAT\) or 2 \(one per AZ\)/,
      );
    });

    test('a malformed cidr is rejected', () => {
      expect(() => new Network(testStack(), 'Network', { cidr: '10.0.0.0/8' })).toThrow(
        /`cidr` must be an IPv4 range from \/16 to \/24 such as '10.0.0.0\/16', got: '10.0.0.0\/8'/,
      );
    });

    test('errors carry the construct path and prop', () => {
      try {
        new Network(testStack(), 'Network', { maxAzs: 0 });
        throw new Error('expected a validation error');
      } catch (e) {
        expect(e).toBeInstanceOf(BlueprintValidationError);
        expect((e as BlueprintValidationError).constructPath).toBe('TestStack/Network');
        expect((e as BlueprintValidationError).prop).toBe('maxAzs');
      }
    });
  });

  test('property: mutations of a valid configuration build the VPC asked for, or throw our error naming the invalid prop and value', () => {
    const mutations = [
      mutationOf('maxAzs', [1, 2, 3, 6], [{ value: 0 }, { value: 7 }, { value: 2.5 }]),
      // At most 1, so that any valid maxAzs takes it; above 6, more than any maxAzs.
      mutationOf('natGateways', [0, 1], [{ value: -1 }, { value: 7 }]),
      mutationOf(
        'cidr',
        ['10.0.0.0/16', '10.1.0.0/20', '192.168.0.0/24'],
        [
          { value: '10.0.0.0/8', shown: "'10.0.0.0/8'" },
          { value: 'not-a-cidr', shown: "'not-a-cidr'" },
        ],
      ),
    ];
    const stack = propertyStack();
    const numRuns = 1000;
    const run = runMutations<NetworkProps, Network>({
      base: {},
      mutations,
      numRuns,
      build: (props, index) => {
        const network = new Network(stack, `Network${index}`, props);
        // eu-west-1 has 3 AZs.
        expect(network.vpc.availabilityZones).toHaveLength(Math.min(props.maxAzs ?? 2, 3));
        return network;
      },
    });
    for (const { props } of run.samples) {
      // The shared stack holds hundreds of VPCs: synthesize each sample alone.
      const sample = testStack();
      new Network(sample, 'Network', props);
      const template = Template.fromStack(sample);
      const azs = Math.min(props.maxAzs ?? 2, 3);
      template.resourceCountIs('AWS::EC2::Subnet', 3 * azs);
      template.resourceCountIs('AWS::EC2::NatGateway', Math.min(props.natGateways ?? 1, azs));
      template.hasResourceProperties('AWS::EC2::VPC', { CidrBlock: props.cidr ?? Match.anyValue() });
      expect(wiringFindings(sample)).toEqual([]);
    }
  });
});
