// One try of a delivery action as the worker hands it over (job, rule, payload, signal), for the
// action tests: `actionRun(action)` gives a paid ebook sale; `over` sets what a test is about.
import type { RuleAction } from '../../preload/contract-delivery';
import type { ActionRun, DeliveryPayload } from '../../main/delivery';

export function actionRun(
  action: RuleAction,
  over: { signal?: AbortSignal; idempotencyKey?: string; payload?: Partial<DeliveryPayload> } = {},
): ActionRun {
  const idempotencyKey = over.idempotencyKey ?? 'sale-42-rule-7';
  const createdAt = '2026-11-28T08:00:01.000Z';
  return {
    job: {
      id: 3,
      accountId: 1,
      saleId: 42,
      ruleId: 7,
      ruleName: 'Ebook delivery',
      kind: action.kind,
      status: 'pending',
      attempts: 1,
      maxAttempts: 8,
      nextTryAt: null,
      lastError: null,
      doneAt: null,
      doneBy: null,
      idempotencyKey,
      createdAt,
      claim: Date.parse(createdAt) + 45_000,
    },
    rule: {
      id: 7,
      name: 'Ebook delivery',
      productCode: 'ebook',
      action,
      enabled: true,
      useLicenceKeys: true,
      hasSecret: true,
      createdAt,
      updatedAt: createdAt,
    },
    payload: {
      type: 'sale.delivery',
      idempotencyKey,
      rule: { id: 7, name: 'Ebook delivery' },
      sale: {
        id: 42,
        sessionId: 623915001,
        permalink: 'https://checkout.example/s/abc',
        customerEmail: 'jane@example.com',
        customerName: 'Jane Doe',
        products: [{ code: 'ebook', name: 'Café Guide (ebook)', quantity: 1, unitAmount: 1900 }],
        amount: 1900,
        currency: 'EUR',
        transactionId: 'ch_123',
        receivedAt: '2026-11-28T08:00:00.000Z',
      },
      licenceKeys: [{ productCode: 'ebook', key: 'KEY-AAAA-0001' }],
      sentAt: createdAt,
      ...over.payload,
    },
    signal: over.signal ?? new AbortController().signal,
  };
}
