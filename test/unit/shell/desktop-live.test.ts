// The whole way from a payment to the merchant's desktop: a sandbox sale's webhook reaches
// the real receiver, and the shell (faked 'electron') shows its notification and badge.
import { afterEach, expect, it, vi } from 'vitest';
import { createConsole } from '../../../main/console';
import { startShell } from '../../../main/index';
import { startSandbox, type Sandbox } from '../../../main/sandbox';
import { createMemorySecrets } from '../../../main/secrets';
import { FakeBrowserWindow, FakeNotification } from '../../support/fake-electron';
import { fakeDesktop, fakeShellDeps, freshElectron } from '../../support/fake-shell-deps';
import { useTempDir } from '../../support/temp-dir';
import { sessions, waitFor } from '../../integration/sync/helpers';

vi.mock('electron', async () => (await import('../../support/fake-electron')).fakeElectron);

const tmp = useTempDir();
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn();
});

it(
  'notifies a sale paid on the sandbox and badges it, opening it on click',
  { timeout: 90_000 },
  async () => {
    const sb: Sandbox = await startSandbox({ rateLimit: { limit: 100_000, windowMs: 1000 } });
    cleanups.push(() => sb.close());
    const electron = freshElectron(tmp.path);
    await startShell(
      fakeShellDeps(electron, {
        openConsole: createConsole,
        secrets: createMemorySecrets(),
        env: { CHECKOUT_CONSOLE_API_URL: sb.apiUrl, CHECKOUT_CONSOLE_API_KEY: sb.apiKey },
        desktop: fakeDesktop(electron, async () => undefined),
      }),
    );
    cleanups.push(async () => {
      electron.app.quit();
      await waitFor('the console to close', () => electron.app.quitCalls >= 2);
    });
    expect(electron.dialog.errors).toEqual([]);
    const [window] = FakeBrowserWindow.instances;
    // The receiver registers its webhook when live starts; wait for it before paying.
    await waitFor('the webhook', async () => {
      const sent = window?.webContents.sent ?? [];
      return sent.some(
        (m) =>
          m.message.name === 'receiver.status' &&
          (m.message.payload as { webhook: { state: string } }).webhook.state === 'registered',
      );
    });

    await sessions(sb, 1);

    const notification = await waitFor('the notification', () => FakeNotification.shown[0]);
    expect(notification.options.title).toBe('New sale');
    expect(notification.options.body).toMatch(/^€\d+\.\d{2} from buyer0@example\.com — .+$/);
    await waitFor('the badge', () => electron.app.badgeCounts.at(-1) === 1);
    notification.click();
    const focus = await waitFor('the focus event', () =>
      window?.webContents.sent.find((m) => m.message.name === 'desk.focusFulfillment'),
    );
    expect(focus?.message.payload).toEqual({ id: expect.any(Number) });
  },
);
