import { Template } from 'aws-cdk-lib/assertions';
import { addBudgetStartup, budgetStartupSettings } from '../../blueprints/budget-startup';
import { legacyMonolithUpliftSettings } from '../../blueprints/legacy-monolith-uplift';
import { addMultiRegionSaas, multiRegionSaasSettings } from '../../blueprints/multi-region-saas';
import { KNOWN_REGIONS } from '../../blueprints/regions';
import { BlueprintSettingsError } from '../../blueprints/settings';
import { CLOUDFRONT_ORIGIN_FACING_PREFIX_LISTS } from '../../lib/private/cloudfront-regions';
import { PROJECT_CONTEXT, testApp } from '../support/app';

const PARTITION = 'aws';
const WEB_ACL = `arn:${PARTITION}:wafv2:us-east-1:123456789012:global/webacl/shop/0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9`;
/** A real region the library has no offline data for, described by the settings. */
const UNLISTED = {
  region: 'eu-south-1',
  availabilityZones: ['eu-south-1a', 'eu-south-1b', 'eu-south-1c'],
  cloudFrontPrefixListId: 'pl-1bbc5972',
};

function problems(build: () => unknown): string[] {
  try {
    build();
  } catch (error) {
    expect(error).toBeInstanceOf(BlueprintSettingsError);
    return (error as BlueprintSettingsError).problems;
  }
  throw new Error('expected a BlueprintSettingsError');
}

describe('one list of known regions', () => {
  test("is the construct library's CloudFront prefix-list table", () => {
    expect([...KNOWN_REGIONS]).toEqual(Object.keys(CLOUDFRONT_ORIGIN_FACING_PREFIX_LISTS).sort());
  });

  test("and cdk.json carries the Availability Zones of exactly those regions (the dummy account's)", () => {
    const regionsWithZones = Object.keys(PROJECT_CONTEXT)
      .map((key) => /^availability-zones:account=123456789012:region=(.+)$/.exec(key)?.[1])
      .filter((region): region is string => region !== undefined)
      .sort();
    expect(regionsWithZones).toEqual([...KNOWN_REGIONS]);
  });
});

describe('a region that is not known fails in the settings, naming what would make it work', () => {
  test.each<[string, () => unknown, RegExp]>([
    [
      'budget-startup',
      () => budgetStartupSettings({ environment: { region: 'eu-west-9' }, cdn: { webAclArn: WEB_ACL } }),
      /^`budget-startup\.environment\.region`: 'eu-west-9' is not a region these blueprints know offline \(ap-northeast-1, .*\): check the name\. For a real region that is not listed, set `environment\.availabilityZones` and `environment\.cloudFrontPrefixListId` \(the prefix list id: `aws ec2 describe-managed-prefix-lists --region eu-west-9 /,
    ],
    [
      'legacy-monolith-uplift',
      () => legacyMonolithUpliftSettings({ environment: { region: 'eu-west-9' } }),
      /^`legacy-monolith-uplift\.environment\.region`: 'eu-west-9' is not a region .* set `vpc\.availabilityZones`/,
    ],
    [
      'multi-region-saas',
      () => multiRegionSaasSettings({ regions: [{ region: 'us-east-1' }, { region: 'eu-west-9' }] }),
      /^`multi-region-saas\.regions\[1\]\.region`: 'eu-west-9' is not a region .* set `regions\[1\]\.availabilityZones` and `regions\[1\]\.cloudFrontPrefixListId`/,
    ],
  ])('%s', (_blueprint, build, message) => {
    expect(problems(build)[0]).toMatch(message);
  });

  test('a home region outside `regions` is named', () => {
    expect(problems(() => multiRegionSaasSettings({ homeRegion: 'eu-west-9' }))).toEqual([
      expect.stringMatching(
        /^`multi-region-saas\.homeRegion`: must be one of the regions listed in `regions`/,
      ),
    ]);
  });

  test('zone names of another region are refused', () => {
    expect(
      problems(() =>
        budgetStartupSettings({
          environment: { ...UNLISTED, availabilityZones: ['eu-south-1a', 'eu-west-1b'] },
          cdn: { webAclArn: WEB_ACL },
        }),
      ),
    ).toEqual([
      expect.stringMatching(
        /^`budget-startup\.environment\.availabilityZones\[1\]`: must be an Availability Zone of environment\.region \(eu-south-1\)/,
      ),
    ]);
  });
});

describe('a real region that is not listed works offline with its zones and prefix list as settings', () => {
  test('budget-startup: the VPC over the given zones, the load balancer admitting the given prefix list', () => {
    const stack = addBudgetStartup(
      testApp(),
      budgetStartupSettings({ environment: UNLISTED, cdn: { webAclArn: WEB_ACL } }),
    );
    expect(stack.region).toBe('eu-south-1');
    expect(stack.network.vpc.availabilityZones).toEqual(['eu-south-1a', 'eu-south-1b']);
    Template.fromStack(stack).hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
      SourcePrefixListId: 'pl-1bbc5972',
    });
  });

  test('multi-region-saas: a regional stack in it', () => {
    const { regions } = addMultiRegionSaas(
      testApp(),
      multiRegionSaasSettings({ regions: [{ region: 'us-east-1' }, UNLISTED] }),
    );
    const unlisted = regions.find((r) => r.region === 'eu-south-1')!;
    expect(unlisted.network.vpc.availabilityZones).toEqual(UNLISTED.availabilityZones);
    Template.fromStack(unlisted).hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
      SourcePrefixListId: 'pl-1bbc5972',
    });
  });

  test('legacy-monolith-uplift: the VPC zones describe it; the strangler route needs its prefix list too', () => {
    const vpc = { availabilityZones: ['eu-south-1a', 'eu-south-1b'] };
    expect(() => legacyMonolithUpliftSettings({ environment: { region: 'eu-south-1' }, vpc })).not.toThrow();
    const strangler = {
      enabled: true,
      image: '123456789012.dkr.ecr.eu-south-1.amazonaws.com/orders:1.0.0',
      originDomainName: 'orders-origin.example.com',
      certificateArn: `arn:${PARTITION}:acm:eu-south-1:123456789012:certificate/0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9`,
    };
    expect(
      problems(() =>
        legacyMonolithUpliftSettings({ environment: { region: 'eu-south-1' }, vpc, strangler }),
      )[0],
    ).toMatch(/set `vpc\.availabilityZones` and `environment\.cloudFrontPrefixListId`/);
    expect(() =>
      legacyMonolithUpliftSettings({
        environment: { region: 'eu-south-1', cloudFrontPrefixListId: 'pl-1bbc5972' },
        vpc,
        strangler,
      }),
    ).not.toThrow();
  });
});
