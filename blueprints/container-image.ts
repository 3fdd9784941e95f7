import { Stack, Validations } from 'aws-cdk-lib';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';

/** The ECR repository prefix under which the pull-through cache serves images of ECR Public. */
export const ECR_PUBLIC_CACHE_PREFIX = 'ecr-public';

const ECR_IMAGE = /^\d{12}\.dkr\.ecr\.[a-z0-9-]+\.amazonaws\.com(\.cn)?\//;
const ECR_PUBLIC_IMAGE = /^public\.ecr\.aws\//;

/** Whether tasks without internet egress can pull the image: ECR, or ECR Public through a pull-through cache. */
export function pullableWithoutInternet(image: string): boolean {
  return ECR_IMAGE.test(image) || ECR_PUBLIC_IMAGE.test(image);
}

/** A blueprint service's image, and the pull-through cache rule it needs (without internet egress). */
export interface BlueprintImage {
  readonly image: ecs.ContainerImage;
  readonly pullThroughCache?: ecr.CfnPullThroughCacheRule;
}

/**
 * The container image of a blueprint's service. With internet egress (a NAT gateway) it is pulled
 * as given. Without, tasks reach only AWS endpoints in the VPC: an ECR image is pulled through the
 * ECR endpoints, and an ECR Public image (`public.ecr.aws/...`) through an ECR pull-through cache
 * (ECR fetches the image from ECR Public itself; the tasks only talk to ECR). The settings schema
 * refuses any other registry in that mode.
 *
 * @see https://docs.aws.amazon.com/AmazonECR/latest/userguide/pull-through-cache.html
 */
export function blueprintImage(
  scope: Construct,
  id: string,
  image: string,
  internetEgress: boolean,
): BlueprintImage {
  if (internetEgress || !ECR_PUBLIC_IMAGE.test(image))
    return { image: ecs.ContainerImage.fromRegistry(image) };
  const [repository, tag] = splitTag(image.replace(ECR_PUBLIC_IMAGE, ''));
  const cached = ecr.Repository.fromRepositoryName(scope, id, `${ECR_PUBLIC_CACHE_PREFIX}/${repository}`);
  return {
    image: ecs.ContainerImage.fromEcrRepository(cached, tag),
    pullThroughCache: ecrPublicPullThroughCache(Stack.of(scope)),
  };
}

/**
 * What a service pulling through the cache needs: its execution role may import the image on the
 * first pull (ECR creates the repository then), and the service is created after the cache rule.
 */
export function usePullThroughCache(image: BlueprintImage, service: ecs.FargateService): void {
  const rule = image.pullThroughCache;
  if (!rule) return;
  const executionRole = service.taskDefinition.executionRole;
  if (!executionRole) return;
  const cachedRepositories = Stack.of(service).formatArn({
    service: 'ecr',
    resource: 'repository',
    resourceName: `${ECR_PUBLIC_CACHE_PREFIX}/*`,
  });
  executionRole.addToPrincipalPolicy(
    new iam.PolicyStatement({
      actions: ['ecr:BatchImportUpstreamImage', 'ecr:CreateRepository'],
      resources: [cachedRepositories],
    }),
  );
  service.node.addDependency(rule);
  // https://docs.aws.amazon.com/AmazonECR/latest/userguide/pull-through-cache-iam.html
  Validations.of(executionRole).acknowledge(
    {
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'ecr:GetAuthorizationToken, which every pull from ECR needs, has no resource-level permissions; the pull ' +
        'actions themselves are scoped to the cached repository',
    },
    {
      id: `AwsSolutions-IAM5[Resource::${Stack.of(service).resolve(cachedRepositories)}]`,
      reason:
        'The pull-through cache creates one repository per upstream image under the ecr-public/ prefix on the ' +
        'first pull; the execution role may import and create only under that prefix',
    },
  );
}

function ecrPublicPullThroughCache(stack: Stack): ecr.CfnPullThroughCacheRule {
  const id = 'EcrPublicPullThroughCache';
  const existing = stack.node.tryFindChild(id);
  if (existing instanceof ecr.CfnPullThroughCacheRule) return existing;
  return new ecr.CfnPullThroughCacheRule(stack, id, {
    ecrRepositoryPrefix: ECR_PUBLIC_CACHE_PREFIX,
    upstreamRegistryUrl: 'public.ecr.aws',
  });
}

function splitTag(repositoryAndTag: string): [string, string] {
  const at = repositoryAndTag.indexOf('@');
  if (at >= 0) return [repositoryAndTag.slice(0, at), repositoryAndTag.slice(at + 1)];
  const colon = repositoryAndTag.lastIndexOf(':');
  if (colon > repositoryAndTag.lastIndexOf('/')) {
    return [repositoryAndTag.slice(0, colon), repositoryAndTag.slice(colon + 1)];
  }
  return [repositoryAndTag, 'latest'];
}
