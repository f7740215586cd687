// A real store in a temp folder, one account, and a receiver in front of it.
import { request } from 'node:http';
import { afterEach } from 'vitest';
import {
  receiverToken,
  signWebhook,
  startReceiver,
  type Receiver,
  type ReceiverOptions,
} from '../../../main/receiver';
import type { Store } from '../../../main/store';
import type { TempDir } from '../../support/temp-dir';
import { openStoreWithAccount } from '../../support/test-store';

export interface Rig {
  store: Store;
  receiver: Receiver;
  accountId: number;
  token: string;
  url: string;
  authKey: string;
  /** Changes the webhook registration the receiver checks signatures against. */
  setTargets(targets: Array<{ url: string; authKey: string }>): void;
  fulfilmentIds: number[];
  sessionChanges: number[];
}

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()?.();
});

export async function startRig(
  tmp: TempDir,
  extra: Partial<Pick<ReceiverOptions, 'confirm' | 'limits' | 'onSignatureScheme'>> & {
    apiUrl?: string;
  } = {},
): Promise<Rig> {
  const { store, accountId } = openStoreWithAccount(
    tmp.file('console.db'),
    extra.apiUrl === undefined ? {} : { apiUrl: extra.apiUrl },
  );
  const token = receiverToken();
  let targets: Array<{ url: string; authKey: string }> = [];
  const fulfilmentIds: number[] = [];
  const sessionChanges: number[] = [];
  const receiver = await startReceiver({
    store,
    route: (t) => (t === token ? { accountId, signingTargets: async () => targets } : null),
    onFulfillment: (_a, ids) => fulfilmentIds.push(...ids),
    onSessionStatus: (_a, ids) => sessionChanges.push(...ids),
    ...extra,
  });
  cleanups.push(async () => {
    await receiver.close();
    store.close();
  });
  const url = receiver.localUrl(token);
  const authKey = 'aB3dE5gH7jK9mN1pQ3sT5v';
  targets = [{ url, authKey }];
  return {
    store,
    receiver,
    accountId,
    token,
    url,
    authKey,
    setTargets: (t) => (targets = t),
    fulfilmentIds,
    sessionChanges,
  };
}

export interface Answer {
  status: number;
  body: string;
}

/** A raw HTTP request (fetch hides some of what we test: methods, partial bodies). */
export function send(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: string | Buffer } = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method: options.method ?? 'POST', headers: options.headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

/** POSTs a body signed the way Quaderno signs it. */
export function deliver(
  rig: Pick<Rig, 'url' | 'authKey'>,
  body: string,
  url = rig.url,
): Promise<Answer> {
  return send(url, {
    headers: {
      'Content-Type': 'application/json',
      'X-Quaderno-Signature': signWebhook(rig.authKey, rig.url, body),
    },
    body,
  });
}

let nextSession = 9000;
export function succeededBody(
  overrides: { session?: number; email?: string; transaction?: string } = {},
) {
  const session = overrides.session ?? nextSession++;
  return JSON.stringify({
    event_type: 'checkout.succeeded',
    account_id: 77,
    data: {
      object: {
        transaction_details: {
          session,
          session_permalink: `https://shop.quadernoapp.com/checkout/session/${'a'.repeat(40)}`,
          gateway: 'stripe',
          type: 'charge',
          description: 'Ebook',
          email: overrides.email ?? 'jane@example.com',
          transaction: overrides.transaction ?? `pi_${session}`,
          product_id: 'prod_ebook',
          tax_name: 'VAT',
          tax_rate: 21.0,
          amount_cents: 2100,
          amount: '21.00',
          currency: 'EUR',
        },
        contact: {
          first_name: 'Jane',
          last_name: 'Doe',
          full_name: 'Jane Doe',
          email: 'jane@example.com',
        },
        message: { response_message: 'Checkout succeeded', status_code: 200 },
      },
    },
  });
}

/** Waits for a condition with a generous bound (never asserts on timing). */
export async function eventually<T>(
  read: () => T | undefined | null | false,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = read();
    if (value) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}
