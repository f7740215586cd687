// A sale keeps how many of each product were bought (issue 17, bug 1): a merchant who is told
// "Consulting Hour" for a 3-hour purchase delivers one. Both ways a sale reaches the ledger, the
// webhook and sync, against the sandbox through createConsole.
import { describe, expect, it } from 'vitest';
import type { Fulfillment } from '../../../preload/contract';
import { createPrinter, runFulfillments } from '../../../main/commands/live';
import { type Io, valueOf } from '../../../main/commands/output';
import { saleNotificationText } from '../../../main/os';
import type { CheckoutConsole } from '../../../main/console';
import { exportText } from '../../support/export-text';
import { liveStatus, useRig } from '../../support/live-rig';
import { suiteProfile } from '../../support/sandbox-profiles';
import { useTempDir } from '../../support/temp-dir';
import { csvRecords } from '../sales/parse-csv';
import { control, fastClient, waitFor } from '../sync/helpers';

const tmp = useTempDir('cc-sale-quantities-');
const rig = useRig(tmp);
const sandbox = () =>
  rig.sandbox({ rateLimit: { limit: 100_000, windowMs: 1000 }, profile: suiteProfile() });

const consultingHour = async (sb: Awaited<ReturnType<typeof sandbox>>) => {
  const item = (await fastClient(sb).listItems()).find((i) => i.name === 'Consulting Hour');
  if (!item?.code) throw new Error('the sandbox has no Consulting Hour');
  return item.code;
};

const onlySale = (cc: CheckoutConsole) =>
  waitFor('the sale', async () => {
    const page = valueOf<{ items: Fulfillment[]; total: number }>(
      await cc.call('fulfillments.list', { limit: 10 }),
    );
    return page.total === 1 && page.items[0];
  });

/** The console's sales CSV as its save dialog would receive it. */
const exported = async (cc: CheckoutConsole, files: string[]) => {
  valueOf(await cc.call('export.csv', { what: 'fulfillments' }));
  return csvRecords(files.at(-1) ?? '');
};

const consoleWithExports = async (sb: Awaited<ReturnType<typeof sandbox>>) => {
  const files: string[] = [];
  const cc = await rig.console(sb, {
    saveFile: async (_name: string, content: Iterable<string>) => {
      files.push(exportText(content));
      return '/dev/null';
    },
  });
  return { cc, files };
};

describe('a sale keeps its quantities', { timeout: 90_000 }, () => {
  it('pays a link for 3 × Consulting Hour and keeps "3 ×" in the ledger, the list and the CSV', async () => {
    const sb = await sandbox();
    const { cc, files } = await consoleWithExports(sb);
    await waitFor('the webhook', async () => (await liveStatus(cc)).webhook.state === 'registered');
    const code = await consultingHour(sb);
    const { link } = valueOf(
      await cc.call('links.create', {
        customer: { email: 'ann@example.com', firstName: 'Ann', lastName: 'Lee' },
        items: [{ product: code, quantity: 3 }],
      }),
    );

    await control(sb, `/__sandbox/checkout/sessions/${link.id}/complete`);

    const sale = await onlySale(cc);
    expect(sale.source).toBe('webhook');
    expect(sale.products).toEqual([
      { code, name: 'Consulting Hour', quantity: 3, unitAmount: 12_000 },
    ]);
    const stored = valueOf(await cc.call('fulfillments.get', { id: sale.id }));
    expect(stored.products[0]?.quantity).toBe(3);
    const [line] = await exported(cc, files);
    expect(line).toMatchObject({ products: '3 × Consulting Hour', quantities: '3' });

    // The terminal and the desktop say it too: `listen`/`demo`'s sale line, `fulfillments`, the
    // notification.
    const printed: string[] = [];
    const io: Io = { out: (l) => void printed.push(l), err: () => {}, readStdin: async () => '' };
    await createPrinter(cc, io, false)('fulfillments.changed', { ids: [sale.id] });
    await runFulfillments(cc, {}, io);
    expect(printed[0]).toContain('for 3 × Consulting Hour');
    expect(printed[2]).toContain('3 × Consulting Hour');
    expect(saleNotificationText(sale).body).toContain('— 3 × Consulting Hour');
  });

  it('keeps the quantity of a sale only sync saw (no webhook reported it)', async () => {
    const sb = await sandbox();
    const code = await consultingHour(sb);
    const session = await fastClient(sb).createSession({
      items: [{ product: code, quantity: 3 }],
      success_url: 'https://shop.example/ok',
      cancel_url: 'https://shop.example/no',
      customer: { email: 'bo@example.com', first_name: 'Bo', last_name: 'Ek' },
    });
    // Paid before any console registered a webhook: only sync can find it.
    await control(sb, `/__sandbox/checkout/sessions/${session.id}/complete`);

    const { cc, files } = await consoleWithExports(sb);

    const sale = await onlySale(cc);
    expect(sale).toMatchObject({ sessionId: session.id, source: 'sync' });
    expect(sale.products).toEqual([
      { code, name: 'Consulting Hour', quantity: 3, unitAmount: 12_000 },
    ]);
    const [line] = await exported(cc, files);
    expect(line).toMatchObject({ products: '3 × Consulting Hour', quantities: '3' });
  });
});
