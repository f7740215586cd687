/* global window, fetch, EventSource */
// Served as /__bridge.js by test/support/http-bridge.ts. Plays the preload's
// part in a plain browser: exposes window.checkoutConsole (ConsoleBridge from
// preload/contract.ts) over fetch for calls and one EventSource for events.
(function installBridge() {
  'use strict';

  class ContractError extends Error {
    /** @param {{ code: string, message: string, fields?: Record<string, string> }} payload */
    constructor(payload) {
      super(payload.message);
      this.name = 'ContractError';
      this.code = payload.code;
      if (payload.fields) this.fields = payload.fields;
    }
  }

  /** @param {string} name @param {unknown} input @returns {Promise<unknown>} */
  async function invoke(name, input) {
    const response = await fetch('/__rpc/' + encodeURIComponent(name), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(input === undefined ? {} : input),
    });
    const envelope = await response.json();
    if (envelope && envelope.ok === true) return envelope.value;
    const error = envelope && envelope.error;
    throw new ContractError(
      error && typeof error.message === 'string'
        ? error
        : { code: 'bad_response', message: 'The test bridge sent an unreadable answer.' },
    );
  }

  /** @type {Map<string, Set<(payload: unknown) => void>>} */
  const listeners = new Map();
  // Opened at once, not on first subscription, so the stream is already
  // connected when the app's first call can cause an event.
  const source = new EventSource('/__events');
  source.addEventListener('message', (message) => {
    const event = JSON.parse(message.data);
    const set = listeners.get(event.name);
    if (!set) return;
    for (const listener of Array.from(set)) listener(event.payload);
  });

  /** @param {string} name @param {(payload: unknown) => void} listener @returns {() => void} */
  function on(name, listener) {
    let set = listeners.get(name);
    if (!set) {
      set = new Set();
      listeners.set(name, set);
    }
    // Wrap so the same function subscribed twice gets two independent subscriptions.
    /** @param {unknown} payload */
    const entry = (payload) => listener(payload);
    set.add(entry);
    return () => {
      set.delete(entry);
    };
  }

  Object.defineProperty(window, 'checkoutConsole', {
    value: Object.freeze({ invoke, on }),
    enumerable: true,
  });
})();
