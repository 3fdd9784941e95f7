import { IConstruct } from 'constructs';
import { ComplianceGates } from './compliance-gates';

/** One acknowledgement made with `Validations.of(construct).acknowledge(...)`. */
export interface Acknowledgement {
  /** Path of the construct it was made on. */
  readonly constructPath: string;
  /** The finding id as recorded, e.g. `Annotation::AwsSolutions-IAM4` (cdk-nag ids are recorded under `Annotation::`) or `cdk-validator-cfnguard::sqs_dlq_check`. */
  readonly id: string;
  /** The reason given. */
  readonly reason: string;
}

/**
 * Every acknowledgement recorded in a construct tree (TypeScript only).
 *
 * @deprecated use `ComplianceGates.listAcknowledgements(scope)`
 */
export function listAcknowledgements(scope: IConstruct): Acknowledgement[] {
  return ComplianceGates.listAcknowledgements(scope);
}
