import { Validations } from 'aws-cdk-lib';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import { CdnFrontProps } from '../cdn-front-props';

/**
 * The findings of the distribution that are the props' choice, acknowledged on it with the reason:
 * the default certificate, no geographic restriction, WAF off, one origin, an application at `/`.
 */
export function acknowledgeDistributionFindings(
  distribution: cloudfront.Distribution,
  props: CdnFrontProps,
  hasAppOrigin: boolean,
  hasFailover: boolean,
): void {
  if (props.certificate === undefined) {
    const reason =
      'No `domainNames`/`certificate` given, so the distribution serves *.cloudfront.net with the default ' +
      'certificate, which CloudFront pins to TLSv1 and which cannot use SNI; pass `domainNames` and a us-east-1 ' +
      '`certificate` to get TLS 1.2 as the minimum';
    Validations.of(distribution).acknowledge(
      { id: 'AwsSolutions-CFR4', reason },
      { id: 'cdk-validator-cfnguard::cloudfront_custom_ssl_certificate_check', reason },
      { id: 'cdk-validator-cfnguard::cloudfront_sni_enabled_check', reason },
      { id: 'cdk-validator-cfnguard::cloudfront_security_policy_check', reason },
    );
  }
  if (props.geoRestriction === undefined) {
    Validations.of(distribution).acknowledge({
      id: 'AwsSolutions-CFR1',
      reason:
        'A public web application serves every country by default; `geoRestriction` restricts it where law or ' +
        'the business requires',
    });
  }
  if (props.wafEnabled === false) {
    Validations.of(distribution).acknowledge({
      id: 'AwsSolutions-CFR2',
      reason:
        'WAF turned off explicitly with `wafEnabled: false`, reported as the CdnFront:wafEnabled warning',
    });
  }
  if (!hasFailover) {
    Validations.of(distribution).acknowledge({
      id: 'cdk-validator-cfnguard::cloudfront_origin_failover_enabled_check',
      reason:
        'One application origin in one region: there is no second origin to fail over to. ' +
        '`failoverOriginDomainName` adds an origin group for multi-region deployments',
    });
  }
  if (hasAppOrigin && props.defaultRootObject === undefined) {
    Validations.of(distribution).acknowledge({
      id: 'cdk-validator-cfnguard::cloudfront_default_root_object_configured_check',
      reason:
        'The default origin is an application that answers `/` itself; a default root object would rewrite ' +
        '`/` to a file path the application does not serve',
    });
  }
}
