// The contract's pieces both bridge ends need at run time, without the method schemas: the error
// the renderer side throws, unwrapping a reply, and the IPC channel names. preload/bridge.ts
// imports these from here, so loading the preload (and the test bridge's page script) does not
// build every method's input schema (issue 16, first paint). contract.ts re-exports them: one
// ContractError class whichever way it is imported.
import type { Envelope, ErrorPayload } from './contract-errors';

/** Thrown on the renderer side when a call fails; carries the payload from main. */
export class ContractError extends Error implements ErrorPayload {
  readonly code: ErrorPayload['code'];
  readonly fields?: Record<string, string>;
  constructor(payload: ErrorPayload) {
    super(payload.message);
    this.name = 'ContractError';
    this.code = payload.code;
    if (payload.fields) this.fields = payload.fields;
  }
}

export function unwrap<T>(envelope: Envelope<T>): T {
  if (envelope.ok) return envelope.value;
  throw new ContractError(envelope.error);
}

export const IPC_PREFIX = 'cc:';
export const IPC_EVENT_CHANNEL = 'cc:event';
