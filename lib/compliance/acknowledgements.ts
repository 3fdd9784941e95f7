import { Validations } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

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
 * Every acknowledgement recorded in a construct tree, from any gate, in tree order. cdk-nag leaves
 * the findings it acknowledged out of its report altogether, so this (not the validation report)
 * is the complete list to review: compare it with a checked-in list in a test.
 */
export function listAcknowledgements(scope: IConstruct): Acknowledgement[] {
  const acknowledgements: Acknowledgement[] = [];
  for (const construct of scope.node.findAll()) {
    for (const entry of construct.node.metadata) {
      if (entry.type !== Validations.ACKNOWLEDGED_RULES_METADATA_KEY) continue;
      for (const [id, reason] of Object.entries(entry.data as Record<string, string>)) {
        acknowledgements.push({ constructPath: construct.node.path, id, reason });
      }
    }
  }
  return acknowledgements;
}
