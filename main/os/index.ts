// OS integration, kept free of Electron: main/index.ts hands in the Electron objects, so the
// notifications, the badge, the window's place, the save dialog and Show in folder all run under
// Node in tests.
export {
  NOTIFY_WITHIN_MS,
  SUMMARY_AFTER,
  saleNotificationText,
  startDesktop,
  type Desktop,
  type DesktopDeps,
  type NotificationLike,
  type Notify,
} from './notifications';
export {
  SUMMARY_STATE_FILE,
  SUMMARY_TICK_MS,
  startDailySummary,
  summaryMemoryFile,
  summaryNotificationText,
  type DailySummary,
  type DailySummaryDeps,
  type SummaryMemory,
} from './summary';
export { saveThroughDialog, type SaveDialogLike } from './save-dialog';
export {
  revealExports,
  type FolderShellLike,
  type RevealedExports,
  type SaveExport,
} from './show-in-folder';
export {
  WINDOW_STATE_FILE,
  placeWindow,
  readWindowState,
  rememberWindowState,
  writeWindowState,
  type PlacedWindow,
  type Rect,
  type WindowPlacement,
  type WindowState,
} from './window-state';
export {
  initialTrayState,
  receiverProblem,
  trayIcon,
  trayMenu,
  trayTooltip,
  type TrayAction,
  type TrayIconName,
  type TrayMenuItem,
  type TrayState,
} from './tray';
export { encodePng, trayIconPngs } from './tray-icons';
export {
  startTrayRunner,
  type TrayRunner,
  type TrayRunnerDeps,
  type TrayView,
} from './tray-runner';
export { freshSales, startSaleSound, type SaleSound, type SaleSoundDeps } from './sound';
export {
  QUIT_QUESTION,
  STILL_RECEIVING_NOTICE,
  appMenuTemplate,
  menuTemplate,
  trayShell,
  type MenuItemOptions,
  type NativeImageLike,
  type OpenTray,
  type TrayElectron,
  type TrayHandle,
  type TrayLike,
} from './tray-shell';
export {
  TRAY_REFRESH_MS,
  startTrayKeeper,
  type KeptWindow,
  type TrayKeeper,
  type TrayKeeperDeps,
} from './tray-keeper';
export {
  AUTOSTART_FILE,
  HIDDEN_ARG,
  autostartEntry,
  loginItemSetter,
  type LoginItemDeps,
} from './tray-login-item';
