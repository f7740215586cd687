// The shell's guarantees, generated over the whole contract (methodNames / eventNames), so a
// method or event added later is covered without anyone remembering to add a test.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { dispatch, type Handlers } from '../../../main/dispatch';
import { forwardEvents, registerIpc, trustAppFrames } from '../../../main/ipc';
import { CONTENT_SECURITY_POLICY, windowOptions } from '../../../main/window';
import {
  IPC_EVENT_CHANNEL,
  IPC_PREFIX,
  eventNames,
  methodNames,
  type EventName,
  type MethodName,
} from '../../../preload/contract';
import { createBridge } from '../../../preload/bridge';
import { FakeIpcMain, FakeIpcRenderer, FakeWebContents } from '../../support/fake-electron';
import { validInputs } from '../../support/valid-inputs';

vi.mock('electron', async () => (await import('../../support/fake-electron')).fakeElectron);

const appUrl = 'file:///opt/app/out/renderer/index.html';

const untrustedSenders: Array<[string, string | null]> = [
  ['a web page', 'https://evil.example/'],
  ['another file on disk', 'file:///tmp/index.html'],
  ['a file next to the app', 'file:///opt/app/out/renderer/other.html'],
  ['a data: page', 'data:text/html,<script>1</script>'],
  ['about:blank', 'about:blank'],
  ['a frame that is gone', null],
];

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Paths (as key lists) to every plain object inside a value, the value itself included. */
function objectPaths(
  value: unknown,
  at: Array<string | number> = [],
): Array<Array<string | number>> {
  if (Array.isArray(value)) return value.flatMap((v, i) => objectPaths(v, [...at, i]));
  if (typeof value !== 'object' || value === null) return [];
  return [at, ...Object.entries(value).flatMap(([k, v]) => objectPaths(v, [...at, k]))];
}

function withKeyAt(
  input: unknown,
  path: Array<string | number>,
  key: string,
  value: Json,
): unknown {
  const copy = structuredClone(input) as Record<string | number, unknown>;
  let target = copy;
  for (const step of path) target = target[step] as Record<string | number, unknown>;
  target[key] = value;
  return copy;
}

function containsKey(value: unknown, key: string): boolean {
  if (Array.isArray(value)) return value.some((v) => containsKey(v, key));
  if (typeof value !== 'object' || value === null) return false;
  return Object.entries(value).some(([k, v]) => k === key || containsKey(v, key));
}

describe('every contract method over IPC', () => {
  let ipcMain: FakeIpcMain;
  let calls: Array<{ name: MethodName; input: unknown }>;

  beforeEach(() => {
    ipcMain = new FakeIpcMain();
    calls = [];
    const entries = methodNames.map((name) => [
      name,
      async (input: unknown) => {
        calls.push({ name, input });
        return { handled: name };
      },
    ]);
    const handlers = Object.fromEntries(entries) as Handlers;
    registerIpc({
      ipcMain,
      console: { dispatch: (name, input) => dispatch(handlers, name, input) },
      isTrustedSender: trustAppFrames(appUrl),
    });
  });

  it.each(methodNames)('%s refuses every untrusted sender, even with valid input', async (name) => {
    for (const [label, sender] of untrustedSenders) {
      const reply = await ipcMain.invoke(IPC_PREFIX + name, sender, validInputs[name]);
      expect({ label, reply }).toMatchObject({
        label,
        reply: { ok: false, error: { code: 'forbidden' } },
      });
    }
    expect(calls).toEqual([]);
  });

  it.each(methodNames)('%s accepts its valid input from the app window', async (name) => {
    const reply = await ipcMain.invoke(IPC_PREFIX + name, appUrl, validInputs[name]);
    expect(reply).toEqual({ ok: true, value: { handled: name } });
  });

  it.each(methodNames)('%s refuses an unknown top-level key next to valid input', async (name) => {
    const input = withKeyAt(validInputs[name], [], 'isAdmin', true);
    const reply = await ipcMain.invoke(IPC_PREFIX + name, appUrl, input);
    expect(reply).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(calls).toEqual([]);
  });

  it.each(methodNames)('%s never hands a service an unknown nested key', async (name) => {
    for (const path of objectPaths(validInputs[name])) {
      const input = withKeyAt(validInputs[name], path, 'injected', { sql: "' OR 1=1 --" });
      const reply = (await ipcMain.invoke(IPC_PREFIX + name, appUrl, input)) as { ok: boolean };
      // Refused, or accepted with the key stripped: either way the handler never sees it.
      if (reply.ok) expect(containsKey(calls.at(-1)?.input, 'injected')).toBe(false);
      else expect(reply).toMatchObject({ error: { code: 'invalid_input' } });
    }
  });

  it.each(methodNames)('%s refuses each of its fields given the wrong type', async (name) => {
    const input = validInputs[name] as Record<string, unknown>;
    for (const key of Object.keys(input)) {
      const wrong = typeof input[key] === 'object' ? 42 : { $ne: null };
      const reply = await ipcMain.invoke(IPC_PREFIX + name, appUrl, { ...input, [key]: wrong });
      expect({ key, reply }).toMatchObject({
        key,
        reply: { ok: false, error: { code: 'invalid_input' } },
      });
    }
    expect(calls).toEqual([]);
  });

  it.each(methodNames)('%s refuses a __proto__ key and pollutes no object', async (name) => {
    // JSON.parse makes __proto__ an own key, as a structured copy over IPC would.
    const input: unknown = Object.assign(
      JSON.parse('{"__proto__":{"polluted":true}}') as object,
      validInputs[name],
    );
    const reply = await ipcMain.invoke(IPC_PREFIX + name, appUrl, input);
    expect(reply).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(calls).toEqual([]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('every contract event from main to the page', () => {
  function pipeline() {
    const listeners = new Set<(name: EventName, payload: unknown) => void>();
    const contents = new FakeWebContents();
    forwardEvents({ onAny: (l) => (listeners.add(l), () => listeners.delete(l)) }, contents);
    const ipc = new FakeIpcRenderer();
    const bridge = createBridge(ipc);
    const emit = (name: string, payload: unknown) => {
      const before = contents.sent.length;
      for (const l of listeners) l(name as EventName, payload);
      for (const { channel, message } of contents.sent.slice(before)) ipc.deliver(channel, message);
    };
    return { contents, bridge, emit };
  }

  it.each(eventNames)('%s reaches its subscribers on the page and nobody else', (name) => {
    const { contents, bridge, emit } = pipeline();
    const heard: Array<[EventName, unknown]> = [];
    for (const n of eventNames) bridge.on(n, (payload) => heard.push([n, payload]));
    emit(name, { marker: name });
    expect(contents.sent).toEqual([
      { channel: IPC_EVENT_CHANNEL, message: { name, payload: { marker: name } } },
    ]);
    expect(heard).toEqual([[name, { marker: name }]]);
  });

  it('drops an event name the contract does not know before any page listener runs', () => {
    const { bridge, emit } = pipeline();
    const heard: unknown[] = [];
    for (const n of eventNames) bridge.on(n, (payload) => heard.push(payload));
    emit('ipc.raw', { secret: true });
    emit('__proto__', {});
    expect(heard).toEqual([]);
  });
});

describe('window options and CSP, checked as a whole', () => {
  // Every web preference the window sets, with its only acceptable value. A preference added
  // to windowOptions fails here until someone decides it is safe.
  const vetted: Record<string, unknown> = {
    preload: '/p.cjs',
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    spellcheck: false,
    navigateOnDragDrop: false,
  };

  it('sets exactly the vetted web preferences, each to its safe value', () => {
    expect(windowOptions('/p.cjs').webPreferences).toEqual(vetted);
  });

  it('allows no eval, no inline code, no wildcard and no remote origin in the packaged CSP', () => {
    const directives = new Map(
      CONTENT_SECURITY_POLICY.split(';').map((d) => {
        const [key = '', ...sources] = d.trim().split(/\s+/);
        return [key, sources] as const;
      }),
    );
    expect(directives.get('default-src')).toEqual(["'none'"]);
    for (const need of ['base-uri', 'form-action', 'frame-ancestors'])
      expect(directives.get(need)).toEqual(["'none'"]);
    for (const [key, sources] of directives) {
      for (const source of sources) {
        const allowed = ["'self'", "'none'", ...(key === 'img-src' ? ['data:'] : [])];
        expect({ key, source, allowed: allowed.includes(source) }).toEqual({
          key,
          source,
          allowed: true,
        });
      }
    }
  });
});
