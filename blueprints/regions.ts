import { Stack, Validations } from 'aws-cdk-lib';
import { z } from 'zod';
import { CLOUDFRONT_ORIGIN_FACING_PREFIX_LISTS } from '../lib/private/cloudfront-regions';

/**
 * The regions the blueprints synthesize in offline, with nothing more to give: the construct
 * library knows their CloudFront origin-facing prefix list (lib/private/cloudfront-regions.ts is
 * the one list), and cdk.json carries their Availability Zones for the dummy account (a test keeps
 * the two in step). A real region not listed here works too, given what it needs as settings: its
 * prefix list id and its zone names.
 */
export const KNOWN_REGIONS: readonly string[] = Object.keys(CLOUDFRONT_ORIGIN_FACING_PREFIX_LISTS).sort();

/** Whether the blueprints know `region` offline. */
export function isKnownRegion(region: string): boolean {
  return KNOWN_REGIONS.includes(region);
}

/** A region name such as `eu-west-1` (the format only; {@link isKnownRegion} says whether it is listed). */
export const regionName = z
  .string()
  .regex(/^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-\d$/, "must be an AWS region name such as 'eu-west-1'");

/** The Availability Zone names of a region not listed in {@link KNOWN_REGIONS}, e.g. `['eu-south-2a', 'eu-south-2b']`. */
export const availabilityZoneNames = z
  .array(
    z
      .string()
      .regex(/^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-\d[a-z]$/, "must be zone names such as 'eu-west-1a'"),
  )
  .min(2, 'must list at least two Availability Zones')
  .max(6);

/** The id of the managed prefix list `com.amazonaws.global.cloudfront.origin-facing` in a region. */
export const prefixListId = z
  .string()
  .regex(/^pl-[0-9a-f]{8,17}$/, "must be a managed prefix list id such as 'pl-3b927c52'");

/** How to find the prefix list id of a region (it differs per region). */
export function prefixListCommand(region: string): string {
  return (
    `aws ec2 describe-managed-prefix-lists --region ${region} ` +
    '--filters Name=prefix-list-name,Values=com.amazonaws.global.cloudfront.origin-facing'
  );
}

/**
 * The message for a region outside {@link KNOWN_REGIONS}: maybe a typo, maybe a real region the
 * library has no offline data for. `needs` are the settings that describe such a region.
 */
export function unknownRegionMessage(region: string, needs: readonly string[]): string {
  const howToFind = needs.some((n) => n.endsWith('cloudFrontPrefixListId'))
    ? ` (the prefix list id: \`${prefixListCommand(region)}\`)`
    : '';
  return (
    `'${region}' is not a region these blueprints know offline (${KNOWN_REGIONS.join(', ')}): check the name. ` +
    `For a real region that is not listed, set ${needs.map((n) => `\`${n}\``).join(' and ')}${howToFind}`
  );
}

/**
 * The zone names a stack's settings give for a region not listed (undefined when they give none,
 * and the stack looks them up in its context as usual). Literal zone names in a template are what
 * cfn-lint's W3010 warns about; CDK acknowledges it on the stack when the names come from its
 * context, and the same holds for names from the settings.
 */
export function givenAvailabilityZones(stack: Stack, zones: string[] | undefined): string[] | undefined {
  if (zones === undefined) return undefined;
  if (!acknowledgedStacks.has(stack)) {
    acknowledgedStacks.add(stack);
    Validations.of(stack).acknowledge({
      id: 'CloudFormation-Validate::W3010',
      reason:
        "Literal AZs in the template are the region's zone names given in the settings instead of a lookup (a region " +
        'this library does not list), as CDK writes the names it reads from the context',
    });
  }
  return zones;
}

const acknowledgedStacks = new WeakSet<Stack>();
