// The daily summary through the shell (faked 'electron', real console and SQLite file): with
// the summary on and its hour passed, the app shows yesterday's sales once at start, and a click
// opens the desk on that day.
import { existsSync } from 'node:fs';
import { expect, it, vi } from 'vitest';
import { DATABASE_FILE } from '../../../main/console';
import { startShell } from '../../../main/index';
import { SUMMARY_STATE_FILE } from '../../../main/os';
import { FakeBrowserWindow, FakeNotification } from '../../support/fake-electron';
import { newFulfillment } from '../../support/sale-fixtures';
import { useShellRig } from '../../support/shell-rig';
import { useTempDir } from '../../support/temp-dir';
import { openStoreWithAccount } from '../../support/test-store';

vi.mock('electron', async () => (await import('../../support/fake-electron')).fakeElectron);

const tmp = useTempDir();
const shell = useShellRig(tmp);

it("shows yesterday's summary at start once its hour has passed, and opens that day on click", async () => {
  const { store, accountId } = openStoreWithAccount(tmp.file(DATABASE_FILE));
  store.accounts.setActive(accountId);
  store.settings.set('preferences', { dailySummary: true, summaryHour: 0 });
  const yesterday = new Date();
  yesterday.setDate(yesterday.getDate() - 1);
  yesterday.setHours(12, 0, 0, 0);
  store.fulfillments.record(accountId, newFulfillment({ receivedAt: yesterday.toISOString() }));
  store.close();

  await startShell(shell.deps());
  const summary = await vi.waitFor(() => {
    const shown = FakeNotification.shown.find((n) => n.options.title.startsWith('Yesterday'));
    if (!shown) throw new Error('no summary yet');
    return shown;
  });
  expect(summary.options.title).toBe('Yesterday: 1 sale');
  // Remembered in the data folder, so a restart today does not show it again.
  expect(existsSync(tmp.file(SUMMARY_STATE_FILE))).toBe(true);

  summary.click();
  const [window] = FakeBrowserWindow.instances;
  await vi.waitFor(() =>
    expect(window?.webContents.sent.some((m) => m.message.name === 'desk.showDay')).toBe(true),
  );
});
