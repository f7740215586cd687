// The contract's renderer end, whatever carries it: the preload hands it Electron's
// ipcRenderer (preload/index.ts); the browser tests hand it fetch + EventSource
// (test/support/http-transport.ts), so they run this very code.
import { z } from 'zod';
import type {
  ConsoleBridge,
  EventName,
  Events,
  MethodInput,
  MethodName,
  MethodResult,
} from './contract';
import { ContractError, IPC_EVENT_CHANNEL, IPC_PREFIX, unwrap } from './contract-core';
import { envelopeSchema, type Envelope, type ErrorPayload } from './contract-errors';
import { eventNameList, isContractEvent, isContractMethod } from './contract-names';

/** The part of Electron's ipcRenderer the bridge uses; the test transport has the same shape. */
export interface BridgeTransport {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

const eventMessageSchema = z.object({
  name: z.enum(eventNameList),
  payload: z.unknown(),
});

const brokenPayload: ErrorPayload = {
  code: 'bad_response',
  message:
    'The console sent back something unexpected. Restart the app; if it persists, reinstall it.',
};
const brokenReply: Envelope<never> = { ok: false, error: brokenPayload };
const unreachablePayload: ErrorPayload = {
  code: 'internal',
  message: 'The console did not answer. Restart the app; if it persists, reinstall it.',
};

type AnyListener = (payload: unknown) => void;

export function createBridge(transport: BridgeTransport): ConsoleBridge {
  const listeners = new Map<EventName, Set<AnyListener>>();
  let attached = false;

  // One transport listener fans out to every subscription, so many components can subscribe
  // without tripping Node's max-listeners warning.
  const receive = (_event: unknown, message: unknown): void => {
    const parsed = eventMessageSchema.safeParse(message);
    if (!parsed.success) return;
    for (const listener of [...(listeners.get(parsed.data.name) ?? [])]) {
      listener(parsed.data.payload);
    }
  };

  return {
    async invoke<N extends MethodName>(name: N, input: unknown): Promise<MethodResult<N>> {
      if (!isContractMethod(name)) {
        throw new ContractError({
          code: 'invalid_input',
          message: `Unknown method ${JSON.stringify(String(name))}.`,
        });
      }
      let raw: unknown;
      try {
        raw = await transport.invoke(IPC_PREFIX + name, input);
      } catch {
        // Main answers every call with an envelope; a rejection means no handler or an
        // input IPC cannot copy (a function, a DOM node), so there is nothing to unwrap.
        throw new ContractError(unreachablePayload);
      }
      const reply = envelopeSchema.safeParse(raw);
      // Main built the value from this method's result type; the envelope shape is what can break.
      return unwrap(reply.success ? reply.data : brokenReply) as MethodResult<N>;
    },
    on<E extends EventName>(name: E, listener: (payload: Events[E]) => void): () => void {
      if (!isContractEvent(name)) {
        throw new ContractError({
          code: 'invalid_input',
          message: `Unknown event ${JSON.stringify(String(name))}.`,
        });
      }
      if (typeof listener !== 'function') {
        throw new ContractError({ code: 'invalid_input', message: 'Pass a function to listen.' });
      }
      const wrapped: AnyListener = (payload) => listener(payload as Events[E]);
      const set = listeners.get(name) ?? new Set<AnyListener>();
      set.add(wrapped);
      listeners.set(name, set);
      if (!attached) {
        transport.on(IPC_EVENT_CHANNEL, receive);
        attached = true;
      }
      return () => {
        set.delete(wrapped);
        if (set.size === 0) listeners.delete(name);
        if (listeners.size === 0 && attached) {
          transport.removeListener(IPC_EVENT_CHANNEL, receive);
          attached = false;
        }
      };
    },
  };
}

/**
 * Electron's context bridge copies only the message of an Error: `code` and `fields` would
 * be lost on the way to the page. A plain object keeps all its own properties, so failures
 * cross as a frozen ContractError-shaped object instead.
 */
export function plainFailure(error: unknown): ErrorPayload & { name: string } {
  const payload =
    error instanceof ContractError
      ? {
          code: error.code,
          message: error.message,
          ...(error.fields ? { fields: error.fields } : {}),
        }
      : unreachablePayload;
  return Object.freeze({ name: 'ContractError', ...payload });
}

/** What the page receives: the same two functions, with failures made bridge-safe. */
export function forContextBridge(bridge: ConsoleBridge): ConsoleBridge {
  return Object.freeze({
    invoke: <N extends MethodName>(name: N, input: MethodInput<N>): Promise<MethodResult<N>> =>
      bridge.invoke(name, input).catch((error: unknown) => Promise.reject(plainFailure(error))),
    on<E extends EventName>(name: E, listener: (payload: Events[E]) => void): () => void {
      try {
        return bridge.on(name, listener);
      } catch (error) {
        throw plainFailure(error);
      }
    },
  });
}
