// The links service's offline hooks, as createConsole is to pass them (issue 17, "Honest
// offline"): while connectivity says Quaderno is unreachable a new link goes straight to a draft
// without a call, and the connectivity listener creates it and announces it (links.draftCreated).
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { openAccounts } from '../../../main/accounts';
import type { ConnectivityState } from '../../../main/connectivity';
import { createLinkHandlers } from '../../../main/links';
import { createProducts } from '../../../main/products';
import { createMemorySecrets } from '../../../main/secrets';
import { createSettings } from '../../../main/settings';
import { openStore } from '../../../main/store';
import { DRAFT_SAVED_MESSAGE, linkCreateInput, type LinkResult } from '../../../preload/contract';
import { useRig } from '../../support/live-rig';
import { suiteProfile } from '../../support/sandbox-profiles';
import { useTempDir } from '../../support/temp-dir';

const tmp = useTempDir('cc-link-drafts-wiring-');
const rig = useRig(tmp);

it('keeps a link made while offline without asking Quaderno, and announces it once created', async () => {
  const sb = await rig.sandbox({ profile: suiteProfile() });
  const store = openStore(join(tmp.path, 'console.sqlite'));
  rig.later(() => store.close());
  const opened = await openAccounts({
    store,
    dataDir: tmp.path,
    secrets: createMemorySecrets(),
    env: { CHECKOUT_CONSOLE_API_URL: sb.apiUrl, CHECKOUT_CONSOLE_API_KEY: sb.apiKey },
    signal: new AbortController().signal,
    onAccounts: () => undefined,
    onConnectivity: () => undefined,
  });
  rig.later(async () => {
    opened.connectivity.close();
    await opened.sandboxHost.close();
  });
  const products = createProducts({ store, accounts: opened.accounts });
  const [product] = await products.sync();
  let state: ConnectivityState = { online: false, reason: 'Cannot reach Quaderno.' };
  const listeners = new Set<(s: ConnectivityState) => void>();
  const announced: Array<{ draftId: number; result: LinkResult }> = [];
  const links = createLinkHandlers({
    store,
    accounts: opened.accounts,
    products,
    settings: createSettings({ store }),
    emit: () => undefined,
    connectivity: { state: () => state },
    onConnectivity(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    onDraftCreated: (draftId, result) => announced.push({ draftId, result }),
  });
  const posts = () => sb.requestLog().filter((r) => r.method === 'POST').length;
  const input = linkCreateInput.parse({
    customer: { email: 'jane@example.com' },
    items: [{ product: product?.code ?? 'none' }],
  });

  await expect(links['links.create'](input)).rejects.toMatchObject({
    code: 'offline',
    message: DRAFT_SAVED_MESSAGE,
  });
  expect(posts()).toBe(0);
  const [draft] = await links['links.drafts']({});

  state = { online: true, reason: null };
  for (const listener of listeners) listener(state);
  await expect.poll(() => announced.length, { timeout: 20_000 }).toBe(1);
  expect(announced[0]?.draftId).toBe(draft?.id);
  expect(announced[0]?.result.link.customer.email).toBe('jane@example.com');
  expect(posts()).toBe(1);
});
