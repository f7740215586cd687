// The preload (over IPC) and the browser tests' bridge (over HTTP) are the same code
// (preload/bridge.ts): both must let through exactly the contract's methods and events.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventName } from '../../../preload/contract';
import { createBridge } from '../../../preload/bridge';
import { IPC_EVENT_CHANNEL, IPC_PREFIX, eventNames, methodNames } from '../../../preload/contract';
import { useBrowser } from '../../support/browser';
import { FakeIpcRenderer } from '../../support/fake-electron';
import { startHttpBridge, type BridgedConsole, type HttpBridge } from '../../support/http-bridge';

const strangers = ['fs.readFile', 'links.steal', 'ipc.raw', '__proto__', 'constructor'];
const offeredMethods = [...methodNames, ...strangers];
const offeredEvents = [...eventNames, ...strangers];
const sorted = (names: readonly string[]) => [...names].sort();

describe('the preload bridge over IPC', () => {
  it('passes exactly the contract’s methods on to main', async () => {
    const ipc = new FakeIpcRenderer();
    ipc.responder = async () => ({ ok: true, value: null });
    const bridge = createBridge(ipc);
    const invoke = bridge.invoke as (name: string, input: unknown) => Promise<unknown>;
    await Promise.all(offeredMethods.map((name) => invoke(name, {}).catch(() => undefined)));
    const reached = ipc.invocations.map((i) => i.channel.slice(IPC_PREFIX.length));
    expect(sorted(reached)).toEqual(sorted(methodNames));
  });

  it('delivers exactly the contract’s events to the page', () => {
    const ipc = new FakeIpcRenderer();
    const bridge = createBridge(ipc);
    const on = bridge.on as (name: string, listener: (payload: unknown) => void) => () => void;
    const heard: string[] = [];
    for (const name of offeredEvents) {
      try {
        on(name, () => heard.push(name));
      } catch {
        // refused: not a contract event
      }
    }
    for (const name of offeredEvents) ipc.deliver(IPC_EVENT_CHANNEL, { name, payload: {} });
    expect(sorted(heard)).toEqual(sorted(eventNames));
  });
});

describe('the browser tests’ bridge over HTTP', () => {
  const browser = useBrowser({ renderer: false });
  let dir: string;
  let http: HttpBridge;
  const reached: string[] = [];
  const listeners = new Set<(name: EventName, payload: unknown) => void>();
  const fake: BridgedConsole = {
    dispatch: async (name) => {
      reached.push(String(name));
      return { ok: true, value: null };
    },
    onAny(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'bridge-names-'));
    await writeFile(
      join(dir, 'index.html'),
      '<!doctype html><html><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>t</title></head><body></body></html>',
    );
    http = await startHttpBridge({ console: fake, rendererDir: dir });
  });

  afterAll(async () => {
    await http.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('passes exactly the contract’s methods on to the console', async () => {
    const page = await browser.newPage();
    await page.goto(http.url);
    await page.evaluate(async (names) => {
      const bridge = Reflect.get(window, 'checkoutConsole') as {
        invoke(name: string, input: unknown): Promise<unknown>;
      };
      await Promise.all(names.map((name) => bridge.invoke(name, {}).catch(() => undefined)));
    }, offeredMethods);
    expect(sorted(reached)).toEqual(sorted(methodNames));
  });

  it('delivers exactly the contract’s events to the page', async () => {
    const page = await browser.newPage();
    await page.goto(http.url);
    await page.evaluate((names) => {
      const bridge = Reflect.get(window, 'checkoutConsole') as {
        on(name: string, listener: (payload: unknown) => void): () => void;
      };
      const heard: string[] = [];
      Reflect.set(window, 'heard', heard);
      for (const name of names) {
        try {
          bridge.on(name, () => heard.push(name));
        } catch {
          // refused: not a contract event
        }
      }
    }, offeredEvents);
    await http.waitForEventClients(1);
    // Strangers first: the stream keeps order, so once every contract event arrived, any
    // stranger the page would have let through has arrived too.
    for (const name of [...strangers, ...eventNames]) {
      for (const listener of listeners) listener(name as EventName, {});
    }
    await page.waitForFunction(
      (count) => (Reflect.get(window, 'heard') as string[]).length >= count,
      eventNames.length,
      { timeout: 60_000 },
    );
    const heard = (await page.evaluate(() => Reflect.get(window, 'heard'))) as string[];
    expect(sorted(heard)).toEqual(sorted(eventNames));
  });
});
