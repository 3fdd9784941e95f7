import { Stack } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { BlueprintValidationError } from '../errors';

/** The only region where CloudFront-scoped WAF web ACLs, their logs and CloudFront metrics live. */
export const CLOUDFRONT_REGION = 'us-east-1';

/**
 * Ids of the AWS-managed prefix list `com.amazonaws.global.cloudfront.origin-facing` (the addresses
 * CloudFront uses to reach origins) by region. The id differs per region and CloudFormation cannot
 * resolve a prefix list by name; looking it up at synth would need credentials (`fromLookup`), so
 * the published ids are kept here. A region missing from the table needs `cloudFrontPrefixListId`
 * (`aws ec2 describe-managed-prefix-lists --filters Name=prefix-list-name,Values=com.amazonaws.global.cloudfront.origin-facing`).
 */
export const CLOUDFRONT_ORIGIN_FACING_PREFIX_LISTS: Record<string, string> = {
  'ap-northeast-1': 'pl-58a04531',
  'ap-northeast-2': 'pl-22a6434b',
  'ap-south-1': 'pl-9aa247f3',
  'ap-southeast-1': 'pl-31a34658',
  'ap-southeast-2': 'pl-b8a742d1',
  'ca-central-1': 'pl-38a64351',
  'eu-central-1': 'pl-a3a144ca',
  'eu-north-1': 'pl-fab65393',
  'eu-west-1': 'pl-4fa04526',
  'eu-west-2': 'pl-93a247fa',
  'eu-west-3': 'pl-75b1541c',
  'sa-east-1': 'pl-5da64334',
  'us-east-1': 'pl-3b927c52',
  'us-east-2': 'pl-b6a144df',
  'us-west-1': 'pl-4ea04527',
  'us-west-2': 'pl-82a045eb',
};

/**
 * The CloudFront origin-facing prefix list id for the stack's region (which must be known at synth).
 * Throws, naming `prop`, when the region is not in the table.
 */
export function cloudFrontPrefixListId(scope: Construct, prop: string): string {
  const region = Stack.of(scope).region;
  const id = CLOUDFRONT_ORIGIN_FACING_PREFIX_LISTS[region];
  if (id === undefined) {
    throw new BlueprintValidationError(
      scope,
      prop,
      `\`${prop}\` is required in ${region}: the id of the managed prefix list ` +
        "'com.amazonaws.global.cloudfront.origin-facing' differs per region and this library only knows " +
        `${Object.keys(CLOUDFRONT_ORIGIN_FACING_PREFIX_LISTS).join(', ')}`,
    );
  }
  return id;
}

/**
 * Regions where CloudFront can reach an internal Application Load Balancer through a VPC origin
 * (`AWS::CloudFront::VpcOrigin`), so the load balancer needs no public address at all. Every
 * region of the prefix-list table above is one of them; a few Availability Zones are not (AWS lists
 * them on the page below): CloudFormation then fails to create the VPC origin, and moving the load
 * balancer's subnets is the fix.
 *
 * @see https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/private-content-vpc-origins.html
 */
export const VPC_ORIGIN_REGIONS: ReadonlySet<string> = new Set(
  Object.keys(CLOUDFRONT_ORIGIN_FACING_PREFIX_LISTS),
);

/** Whether CloudFront VPC origins are available in the stack's region (false when it is a token). */
export function vpcOriginsSupported(scope: Construct): boolean {
  return VPC_ORIGIN_REGIONS.has(Stack.of(scope).region);
}
