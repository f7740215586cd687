// Keeps the app receiving while its window is closed: the close button hides the window to the
// tray, quitting is explicit (tray menu, Cmd/Ctrl+Q) and asks first while sales are coming in,
// and "Open at login" follows the saved setting. main/index.ts hands in the Electron pieces.
import type { Emit } from '../../preload/contract';
import type { CheckoutConsole } from '../console';
import { fileProblem } from '../paths';
import type { Notify } from './notifications';
import type { TrayAction } from './tray';
import { startTrayRunner, type TrayRunner } from './tray-runner';
import {
  QUIT_QUESTION,
  STILL_RECEIVING_NOTICE,
  appMenuTemplate,
  type MenuItemOptions,
  type OpenTray,
} from './tray-shell';

export interface KeptWindow {
  isDestroyed(): boolean;
  isVisible(): boolean;
  isFocused(): boolean;
  hide(): void;
  on(event: 'close', listener: (event: { preventDefault(): void }) => void): unknown;
  on(event: 'show' | 'focus', listener: () => void): unknown;
}

export interface TrayKeeperDeps {
  console: Pick<CheckoutConsole, 'invoke' | 'on'>;
  emit: Emit;
  openTray: OpenTray;
  /** Shows the window, opening a new one if there is none; resolves once its page shows. */
  showWindow(): void | Promise<void>;
  /** app.quit(): closes the console on the way out. */
  quit(): void;
  /** A message box; resolves with the index of the button pressed. */
  ask(question: typeof QUIT_QUESTION): Promise<number>;
  notify: Notify | null;
  setLoginItem(openAtLogin: boolean): void;
  setAppMenu(template: MenuItemOptions[]): void;
  platform: NodeJS.Platform;
  /** Runs `tick` every `ms`; returns how to stop. Defaults to an unref'd setInterval. */
  every?: (ms: number, tick: () => void) => () => void;
}

/** "Today" in the menu starts again at midnight though no sale or event says so. */
export const TRAY_REFRESH_MS = 10 * 60_000;

function everyUnref(ms: number, tick: () => void): () => void {
  const timer = setInterval(tick, ms);
  timer.unref();
  return () => clearInterval(timer);
}

export interface TrayKeeper {
  /** Hides this window on close instead of closing it, and clears "new sale" when it shows. */
  adopt(window: KeptWindow): void;
  /** The app is quitting (before-quit): let the windows close for real. */
  quitting(): void;
  /** The tray menu's and Cmd/Ctrl+Q's quit: asks first when live sales would stop. */
  requestQuit(): Promise<void>;
  runner: TrayRunner;
  stop(): void;
}

export function startTrayKeeper(deps: TrayKeeperDeps): TrayKeeper {
  let quitting = false;
  let noticeShown = false;
  let window: KeptWindow | null = null;

  async function askThenQuit(): Promise<void> {
    const receiving = runner.state().live?.receiver.state === 'listening';
    if (receiving && (await deps.ask(QUIT_QUESTION)) !== 0) return;
    deps.quit();
  }
  // The question has no parent window, so the tray and Cmd/Ctrl+Q still answer under it: a
  // second Quit meanwhile waits for the same answer instead of opening a second box.
  let asking: Promise<void> | null = null;
  function requestQuit(): Promise<void> {
    asking ??= askThenQuit().finally(() => {
      asking = null;
    });
    return asking;
  }

  const onAction = (action: TrayAction): void => {
    if (action === 'quit') void requestQuit();
    else if (action === 'open') void Promise.resolve(deps.showWindow()).catch(() => undefined);
    else
      void Promise.resolve(deps.showWindow())
        .catch(() => undefined)
        .then(() => deps.emit('desk.newLink', {}));
  };
  const tray = deps.openTray(onAction);
  const runner = startTrayRunner({
    console: deps.console,
    render: (view) => tray.draw(view),
    windowInFront: () =>
      window !== null && !window.isDestroyed() && window.isVisible() && window.isFocused(),
  });
  const stopRefresh = (deps.every ?? everyUnref)(TRAY_REFRESH_MS, () => runner.refresh());
  deps.setAppMenu(appMenuTemplate(deps.platform, () => void requestQuit()));

  let loginItem: boolean | null = null;
  const applyLoginItem = (openAtLogin: boolean): void => {
    if (openAtLogin === loginItem) return;
    loginItem = openAtLogin;
    try {
      deps.setLoginItem(openAtLogin);
    } catch (e) {
      // Thrown from the settings.changed listener it failed the save the settings had already
      // made, and the page never heard of it: told here instead, and tried again next save.
      loginItem = null;
      deps
        .notify?.({
          title: 'Open at login could not be set',
          body: `Checkout Console could not ${openAtLogin ? 'add' : 'remove'} its login item: ${fileProblem(e)}. Your other settings are saved; save again to retry.`,
        })
        .show();
    }
  };
  // At start only a yes is applied again (a moved app re-registers); a no must not remove a
  // login item the merchant added in the OS's own settings.
  void deps.console
    .invoke('settings.get', {})
    .then((s) => (s.openAtLogin ? applyLoginItem(true) : undefined))
    .catch(() => undefined);
  const offSettings = deps.console.on('settings.changed', (s) => applyLoginItem(s.openAtLogin));

  return {
    adopt(w) {
      window = w;
      w.on('close', (event) => {
        if (quitting) return;
        event.preventDefault();
        w.hide();
        if (noticeShown || !deps.notify) return;
        noticeShown = true;
        deps.notify(STILL_RECEIVING_NOTICE).show();
      });
      w.on('show', () => runner.windowShown());
      w.on('focus', () => runner.windowShown());
    },
    quitting() {
      quitting = true;
    },
    requestQuit,
    runner,
    stop() {
      stopRefresh();
      offSettings();
      runner.stop();
      tray.destroy();
    },
  };
}
