import * as path from 'node:path';
import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { BlueprintValidationError } from '../../lib/errors';
import { CdnFront } from '../../lib/edge/cdn-front';
import { StaticAssetsDeployment } from '../../lib/edge/static-assets-deployment';
import { testApp, TEST_ENV } from '../support/app';

const SITE = path.join(__dirname, 'fixtures', 'site');

function edgeStack(): Stack {
  return new Stack(testApp(), 'Edge', { env: { account: TEST_ENV.account, region: 'us-east-1' } });
}

describe('StaticAssetsDeployment', () => {
  test('versioned files immutable and never invalidated; unversioned ones no-cache and invalidated by path', () => {
    const stack = edgeStack();
    const cdn = new CdnFront(stack, 'Cdn', { originDomainName: 'app.example.com', staticAssets: true });
    const deployment = new StaticAssetsDeployment(stack, 'Assets', {
      cdn,
      sourcePath: SITE,
      destinationKeyPrefix: '',
    });
    expect(deployment.invalidationPaths).toEqual(['/static/index.html', '/static/manifest.json']);
    const template = Template.fromStack(stack);
    template.hasResourceProperties('Custom::CDKBucketDeployment', {
      SystemMetadata: { 'cache-control': 'public, max-age=31536000, immutable' },
      Prune: false,
    });
    template.hasResourceProperties('Custom::CDKBucketDeployment', {
      SystemMetadata: { 'cache-control': 'no-cache' },
      Prune: false,
      DistributionPaths: ['/static/index.html', '/static/manifest.json'],
    });
  });

  test.each([
    [
      'no static bucket',
      { originDomainName: 'app.example.com' },
      { sourcePath: SITE },
      'cdn',
      /staticAssets: true/,
    ],
    [
      'missing folder',
      { staticAssets: true },
      { sourcePath: '/nope' },
      'sourcePath',
      /existing folder, got: '\/nope'/,
    ],
    [
      'bad prefix',
      { staticAssets: true },
      { sourcePath: SITE, destinationKeyPrefix: '/static' },
      'destinationKeyPrefix',
      /ending with '\/'/,
    ],
    [
      'bad pattern',
      { staticAssets: true },
      { sourcePath: SITE, versionedFilePattern: '(' },
      'versionedFilePattern',
      /valid regular expression/,
    ],
  ])('%s', (_name, cdnProps, props, prop, message) => {
    const stack = edgeStack();
    const cdn = new CdnFront(stack, 'Cdn', cdnProps);
    let error: unknown;
    try {
      new StaticAssetsDeployment(stack, 'Assets', { cdn, ...props });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(BlueprintValidationError);
    expect((error as BlueprintValidationError).prop).toBe(prop);
    expect((error as Error).message).toMatch(message);
  });
});
