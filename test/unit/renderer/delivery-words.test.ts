// How a sale's deliveries read (renderer/src/delivery/job-words.ts): the attempt counted from the
// next try, a forward named by its endpoint's host, done by the rule or by the merchant.
import { describe, expect, it } from 'vitest';
import type { DeliveryJob, DeliveryRule } from '../../../preload/contract-delivery';
import { actionsOn, canAct, deliveryLine } from '../../../renderer/src/delivery/job-words';

const job = (patch: Partial<DeliveryJob>): DeliveryJob => ({
  id: 1,
  saleId: 1,
  ruleId: 4,
  ruleName: 'Shop backend',
  kind: 'forward',
  status: 'pending',
  attempts: 0,
  maxAttempts: 8,
  nextTryAt: null,
  lastError: null,
  doneAt: null,
  doneBy: null,
  idempotencyKey: 'k',
  createdAt: '2026-11-30T10:00:00.000Z',
  ...patch,
});

const rule = {
  id: 4,
  action: { kind: 'forward', url: 'https://shop.example/hooks/sale' },
} as DeliveryRule;

describe('a delivery line', () => {
  it('names a forward by its endpoint’s host, and counts the coming try', () => {
    const line = deliveryLine(job({ attempts: 1, lastError: 'the endpoint answered 500' }), rule);
    expect(line).toBe(
      'Forward to shop.example: trying again (attempt 2 of 8) — the endpoint answered 500',
    );
    expect(canAct(job({ attempts: 1 }))).toBe(true);
  });

  it('never counts past the last try', () => {
    expect(deliveryLine(job({ attempts: 8 }), rule)).toContain('(attempt 8 of 8)');
  });

  it('says who finished it', () => {
    const at = '2026-11-30T10:05:00.000Z';
    const now = new Date('2026-11-30T12:00:00.000Z');
    expect(
      deliveryLine(
        job({ kind: 'email', status: 'done', doneBy: 'rule', doneAt: at }),
        undefined,
        now,
      ),
    ).toMatch(/^Email to the customer: sent \S/);
    expect(
      deliveryLine(job({ status: 'done', doneBy: 'merchant', doneAt: at }), undefined, now),
    ).toMatch(/^Forward to your endpoint: marked done by you \S/);
    expect(canAct(job({ status: 'done' }))).toBe(false);
  });

  it('puts what needs attention first, with the reason', () => {
    expect(
      deliveryLine(
        job({ kind: 'command', status: 'needs_attention', attempts: 1, lastError: 'exit code 2' }),
      ),
    ).toBe('Needs attention: Command: stopped after 1 try — exit code 2');
  });

  it('says a delivery of a sale marked fulfilled by hand is held, and offers only Mark done', () => {
    const now = new Date();
    const retrying = job({ attempts: 1, lastError: 'the endpoint answered 500' });
    expect(deliveryLine(retrying, rule, now, true)).toBe(
      'Forward to shop.example: held, as the sale is marked fulfilled (Undo to deliver it)',
    );
    expect(actionsOn(retrying, true)).toEqual({ retry: false, markDone: true });
    expect(actionsOn(job({ attempts: 0 }), true)).toEqual({ retry: false, markDone: true });
    // A stopped one says why, but no longer asks for attention: the merchant delivered it. It
    // says it is held too, so "add keys and the delivery is tried again" is not read alone.
    const stopped = job({ status: 'needs_attention', attempts: 8, lastError: 'no answer' });
    expect(deliveryLine(stopped, rule, now, true)).toBe(
      'Forward to shop.example: stopped after 8 tries — no answer; held until Undo, as the sale is marked fulfilled',
    );
    expect(actionsOn(stopped, true)).toEqual({ retry: false, markDone: true });
    expect(actionsOn(stopped, false)).toEqual({ retry: true, markDone: true });
    expect(actionsOn(job({ attempts: 0 }), false)).toEqual({ retry: false, markDone: false });
    const sent = job({ kind: 'email', status: 'done', doneBy: 'rule', doneAt: null });
    expect(deliveryLine(sent, undefined, now, true)).toBe('Email to the customer: sent');
    expect(actionsOn(sent, true)).toEqual({ retry: false, markDone: false });
  });
});
