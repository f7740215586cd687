// Recorders for the secret scan: the keychain stand-in, what the console prints, and what the
// page is sent over the HTTP bridge (as the bridge sends it and as the page reads it).
import { vi } from 'vitest';
import { valueOf } from '../../../main/commands/output';
import { createMemorySecrets, type SecretStore } from '../../../main/secrets';
import type { Envelope } from '../../../preload/contract';
import { startHttpBridge, type BridgedConsole } from '../../support/http-bridge';
import type { Haystack } from './leak-scan';

/** The keychain stand-in, remembering every value it was asked to keep. */
export function recordingSecrets(): SecretStore & { stored: string[] } {
  const inner = createMemorySecrets();
  const stored: string[] = [];
  return {
    stored,
    get: (name) => inner.get(name),
    set: async (name, value) => {
      stored.push(value);
      await inner.set(name, value);
    },
    delete: (name) => inner.delete(name),
  };
}

/** Captures what this process prints through console.* or the std streams (vi.restoreAllMocks ends it). */
export function captureLogs(): string[] {
  const lines: string[] = [];
  for (const level of ['log', 'info', 'warn', 'error', 'debug'] as const) {
    vi.spyOn(console, level).mockImplementation((...args: unknown[]) => {
      lines.push(args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' '));
    });
  }
  for (const stream of [process.stdout, process.stderr]) {
    const write = stream.write.bind(stream);
    vi.spyOn(stream, 'write').mockImplementation(((chunk: unknown, ...rest: never[]) => {
      lines.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString());
      return write(chunk as string, ...rest);
    }) as typeof stream.write);
  }
  return lines;
}

/** Every webhook auth key Quaderno (the sandbox) holds for this account right now. */
export async function authKeys(apiUrl: string, apiKey: string): Promise<string[]> {
  const res = await fetch(new URL('webhooks', apiUrl), {
    headers: { Authorization: `Basic ${Buffer.from(`${apiKey}:x`).toString('base64')}` },
  });
  const hooks = (await res.json()) as Array<{ auth_key: string }>;
  return hooks.map((h) => h.auth_key);
}

function recordingBridgeConsole(inner: BridgedConsole, sent: string[]): BridgedConsole {
  return {
    dispatch: async (name, input) => {
      const reply = await inner.dispatch(name, input);
      sent.push(JSON.stringify(reply));
      return reply;
    },
    onAny: (listener) =>
      inner.onAny((name, payload) => {
        sent.push(JSON.stringify({ name, payload }));
        listener(name, payload);
      }),
  };
}

export interface RecordedPage {
  call<T>(name: string, input?: unknown): Promise<Envelope<T>>;
  value<T>(name: string, input?: unknown): Promise<T>;
  /** Raw bytes of the event stream as the page read it (to check it carried something). */
  streamed(): Buffer;
  haystacks(): Haystack[];
  close(): Promise<void>;
}

/** The page's side of the bridge: calls over HTTP and the event stream, all bytes kept. */
export async function openRecordedPage(
  cc: BridgedConsole,
  rendererDir: string,
): Promise<RecordedPage> {
  const sent: string[] = [];
  const replies: Buffer[] = [];
  const streamed: Buffer[] = [];
  const bridge = await startHttpBridge({
    console: recordingBridgeConsole(cc, sent),
    rendererDir,
    injectBridge: false,
  });
  const abort = new AbortController();
  const res = await fetch(new URL('__events', bridge.url), { signal: abort.signal });
  const reader = res.body!.getReader();
  void (async () => {
    for (;;) {
      const { done, value } = await reader.read().catch(() => ({ done: true, value: undefined }));
      if (done || !value) return;
      streamed.push(Buffer.from(value));
    }
  })();
  await bridge.waitForEventClients(1);

  const call = async <T>(name: string, input: unknown = {}): Promise<Envelope<T>> => {
    const reply = await fetch(new URL(`__rpc/${name}`, bridge.url), {
      method: 'POST',
      body: JSON.stringify(input),
    });
    const bytes = Buffer.from(await reply.arrayBuffer());
    replies.push(bytes);
    return JSON.parse(bytes.toString('utf8')) as Envelope<T>;
  };
  return {
    call,
    value: async <T>(name: string, input: unknown = {}) => valueOf<T>(await call<T>(name, input)),
    streamed: () => Buffer.concat(streamed),
    haystacks: () => [
      { label: 'bridge replies and events', bytes: Buffer.from(sent.join('\n')) },
      { label: 'replies the page read', bytes: Buffer.concat(replies) },
      { label: 'event stream the page read', bytes: Buffer.concat(streamed) },
    ],
    close: async () => {
      abort.abort();
      await bridge.close();
    },
  };
}
