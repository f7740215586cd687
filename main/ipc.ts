// The Electron transport of the contract, main side. Every method name in the contract
// gets a handler; the console validates input (main/dispatch.ts) before any service runs.
// Raw ipcMain and webContents.send appear only here.
import { IPC_EVENT_CHANNEL, IPC_PREFIX, methodNames, type Envelope } from '../preload/contract';
import type { CheckoutConsole } from './console';
import { ConsoleError } from './errors';
import { isAppUrl } from './window';

export interface InvokeEventLike {
  readonly senderFrame: { readonly url: string } | null;
}
export interface IpcMainLike {
  handle(channel: string, listener: (event: InvokeEventLike, ...args: unknown[]) => unknown): void;
  removeHandler(channel: string): void;
}
export interface EventTarget {
  send(channel: string, message: { name: string; payload: unknown }): void;
  isDestroyed(): boolean;
}
export interface RegisterIpcDeps {
  ipcMain: IpcMainLike;
  console: Pick<CheckoutConsole, 'dispatch'>;
  isTrustedSender: (event: InvokeEventLike) => boolean;
}

const untrusted = new ConsoleError(
  'forbidden',
  'This request did not come from the Checkout Console window, so it was refused. Restart the app if this keeps happening.',
);

/** Trusts only frames showing the app itself; a frame gone mid-call is not trusted. */
export function trustAppFrames(appUrl: string): (event: InvokeEventLike) => boolean {
  return (event) => event.senderFrame !== null && isAppUrl(event.senderFrame.url, appUrl);
}

export function registerIpc(deps: RegisterIpcDeps): () => void {
  const channels = methodNames.map((name) => {
    const channel = IPC_PREFIX + name;
    deps.ipcMain.handle(channel, async (event, input): Promise<Envelope<unknown>> => {
      if (!deps.isTrustedSender(event)) return { ok: false, error: untrusted.toPayload() };
      return deps.console.dispatch(name, input);
    });
    return channel;
  });
  return () => {
    for (const channel of channels) deps.ipcMain.removeHandler(channel);
  };
}

export function forwardEvents(
  console: Pick<CheckoutConsole, 'onAny'>,
  target: EventTarget,
): () => void {
  return console.onAny((name, payload) => {
    // Events can outlive the window during shutdown; sending then would throw.
    if (!target.isDestroyed()) target.send(IPC_EVENT_CHANNEL, { name, payload });
  });
}
