// The live bench's page: the real renderer in Chromium, open on the Fulfilments screen with the
// hop probes (PAGE_HOPS) installed. Driven from a child process by default, so the bench's
// process (which hosts the console, as Electron's main does) does not also handle playwright's
// traffic with the browser, which the packaged app's main never pays; or from the bench's own
// process, the same run's baseline.
import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import type { Page } from 'playwright-core';
import { launchBrowser } from '../support/browser';
import { PAGE_HOPS, type PageMarks } from './live-hops';

export interface LivePage {
  /** Which process drives the browser, for the bench's output. */
  host: string;
  /** The page's marks once the row showing `email` is in the DOM and drawn; ask before the sale. */
  seen(email: string): Promise<PageMarks>;
  close(): Promise<void>;
}

/** Opens the desk at `url` on its Fulfilments screen, the hop probes installed first. */
export async function openDesk(page: Page, url: string): Promise<void> {
  await page.addInitScript(PAGE_HOPS);
  await page.goto(url);
  await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('button', { name: /^Fulfilments/ })
    .click();
  await page.getByRole('heading', { level: 1, name: 'Fulfilments' }).waitFor();
}

export function waitForRow(page: Page, email: string): Promise<PageMarks> {
  return page.evaluate(
    (e) =>
      (window as unknown as { __hops: { wait(e: string): Promise<PageMarks> } }).__hops.wait(e),
    email,
  );
}

/** The page driven from this process. */
export async function openPageHere(url: string): Promise<LivePage> {
  const browser = await launchBrowser();
  const page = await browser.newPage({ width: 1280, height: 800 });
  await openDesk(page, url);
  return {
    host: `playwright in the bench's process (pid ${process.pid})`,
    seen: (email) => waitForRow(page, email),
    close: () => browser.close(),
  };
}

/** Messages between the bench and live-page-child.ts. */
export type ToPageChild = { kind: 'wait'; email: string } | { kind: 'close' };
export type FromPageChild =
  | { kind: 'ready' }
  | { kind: 'seen'; email: string; marks: PageMarks }
  | { kind: 'failed'; message: string };

/** The page driven from a child process (live-page-child.ts). */
export async function openPageInChild(url: string): Promise<LivePage> {
  const child: ChildProcess = fork(new URL('./live-page-child.ts', import.meta.url), [url], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const waiting = new Map<string, { resolve(marks: PageMarks): void; reject(e: Error): void }>();
  let readied = (): void => undefined;
  let unready: (error: Error) => void = () => undefined;
  const ready = new Promise<void>((resolve, reject) => {
    readied = resolve;
    unready = reject;
  });
  const fail = (error: Error): void => {
    unready(error);
    for (const { reject } of waiting.values()) reject(error);
    waiting.clear();
  };
  child.on('message', (message: FromPageChild) => {
    if (message.kind === 'ready') readied();
    else if (message.kind === 'failed') fail(new Error(`live page child: ${message.message}`));
    else {
      waiting.get(message.email)?.resolve(message.marks);
      waiting.delete(message.email);
    }
  });
  child.once('exit', (code) => fail(new Error(`live page child exited (${code})`)));
  await ready;
  const send = (message: ToPageChild) => child.send(message);
  return {
    host: `playwright in a child process (pid ${child.pid})`,
    seen(email) {
      const marks = new Promise<PageMarks>((resolve, reject) =>
        waiting.set(email, { resolve, reject }),
      );
      send({ kind: 'wait', email });
      return marks;
    },
    async close() {
      if (child.exitCode !== null) return;
      const exited = once(child, 'exit');
      send({ kind: 'close' });
      await exited;
    },
  };
}
