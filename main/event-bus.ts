// The console's events: services emit into one bus, and every listener (the window through
// IPC, the CLI, the desktop's notifications, other services) hears them by name or all at once.
import { EventEmitter } from 'node:events';
import type { EventName, Events } from '../preload/contract';

export interface EventBus {
  emit<E extends EventName>(name: E, payload: Events[E]): void;
  /** Returns the unsubscribe, which fits a useEffect clean-up. */
  on<E extends EventName>(name: E, listener: (payload: Events[E]) => void): () => void;
  onAny(listener: (name: EventName, payload: unknown) => void): () => void;
  /** Drops every listener: nothing is told anything once the console closes. */
  clear(): void;
}

const ANY = '*';

export function createEventBus(): EventBus {
  const emitter = new EventEmitter();
  // One window, the CLI and each service listen; more than this would be a leak.
  emitter.setMaxListeners(100);
  return {
    emit(name, payload) {
      emitter.emit(name, payload);
      emitter.emit(ANY, name, payload);
    },
    on(name, listener) {
      emitter.on(name, listener);
      return () => emitter.off(name, listener);
    },
    onAny(listener) {
      emitter.on(ANY, listener);
      return () => emitter.off(ANY, listener);
    },
    clear: () => emitter.removeAllListeners(),
  };
}
