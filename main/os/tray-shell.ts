// The tray, the app menu and the quit question over Electron's objects, handed in by
// main/index.ts (typed structurally, so tests pass the fakes in test/support/fake-electron.ts).
import type { TrayAction, TrayIconName, TrayMenuItem } from './tray';
import { trayIconPngs } from './tray-icons';
import type { TrayView } from './tray-runner';

/** The part of Electron's MenuItemConstructorOptions we use. */
export interface MenuItemOptions {
  label?: string;
  type?: 'normal' | 'separator';
  enabled?: boolean;
  accelerator?: string;
  role?: 'about' | 'hide' | 'hideOthers' | 'unhide' | 'editMenu' | 'windowMenu' | 'close';
  submenu?: MenuItemOptions[];
  click?: () => void;
}

export interface NativeImageLike {
  addRepresentation(options: { scaleFactor: number; buffer: Buffer }): void;
}
export interface TrayLike<I, M> {
  setImage(image: I): void;
  setToolTip(text: string): void;
  setContextMenu(menu: M): void;
  on(event: 'click', listener: () => void): unknown;
  destroy(): void;
}
export interface TrayElectron<I extends NativeImageLike, M> {
  Tray: new (image: I) => TrayLike<I, M>;
  Menu: { buildFromTemplate(template: MenuItemOptions[]): M };
  nativeImage: { createFromBuffer(buffer: Buffer): I };
}

export interface TrayHandle {
  draw(view: TrayView): void;
  destroy(): void;
}
/** Opens the tray once the app is ready (Electron refuses a Tray before). */
export type OpenTray = (onAction: (action: TrayAction) => void) => TrayHandle;

export function menuTemplate(
  items: TrayMenuItem[],
  onAction: (action: TrayAction) => void,
): MenuItemOptions[] {
  return items.map((item) => {
    if (item.kind === 'separator') return { type: 'separator' };
    if (item.kind === 'info') return { label: item.label, enabled: false };
    return { label: item.label, click: () => onAction(item.action) };
  });
}

export function trayShell<I extends NativeImageLike, M>(electron: TrayElectron<I, M>): OpenTray {
  return (onAction) => {
    const images = new Map<TrayIconName, I>();
    const image = (name: TrayIconName): I => {
      const known = images.get(name);
      if (known) return known;
      const { x1, x2 } = trayIconPngs(name);
      const made = electron.nativeImage.createFromBuffer(x1);
      made.addRepresentation({ scaleFactor: 2, buffer: x2 });
      images.set(name, made);
      return made;
    };
    const tray = new electron.Tray(image('normal'));
    // Windows and macOS report a click on the icon itself; Linux trays only open the menu.
    tray.on('click', () => onAction('open'));
    return {
      draw(view) {
        tray.setImage(image(view.icon));
        tray.setToolTip(view.tooltip);
        tray.setContextMenu(electron.Menu.buildFromTemplate(menuTemplate(view.menu, onAction)));
      },
      destroy: () => tray.destroy(),
    };
  };
}

/**
 * The app menu, so Cmd/Ctrl+Q asks before it stops live sales. Edit and Window keep their roles:
 * without an Edit menu macOS loses copy and paste in the page.
 */
export function appMenuTemplate(platform: NodeJS.Platform, quit: () => void): MenuItemOptions[] {
  const quitItem: MenuItemOptions = {
    label: 'Quit Checkout Console',
    accelerator: 'CmdOrCtrl+Q',
    click: quit,
  };
  if (platform === 'darwin') {
    return [
      {
        label: 'Checkout Console',
        submenu: [
          { role: 'about' },
          { type: 'separator' },
          { role: 'hide' },
          { role: 'hideOthers' },
          { role: 'unhide' },
          { type: 'separator' },
          quitItem,
        ],
      },
      { role: 'editMenu' },
      { role: 'windowMenu' },
    ];
  }
  return [
    { label: '&File', submenu: [{ role: 'close', label: 'Close window' }, quitItem] },
    { role: 'editMenu' },
  ];
}

/** Asked when live sales would stop: the window's close button keeps them coming instead. */
export const QUIT_QUESTION = {
  type: 'question',
  message: 'Quit Checkout Console?',
  detail:
    'Live sales stop reaching this computer until you open the app again (sales paid meanwhile ' +
    'are picked up by the next sync then). Closing the window keeps it receiving in the tray.',
  buttons: ['Quit', 'Keep receiving'],
  defaultId: 1,
  cancelId: 1,
} as const;

/** Shown the first time in a run that closing the window hid it rather than quitting. */
export const STILL_RECEIVING_NOTICE = {
  title: 'Still receiving sales',
  body: 'Checkout Console keeps running in the tray. Quit it from the tray menu.',
};
