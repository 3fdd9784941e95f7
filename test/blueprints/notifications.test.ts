import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { addLegacyMonolithUplift, LEGACY_MONOLITH_UPLIFT } from '../../blueprints/legacy-monolith-uplift';
import { exampleValuesMessage, noRecipientsMessage } from '../../blueprints/notifications';
import { testApp } from '../support/app';

describe('what a blueprint tells the user at synth', () => {
  test('settings still holding the shipped examples are named, set ones are not', () => {
    const defaults = { zone: { id: 'Z0EXAMPLE' }, domainName: 'example.com', other: 1 };
    expect(exampleValuesMessage('bp', defaults, defaults, ['domainName', 'zone.id'])).toMatch(
      /^`bp\.domainName`, `bp\.zone\.id` are examples .* a deploy with them fails/,
    );
    expect(
      exampleValuesMessage('bp', { ...defaults, domainName: 'shop.test' }, defaults, [
        'domainName',
        'zone.id',
      ]),
    ).toMatch(/^`bp\.zone\.id` is an example /);
    expect(
      exampleValuesMessage('bp', { ...defaults, domainName: 'shop.test', zone: { id: 'Z1' } }, defaults, [
        'domainName',
        'zone.id',
      ]),
    ).toBeUndefined();
  });

  test('legacy-monolith-uplift with its example account says so before a deploy, as a note that does not fail synth', () => {
    const stack = addLegacyMonolithUplift(testApp({ context: { [LEGACY_MONOLITH_UPLIFT]: {} } }));
    const notes = Annotations.fromStack(stack).findInfo('*', Match.stringLikeRegexp('^Before deploying'));
    expect(notes).toHaveLength(1);
    expect(String(notes[0].entry.data)).toMatch(
      /`legacy-monolith-uplift\.vpc\.vpcId`.*`legacy-monolith-uplift\.app\.roleArn`/,
    );
    expect(Annotations.fromStack(stack).findWarning('*', Match.anyValue())).toEqual([]);
  });

  test('no recipients: named, with the setting to fix it', () => {
    expect(noRecipientsMessage('bp', [])).toMatch(/`bp\.alarmEmails` is empty/);
    expect(noRecipientsMessage('bp', ['a@example.com'])).toBeUndefined();
    expect(noRecipientsMessage('bp', [], ['b@example.com'])).toBeUndefined();
  });
});
