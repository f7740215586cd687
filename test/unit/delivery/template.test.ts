import { describe, expect, it } from 'vitest';
import type { EmailAction } from '../../../preload/contract-delivery';
import {
  deliveryTemplateFieldErrors,
  deliveryTemplateProblems,
} from '../../../preload/delivery-template';
import { sampleSale } from '../../../main/delivery/sample-sale';
import { renderDeliveryEmail } from '../../../main/delivery/template';
import type { DeliveryPayload } from '../../../main/delivery/types';

const ALL = { hasDownloadUrl: true, useLicenceKeys: true };
const rule = { id: 7, name: 'Ebook email', productCode: 'EBOOK', useLicenceKeys: true };

function email(subject: string, body: string, downloadUrl: string | null = null): EmailAction {
  return { kind: 'email', subject, body, downloadUrl };
}

function sale(over: Partial<DeliveryPayload['sale']>, keys: DeliveryPayload['licenceKeys']) {
  const base = sampleSale(rule, { productName: 'Café Guide' });
  return { ...base, sale: { ...base.sale, ...over }, licenceKeys: keys };
}

describe('delivery template problems', () => {
  it('accepts every placeholder when the rule can fill them all', () => {
    const body =
      '{customerName} {firstName} {customerEmail} {product} {amount} {sessionId} {downloadLink} {licenceKey}';
    expect(deliveryTemplateProblems('Your {product}', body, ALL)).toEqual([]);
  });

  it('names a wrong-case placeholder with the one meant, in the field it is in', () => {
    expect(deliveryTemplateProblems('Your {Product}', 'Key: {Licence_key}', ALL)).toEqual([
      { field: 'subject', message: '{Product} is not a placeholder; did you mean {product}?' },
      { field: 'body', message: '{Licence_key} is not a placeholder; did you mean {licenceKey}?' },
    ]);
  });

  it('points the link email’s words and the American spelling at this email’s placeholders', () => {
    const messages = deliveryTemplateProblems('x', '{total} {items} {license_key}', ALL).map(
      (p) => p.message,
    );
    expect(messages).toEqual([
      '{total} is not a placeholder; did you mean {amount}?',
      '{items} is not a placeholder; did you mean {product}?',
      '{license_key} is not a placeholder; did you mean {licenceKey}?',
    ]);
  });

  it('lists the placeholders the rule can fill for a name that means nothing', () => {
    const facts = { hasDownloadUrl: false, useLicenceKeys: false };
    expect(deliveryTemplateProblems('x', 'Hello {nickname}', facts)).toEqual([
      {
        field: 'body',
        message:
          '{nickname} is not a placeholder; use {customerName}, {firstName}, {customerEmail}, {product}, {amount} or {sessionId}.',
      },
    ]);
  });

  it('refuses {downloadLink} without a download address and {licenceKey} without keys', () => {
    const problems = deliveryTemplateProblems('Key {licenceKey}', 'Get it at {downloadLink}', {
      hasDownloadUrl: false,
      useLicenceKeys: false,
    });
    expect(problems.map((p) => p.field)).toEqual(['subject', 'body']);
    expect(problems[0]?.message).toMatch(/\{licenceKey\} needs a rule that hands out licence keys/);
    expect(problems[1]?.message).toMatch(/\{downloadLink\} needs the rule’s download address/);
  });

  it('says both what was meant and why it cannot be filled for a near miss the rule lacks', () => {
    const messages = deliveryTemplateProblems('x', '{download_link}', {
      hasDownloadUrl: false,
      useLicenceKeys: true,
    }).map((p) => p.message);
    expect(messages).toHaveLength(2);
    expect(messages[0]).toBe('{download_link} is not a placeholder; did you mean {downloadLink}?');
  });

  it('says a repeated slip once and leaves bare braces alone', () => {
    expect(deliveryTemplateProblems('x', '{Amount} {Amount} {} {12}', ALL)).toHaveLength(1);
    expect(deliveryTemplateProblems('x', 'function() { return 1; }', ALL)).toEqual([]);
  });

  it('hands the problems over as the form’s field errors, one message per field', () => {
    expect(deliveryTemplateFieldErrors('{Product}', '{nope} {Amount}', ALL)).toEqual({
      'action.subject': '{Product} is not a placeholder; did you mean {product}?',
      'action.body': expect.stringMatching(
        /^\{nope\} is not a placeholder; use .*\. \{Amount\} is not a placeholder; did you mean \{amount\}\?$/,
      ),
    });
    expect(deliveryTemplateFieldErrors('Fine', 'Also {product}', ALL)).toEqual({});
  });
});

describe('renderDeliveryEmail', () => {
  it('fills every placeholder for a one-product sale, the key on its own line', () => {
    const payload = sale({ customerName: '  Ann   Lee ', amount: 2900, currency: 'EUR' }, [
      { productCode: 'EBOOK', key: 'AAAA-1111' },
    ]);
    const out = renderDeliveryEmail(
      email(
        'Your {product} key',
        'Hi {firstName} ({customerName}, {customerEmail}),\n{amount} for session {sessionId}.\nDownload: {downloadLink}\nKey:\n{licenceKey}',
        'https://shop.example/dl/ebook',
      ),
      payload,
    );
    expect(out).toEqual({
      to: 'ann.lee@example.com',
      subject: 'Your Café Guide key',
      body: 'Hi Ann (Ann Lee, ann.lee@example.com),\n€29.00 for session 1000001.\nDownload: https://shop.example/dl/ebook\nKey:\nAAAA-1111',
    });
  });

  it('formats the amount in the currency’s own digits and the given locale', () => {
    const yen = sale({ amount: 3000, currency: 'JPY' }, []);
    expect(renderDeliveryEmail(email('s', '{amount}'), yen).body).toBe('¥3,000');
    const euro = sale({ amount: 123456, currency: 'EUR' }, []);
    expect(renderDeliveryEmail(email('s', '{amount}'), euro, 'de-DE').body).toBe('1.234,56\u00a0€');
  });

  it('names each key’s product when the sale has several, and lists products with quantities', () => {
    const payload = sale(
      {
        products: [
          { code: 'EBOOK', name: 'Café Guide', quantity: 2 },
          { code: 'AUDIO', name: null, quantity: 1 },
        ],
      },
      [
        { productCode: 'EBOOK', key: 'E-1' },
        { productCode: 'EBOOK', key: 'E-2' },
        { productCode: 'AUDIO', key: 'A-1' },
      ],
    );
    const out = renderDeliveryEmail(email('{product}', '{licenceKey}'), payload);
    expect(out.subject).toBe('2 × Café Guide, AUDIO');
    expect(out.body).toBe('Café Guide: E-1\nCafé Guide: E-2\nAUDIO: A-1');
  });

  it('keeps the subject on one line when a placeholder fills several', () => {
    const payload = sale({}, [
      { productCode: 'EBOOK', key: 'K-1' },
      { productCode: 'EBOOK', key: 'K-2' },
    ]);
    expect(renderDeliveryEmail(email('Keys: {licenceKey}', 'x'), payload).subject).toBe(
      'Keys: K-1, K-2',
    );
  });

  it('greets "there" and names the address when the sale names nobody', () => {
    const payload = sale({ customerName: null }, []);
    expect(renderDeliveryEmail(email('s', 'Hi {firstName}, {customerName}'), payload).body).toBe(
      'Hi there, ann.lee@example.com',
    );
  });

  it('fills a near miss stored before a check as meant, and leaves unknown names as typed', () => {
    const payload = sale({}, [{ productCode: 'EBOOK', key: 'K-9' }]);
    expect(renderDeliveryEmail(email('s', '{Licence_Key} {shoeSize}'), payload).body).toBe(
      'K-9 {shoeSize}',
    );
  });

  it('passes markup through as the plain text it is (the email has no HTML part)', () => {
    const payload = sale({ customerName: '<b>Ann</b> & Co' }, []);
    expect(renderDeliveryEmail(email('s', '{customerName}'), payload).body).toBe('<b>Ann</b> & Co');
  });

  it('has no address to send to when the sale has no customer email', () => {
    expect(renderDeliveryEmail(email('s', 'b'), sale({ customerEmail: null }, [])).to).toBeNull();
  });
});

describe('sampleSale', () => {
  it('fills every placeholder a rule may use, a sample key only when the rule uses keys', () => {
    const withKeys = sampleSale(rule);
    expect(withKeys.licenceKeys).toEqual([{ productCode: 'EBOOK', key: 'SAMPLE-KEY-0000-0000' }]);
    expect(sampleSale({ ...rule, useLicenceKeys: false }).licenceKeys).toEqual([]);
    expect(sampleSale(rule).idempotencyKey).not.toBe(withKeys.idempotencyKey);
  });
});
