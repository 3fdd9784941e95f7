import { WiringRule } from '../wiring-context';
import { capacityProviderOrder } from './capacity-provider-order';
import { duplicateSecurityGroupRule } from './duplicate-rule';
import { egressPath } from './egress-path';
import { exitingContainer } from './exiting-container';
import { healthCheckTarget } from './health-check-target';
import { originBypass } from './origin-bypass';
import { originListener } from './origin-listener';
import { rotatedSecretInjected } from './rotated-secret-injected';
import { secondaryWriterEndpoint } from './secondary-writer-endpoint';
import { secretArn } from './secret-arn';
import { targetPort } from './target-port';
import { unreachableStore } from './unreachable-store';
import { vpcOriginGateway } from './vpc-origin-gateway';

/** Every rule of the wiring gate, in report order. */
export const WIRING_RULES: readonly WiringRule[] = [
  originListener,
  originBypass,
  vpcOriginGateway,
  targetPort,
  unreachableStore,
  secondaryWriterEndpoint,
  secretArn,
  rotatedSecretInjected,
  capacityProviderOrder,
  exitingContainer,
  egressPath,
  healthCheckTarget,
  duplicateSecurityGroupRule,
];
