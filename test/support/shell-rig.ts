// The Electron shell over the faked 'electron' and a real console on the test's data folder
// (live off, memory secrets), for the shell tests that start it: a fresh fake app before each
// test and one that has quit after it, so no console or window outlives its test.
// The test file still mocks 'electron' itself: vi.mock is hoisted only in the file it is in.
import { writeFileSync } from 'node:fs';
import { afterEach, beforeEach, expect, vi } from 'vitest';
import { createConsole, type CheckoutConsole } from '../../main/console';
import type { DesktopShellDeps, ShellDeps } from '../../main/index';
import { createMemorySecrets } from '../../main/secrets';
import { FakeBrowserWindow } from './fake-electron';
import { fakeDesktop, fakeShellDeps, freshElectron, type FakeElectron } from './fake-shell-deps';
import { exportText } from './export-text';
import type { TempDir } from './temp-dir';

export interface ShellRig {
  /** This test's fake 'electron'. */
  readonly electron: FakeElectron;
  /** The console the shell opened in this test, once it has. */
  readonly opened: CheckoutConsole | null;
  /** startShell's dependencies; `desktop` adds to or replaces the fake desktop's parts. */
  deps(
    desktop?: Partial<DesktopShellDeps>,
    over?: Partial<ShellDeps<FakeBrowserWindow>>,
  ): ShellDeps<FakeBrowserWindow>;
}

/**
 * Call at the top of a shell test file. `beforeQuit`: emit the app's before-quit first when the
 * test ends, as Electron does when the merchant quits (the tray's shell listens for it).
 */
export function useShellRig(tmp: TempDir, options: { beforeQuit?: boolean } = {}): ShellRig {
  let electron: FakeElectron | undefined;
  let opened: CheckoutConsole | null = null;
  const current = (): FakeElectron => {
    if (!electron) throw new Error('useShellRig: read .electron inside a test');
    return electron;
  };
  beforeEach(() => {
    electron = freshElectron(tmp.path);
    opened = null;
  });
  afterEach(async () => {
    const app = current().app;
    if (options.beforeQuit) app.emit('before-quit');
    app.quit();
    // The console closed, then the app quit.
    await vi.waitFor(() => expect(app.quitCalls).toBeGreaterThanOrEqual(2), {
      timeout: 10_000,
      interval: 10,
    });
  });
  return {
    get electron() {
      return current();
    },
    get opened() {
      return opened;
    },
    deps(desktop = {}, over = {}) {
      const fake = current();
      return fakeShellDeps(fake, {
        openConsole: async (consoleOptions) => {
          opened = await createConsole({ ...consoleOptions, live: { autoStart: false } });
          return opened;
        },
        secrets: createMemorySecrets(),
        desktop: {
          ...fakeDesktop(fake, async (path, content) => writeFileSync(path, exportText(content))),
          ...desktop,
        },
        ...over,
      });
    },
  };
}
