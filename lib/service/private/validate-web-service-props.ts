import { Stack, Token, Validations } from 'aws-cdk-lib';
import { BlueprintValidationError } from '../../errors';
import { vpcOriginsSupported } from '../../private/cloudfront-regions';
import { validateFargateTaskOptions } from '../../private/fargate-task';
import {
  checkAtLeast,
  checkIntegerInRange,
  checkNumberInRange,
  checkPositiveDuration,
  checkWholeDuration,
} from '../../private/validate';
import type { WebService } from '../web-service';
import { WebServiceProps } from '../web-service-props';

/**
 * Validation of {@link WebServiceProps}, run before any child exists (`minCapacity` and
 * `maxCapacity` are resolved first); risky-but-legal choices become acknowledgeable warnings
 * (`WebService:<prop>`).
 */
export function validateWebServiceProps(
  web: WebService,
  props: WebServiceProps,
  allowOnlyCloudFront: boolean,
  publicLoadBalancer: boolean,
): void {
  validateFargateTaskOptions(web, props);
  if (Token.isUnresolved(Stack.of(web).region)) {
    throw new BlueprintValidationError(
      web,
      'env',
      'WebService needs a stack with an explicit region (`env: { account, region }`): the load balancer access ' +
        'logs and the CloudFront prefix list depend on it',
    );
  }
  checkIntegerInRange(web, 'containerPort', props.containerPort, 1, 65535);
  checkIntegerInRange(web, 'maxCapacity', web.maxCapacity, 1, 1000);
  checkIntegerInRange(web, 'minCapacity', web.minCapacity, 0, 1000);
  checkAtLeast(web, 'maxCapacity', web.maxCapacity, 'minCapacity', web.minCapacity);
  checkNumberInRange(web, 'targetCpuUtilizationPercent', props.targetCpuUtilizationPercent, 1, 100);
  checkIntegerInRange(web, 'targetRequestsPerTask', props.targetRequestsPerTask, 1, 1_000_000);
  checkNumberInRange(web, 'errorRateAlarmThresholdPercent', props.errorRateAlarmThresholdPercent, 0, 100);
  checkPositiveDuration(web, 'latencyP95AlarmThreshold', props.latencyP95AlarmThreshold);
  checkPositiveDuration(web, 'latencyP99AlarmThreshold', props.latencyP99AlarmThreshold);
  checkPositiveDuration(web, 'scaleInCooldown', props.scaleInCooldown);
  checkWholeDuration(web, 'deregistrationDelay', props.deregistrationDelay, 'seconds', 0, 3600);
  validateHealthCheckPath(web, props.healthCheckPath);
  (props.peakSchedules ?? []).forEach((peak, index) => {
    const prop = `peakSchedules[${index}].minCapacity`;
    checkIntegerInRange(
      web,
      prop,
      peak.minCapacity,
      web.minCapacity,
      web.maxCapacity,
      'A peak floor must lie between `minCapacity` and `maxCapacity`',
    );
  });
  if (props.predictiveScalingMode !== undefined && props.predictiveScaling !== true) {
    throw new BlueprintValidationError(
      web,
      'predictiveScalingMode',
      '`predictiveScalingMode` only applies with `predictiveScaling`; set `predictiveScaling: true` or remove it',
    );
  }
  if (props.originVerifySecret !== undefined && !(allowOnlyCloudFront && publicLoadBalancer)) {
    throw new BlueprintValidationError(
      web,
      'originVerifySecret',
      '`originVerifySecret` only applies to an internet-facing load balancer behind CloudFront: set ' +
        '`allowOnlyCloudFront: true` and `publicLoadBalancer: true`, or remove it',
    );
  }
  if (props.originDomainName !== undefined && props.certificate === undefined) {
    throw new BlueprintValidationError(
      web,
      'originDomainName',
      '`originDomainName` names the host CloudFront connects to over HTTPS, which needs a `certificate` ' +
        'covering it: pass `certificate`, or remove `originDomainName` (CloudFront then uses HTTP on port 80)',
    );
  }
  if (props.publicLoadBalancer === false && allowOnlyCloudFront && !vpcOriginsSupported(web)) {
    throw new BlueprintValidationError(
      web,
      'publicLoadBalancer',
      `\`publicLoadBalancer\` false behind CloudFront needs a CloudFront VPC origin, which this library does not ` +
        `know to be available in ${Stack.of(web).region}: set \`publicLoadBalancer: true\` (CloudFront then ` +
        'sends the origin-verify header) or deploy in a region with VPC origins',
    );
  }
  if (props.cloudFrontPrefixListId !== undefined && !allowOnlyCloudFront) {
    throw new BlueprintValidationError(
      web,
      'cloudFrontPrefixListId',
      '`cloudFrontPrefixListId` only applies with `allowOnlyCloudFront`; set `allowOnlyCloudFront: true` or remove it',
    );
  }
  warnAboutRiskyChoices(web, props, allowOnlyCloudFront, publicLoadBalancer);
}

function validateHealthCheckPath(web: WebService, path: string | undefined): void {
  if (path === undefined || Token.isUnresolved(path)) return;
  if (!path.startsWith('/') || path.length > 1024) {
    throw new BlueprintValidationError(
      web,
      'healthCheckPath',
      `\`healthCheckPath\` must be an absolute path starting with '/' (at most 1024 characters), got: '${path}'`,
    );
  }
}

function warnAboutRiskyChoices(
  web: WebService,
  props: WebServiceProps,
  allowOnlyCloudFront: boolean,
  publicLoadBalancer: boolean,
): void {
  // Plain HTTP behind CloudFront or inside the VPC is the designed shape (acknowledged on the
  // listener, with the reason); plain HTTP open to the internet is a choice to make visibly.
  if (props.certificate === undefined && !allowOnlyCloudFront && publicLoadBalancer) {
    Validations.of(web).addWarning(
      'WebService:certificate',
      'no `certificate` and `allowOnlyCloudFront` is false: the internet-facing load balancer serves plain HTTP to ' +
        'any address, so requests and cookies travel unencrypted; pass an ACM certificate, or put CloudFront in ' +
        'front (Control Tower CT.ELB.PR.1 also reports the listener until acknowledged on it)',
    );
  }
  if (props.deletionProtection === false) {
    Validations.of(web).addWarning(
      'WebService:deletionProtection',
      '`deletionProtection` is false: a stack update that replaces the load balancer, or a deletion, takes the ' +
        'site down and changes its DNS name',
    );
  }
  if (web.minCapacity < 2) {
    Validations.of(web).addWarning(
      'WebService:minCapacity',
      `\`minCapacity\` is ${web.minCapacity}: with fewer than 2 tasks a task or AZ failure (or a Spot ` +
        'interruption) leaves no task serving traffic until a new one starts',
    );
  }
}
