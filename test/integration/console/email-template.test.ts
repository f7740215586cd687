// The email text for a new link is checked when it is saved (issue 17, bug 2): an email without
// {link} reaches the customer with nothing to pay through, and a mistyped placeholder is sent
// to them as typed. One written before that check still reads, and other settings still save.
import { describe, expect, it } from 'vitest';
import type { CheckoutConsole } from '../../../main/console';
import { ConsoleError } from '../../../main/errors';
import { useSettingsConsole } from '../../support/settings-console';
import { useTempDir } from '../../support/temp-dir';

const tmp = useTempDir('cc-email-template-');
const openConsole = useSettingsConsole(tmp);

const BAD = 'Hello {firstname}, thanks for buying {items}.';

async function refusal(cc: CheckoutConsole, emailTemplate: string): Promise<ConsoleError> {
  const error = await cc.invoke('settings.update', { emailTemplate }).then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof ConsoleError)) throw new Error(`Saved ${JSON.stringify(emailTemplate)}`);
  return error;
}

describe('saving the email text', () => {
  it('refuses a template without {link} and names the wrong-case placeholder', async () => {
    const cc = await openConsole();
    const before = (await cc.invoke('settings.get', {})).emailTemplate;

    const error = await refusal(cc, BAD);
    expect(error.code).toBe('invalid_input');
    const message = error.fields?.emailTemplate ?? '';
    expect(message).toContain('{firstname} is not a placeholder; did you mean {firstName}?');
    expect(message).toContain('Add {link}');
    expect((await cc.invoke('settings.get', {})).emailTemplate).toBe(before);
  });

  it('names an unknown placeholder with the ones there are', async () => {
    const cc = await openConsole();
    const error = await refusal(cc, 'Hi {name}, pay here: {link}');
    expect(error.fields?.emailTemplate).toBe(
      '{name} is not a placeholder; use {firstName}, {items}, {total} or {link}.',
    );
  });

  it('saves a template with {link} and known placeholders', async () => {
    const cc = await openConsole();
    const saved = await cc.invoke('settings.update', { emailTemplate: 'Hi {firstName}: {link}' });
    expect(saved.emailTemplate).toBe('Hi {firstName}: {link}');
  });
});

describe('an email text saved before the check', () => {
  it('still reads, and the link defaults save around it until it is edited', async () => {
    const cc = await openConsole({ emailTemplate: BAD });
    const stored = await cc.invoke('settings.get', {});
    expect(stored.emailTemplate).toBe(BAD);

    // As Settings › Link defaults sends it: the whole form, the old text unchanged.
    const next = await cc.invoke('settings.update', {
      ...stored,
      locale: 'fr',
      successUrl: 'https://shop.example/thanks',
    });
    expect(next).toMatchObject({ successUrl: 'https://shop.example/thanks', emailTemplate: BAD });

    const edited = await refusal(cc, `${BAD} `);
    expect(edited.fields?.emailTemplate).toContain('did you mean {firstName}?');
  });
});
