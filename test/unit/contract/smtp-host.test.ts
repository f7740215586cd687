// smtp.set refuses a host no mail server can have ('smtp gmail') when it is saved, saying how
// to write it, and takes DNS names and IP literals.
import { describe, expect, it } from 'vitest';
import { smtpSetInput } from '../../../preload/contract-delivery';

const valid = {
  host: 'smtp.example.com',
  port: 587,
  security: 'starttls',
  user: '',
  from: 'sales@example.com',
};

function hostRefusals(host: string): string[] {
  const parsed = smtpSetInput.safeParse({ ...valid, host });
  if (parsed.success) return [];
  return parsed.error.issues.filter((i) => i.path.join('.') === 'host').map((i) => i.message);
}

describe('the mail server host', () => {
  it('refuses a host with a space, naming it and showing how to write one', () => {
    expect(hostRefusals('smtp gmail')).toEqual([
      "'smtp gmail' is not a host name: write it like smtp.gmail.com",
    ]);
  });

  it.each([
    'smtp_gmail.com',
    'smtp..gmail.com',
    '-smtp.gmail.com',
    'smtp-.gmail.com',
    'smtp.gmail.com:587',
    'http://smtp.gmail.com',
    '999.1.1.1',
    '[smtp.gmail.com]',
    'a'.repeat(64) + '.com',
  ])('refuses %s', (host) => {
    expect(hostRefusals(host)).toEqual([
      `'${host}' is not a host name: write it like smtp.gmail.com`,
    ]);
  });

  it.each([
    'smtp.gmail.com',
    'localhost',
    'SMTP.Example.COM',
    'mail-1.example.co.uk',
    'smtp.gmail.com.',
    '127.0.0.1',
    '::1',
    '[::1]',
    '2001:db8::25',
    ' smtp.gmail.com ',
  ])('takes %s', (host) => {
    expect(hostRefusals(host)).toEqual([]);
  });

  it('says only that an empty host is missing', () => {
    expect(hostRefusals('  ')).toEqual(['Enter the mail server host.']);
  });
});
