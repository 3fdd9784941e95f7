import { ArnFormat, Names, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';
import { secureLogGroup } from '../../private/log-groups';
import { stackInstanceSuffix } from '../../private/names';

/**
 * The CLOUDFRONT-scoped web ACL CdnFront creates (`WebAcl`): the AWS managed IP-reputation, common and
 * known-bad-inputs rule groups and a per-IP rate limit, logging to an encrypted `aws-waf-logs-*` log
 * group (`WafLogs`, `WafLogging`).
 */
export function createWebAcl(
  scope: Construct,
  rateLimit: number,
  blockLargeRequestBodies: boolean,
  logAllRequests: boolean,
  removalPolicy: RemovalPolicy,
): wafv2.CfnWebACL {
  const visibility = (metricName: string): wafv2.CfnWebACL.VisibilityConfigProperty => ({
    cloudWatchMetricsEnabled: true,
    metricName,
    sampledRequestsEnabled: true,
  });
  const managed = (
    name: string,
    priority: number,
    ruleActionOverrides?: wafv2.CfnWebACL.RuleActionOverrideProperty[],
  ): wafv2.CfnWebACL.RuleProperty => ({
    name,
    priority,
    overrideAction: { none: {} },
    statement: { managedRuleGroupStatement: { vendorName: 'AWS', name, ruleActionOverrides } },
    visibilityConfig: visibility(name),
  });
  const metricPrefix = Names.uniqueResourceName(scope, { maxLength: 64, separator: '-' });
  const webAcl = new wafv2.CfnWebACL(scope, 'WebAcl', {
    scope: 'CLOUDFRONT',
    description: `Edge protection of ${scope.node.path}`.slice(0, 256),
    defaultAction: { allow: {} },
    visibilityConfig: visibility(metricPrefix),
    rules: [
      managed('AWSManagedRulesAmazonIpReputationList', 0),
      {
        name: 'RateLimitPerIp',
        priority: 1,
        action: { block: {} },
        statement: {
          rateBasedStatement: { aggregateKeyType: 'IP', limit: rateLimit, evaluationWindowSec: 300 },
        },
        visibilityConfig: visibility('RateLimitPerIp'),
      },
      // SizeRestrictions_BODY blocks every body over 8 KB (uploads, JSON APIs): counted unless asked.
      managed(
        'AWSManagedRulesCommonRuleSet',
        2,
        blockLargeRequestBodies ? undefined : [{ name: 'SizeRestrictions_BODY', actionToUse: { count: {} } }],
      ),
      managed('AWSManagedRulesKnownBadInputsRuleSet', 3),
    ],
  });

  // WAF only logs to log groups whose name starts with `aws-waf-logs-`, in the web ACL's region.
  // The name carries the stack instance's suffix: a log group retained from a deleted stack does
  // not block the next deployment of the same stack with "already exists".
  const logGroup = secureLogGroup(scope, 'WafLogs', {
    logGroupName: `aws-waf-logs-${Names.uniqueResourceName(scope, { maxLength: 400, separator: '-' })}-${stackInstanceSuffix()}`,
    removalPolicy,
  });
  new wafv2.CfnLoggingConfiguration(scope, 'WafLogging', {
    resourceArn: webAcl.attrArn,
    // WAF wants the log group ARN without the trailing `:*` that logGroupArn carries.
    logDestinationConfigs: [
      Stack.of(scope).formatArn({
        service: 'logs',
        resource: 'log-group',
        resourceName: logGroup.logGroupName,
        arnFormat: ArnFormat.COLON_RESOURCE_NAME,
      }),
    ],
    redactedFields: [{ singleHeader: { Name: 'authorization' } }, { singleHeader: { Name: 'cookie' } }],
    // CloudFront's access logs already record every request; the WAF log keeps what WAF acted on
    // (blocked, counted, challenged), which is what an investigation needs, at a fraction of the
    // ingestion cost of logging every allowed request.
    // https://docs.aws.amazon.com/waf/latest/developerguide/logging-management.html#logging-filter
    loggingFilter: logAllRequests
      ? undefined
      : {
          DefaultBehavior: 'DROP',
          Filters: [
            {
              Behavior: 'KEEP',
              Requirement: 'MEETS_ANY',
              Conditions: ['BLOCK', 'COUNT', 'CAPTCHA', 'CHALLENGE', 'EXCLUDED_AS_COUNT'].map((action) => ({
                ActionCondition: { Action: action },
              })),
            },
          ],
        },
  });
  return webAcl;
}
