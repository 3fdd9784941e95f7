import { Match, Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import { BlueprintValidationError, ComplianceGates } from '../../lib';
import { MonthlyBudget } from '../../lib/cost/monthly-budget';
import { testStack } from '../support/app';

describe('MonthlyBudget', () => {
  test('alerts at 80 % and 100 % of actual spend and on a forecast above the limit', () => {
    const stack = testStack();
    new MonthlyBudget(stack, 'Budget', { limitUsd: 150, alertEmails: ['ops@example.com'] });
    const template = Template.fromStack(stack);
    const subscribers = [{ SubscriptionType: 'EMAIL', Address: 'ops@example.com' }];
    template.hasResourceProperties('AWS::Budgets::Budget', {
      Budget: { BudgetType: 'COST', TimeUnit: 'MONTHLY', BudgetLimit: { Amount: 150, Unit: 'USD' } },
      NotificationsWithSubscribers: [
        {
          Notification: Match.objectLike({
            NotificationType: 'ACTUAL',
            Threshold: 80,
            ThresholdType: 'PERCENTAGE',
          }),
          Subscribers: subscribers,
        },
        {
          Notification: Match.objectLike({ NotificationType: 'ACTUAL', Threshold: 100 }),
          Subscribers: subscribers,
        },
        {
          Notification: Match.objectLike({ NotificationType: 'FORECASTED', Threshold: 100 }),
          Subscribers: subscribers,
        },
      ],
    });
    expect(ComplianceGates.nagFindings(stack)).toEqual([]);
  });

  test('custom thresholds, no forecast alert, a cost-allocation tag filter and a name', () => {
    const stack = testStack();
    new MonthlyBudget(stack, 'Budget', {
      limitUsd: 40,
      alertEmails: ['a@example.com', 'b@example.com'],
      actualThresholdsPercent: [50],
      alertOnForecast: false,
      costAllocationTag: 'blueprint=budget-startup',
      budgetName: 'startup',
    });
    const budget = Template.fromStack(stack).findResources('AWS::Budgets::Budget');
    const props = Object.values(budget)[0].Properties;
    expect(props.Budget.BudgetName).toBe('startup');
    expect(props.Budget.CostFilters).toEqual({ TagKeyValue: ['user:blueprint$budget-startup'] });
    expect(props.NotificationsWithSubscribers).toHaveLength(1);
    expect(props.NotificationsWithSubscribers[0].Subscribers).toHaveLength(2);
  });

  test('alertTopic: alerts go to the topic too, and AWS Budgets may publish to it and use its key', () => {
    const stack = testStack();
    const key = new kms.Key(stack, 'Key', { enableKeyRotation: true });
    const topic = new sns.Topic(stack, 'Alarms', { masterKey: key, enforceSSL: true });
    new MonthlyBudget(stack, 'Budget', { limitUsd: 100, alertTopic: topic });
    const template = Template.fromStack(stack);
    const budget = Object.values(template.findResources('AWS::Budgets::Budget'))[0].Properties;
    for (const notification of budget.NotificationsWithSubscribers) {
      expect(notification.Subscribers).toEqual([
        { SubscriptionType: 'SNS', Address: { Ref: expect.stringMatching(/^Alarms/) } },
      ]);
    }
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Action: 'sns:Publish', Principal: { Service: 'budgets.amazonaws.com' } }),
        ]),
      },
    });
    template.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Principal: { Service: 'budgets.amazonaws.com' },
            Action: Match.arrayWith(['kms:Decrypt']),
          }),
        ]),
      },
    });
    // Created after the policy that lets it publish.
    const budgetResource = Object.values(template.findResources('AWS::Budgets::Budget'))[0];
    const [policyId] = Object.keys(template.findResources('AWS::SNS::TopicPolicy'));
    expect(budgetResource.DependsOn).toContain(policyId);
  });

  test.each([
    [
      { limitUsd: 0, alertEmails: ['ops@example.com'] },
      /`limitUsd` must be between 1 and 1000000000, got: 0/,
    ],
    [
      { limitUsd: 10, alertEmails: [] },
      /`alertEmails` and `alertTopic` must give 1 to 10 recipients together.*got: 0/,
    ],
    [{ limitUsd: 10, alertEmails: ['nope'] }, /`alertEmails` must hold email addresses, got: 'nope'/],
    [
      { limitUsd: 10, alertEmails: ['ops@example.com'], actualThresholdsPercent: [0] },
      /`actualThresholdsPercent` must be between 1 and 1000, got: 0/,
    ],
    [
      { limitUsd: 10, alertEmails: ['ops@example.com'], costAllocationTag: 'team' },
      /`costAllocationTag` must look like 'key=value', got: 'team'/,
    ],
  ])('rejects %j', (props, message) => {
    expect(() => new MonthlyBudget(testStack(), 'Budget', props)).toThrow(BlueprintValidationError);
    expect(() => new MonthlyBudget(testStack(), 'Budget', props)).toThrow(message);
  });
});
