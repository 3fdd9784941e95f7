import { Aws, Fn } from 'aws-cdk-lib';

/**
 * The first 8 hexadecimal characters of the stack's id (a UUID that CloudFormation assigns each
 * time a stack is created), as a token. A fixed physical name that includes it stays the same over
 * the stack's updates but differs after the stack is deleted and created again, so a retained
 * resource of the old stack (a log group, a cache) never blocks the new one with
 * "already exists".
 *
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/pseudo-parameter-reference.html#cfn-pseudo-param-stackid
 */
export function stackInstanceSuffix(): string {
  return Fn.select(0, Fn.split('-', Fn.select(2, Fn.split('/', Aws.STACK_ID))));
}
