// The live bench's page: the real renderer in Chromium, open on the Fulfilments screen with the
// hop probes (PAGE_HOPS) installed. Driven from a child process by default, so the bench's
// process (which hosts the console, as Electron's main does) does not also handle playwright's
// traffic with the browser, which the packaged app's main never pays; or from the bench's own
// process, the same run's baseline.
import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import type { Page } from 'playwright-core';
import { launchBrowser } from '../support/browser';
import { z } from 'zod';
import { PAGE_HOPS, type PageMarks } from './live-hops';

export interface LivePage {
  /** Which process drives the browser, for the bench's output. */
  host: string;
  /**
   * Resolves once the page looks for a row showing `email` (await it before the sale); `marks`
   * resolves once that row is in the DOM and drawn.
   */
  seen(email: string): Promise<{ marks: Promise<PageMarks> }>;
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

interface PageHops {
  __hops: { arm(email: string): void; wait(email: string): Promise<PageMarks> };
}

/** The page starts looking for a row showing `email`. */
export async function armRow(page: Page, email: string): Promise<void> {
  await page.evaluate((e) => (window as unknown as PageHops).__hops.arm(e), email);
}

/** The page's marks once the row armRow looks for is in the DOM and drawn. */
export function waitForRow(page: Page, email: string): Promise<PageMarks> {
  return page.evaluate((e) => (window as unknown as PageHops).__hops.wait(e), email);
}

/** The page driven from this process. */
export async function openPageHere(url: string): Promise<LivePage> {
  const browser = await launchBrowser();
  const page = await browser.newPage({ width: 1280, height: 800 });
  await openDesk(page, url);
  return {
    host: `playwright in the bench's process (pid ${process.pid})`,
    async seen(email) {
      await armRow(page, email);
      return { marks: waitForRow(page, email) };
    },
    close: () => browser.close(),
  };
}

/** Messages between the bench and live-page-child.ts. */
// What the two processes tell each other over IPC, checked on arrival (a message arrives untyped).
export const toPageChild = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('wait'), email: z.string() }),
  z.object({ kind: z.literal('close') }),
]);
export type ToPageChild = z.infer<typeof toPageChild>;
const pageMarks: z.ZodType<PageMarks> = z.object({
  marks: z.array(z.object({ name: z.string(), at: z.number() })),
  row_in_dom: z.number(),
  row_painted: z.number(),
});
export const fromPageChild = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('ready') }),
  z.object({ kind: z.literal('armed'), email: z.string() }),
  z.object({ kind: z.literal('seen'), email: z.string(), marks: pageMarks }),
  z.object({ kind: z.literal('failed'), message: z.string() }),
]);
export type FromPageChild = z.infer<typeof fromPageChild>;

/** The page driven from a child process (live-page-child.ts). */
export async function openPageInChild(url: string): Promise<LivePage> {
  const child: ChildProcess = fork(new URL('./live-page-child.ts', import.meta.url), [url], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  interface Waiting {
    armed(): void;
    resolve(marks: PageMarks): void;
    reject(error: Error): void;
  }
  const waiting = new Map<string, Waiting>();
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
  child.on('message', (posted: unknown) => {
    const parsed = fromPageChild.safeParse(posted);
    if (!parsed.success) return fail(new Error(`live page child: ${parsed.error.message}`));
    const message = parsed.data;
    if (message.kind === 'ready') readied();
    else if (message.kind === 'failed') fail(new Error(`live page child: ${message.message}`));
    else if (message.kind === 'armed') waiting.get(message.email)?.armed();
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
    async seen(email) {
      let armed = (): void => undefined;
      const ready_ = new Promise<void>((resolve) => (armed = resolve));
      const marks = new Promise<PageMarks>((resolve, reject) =>
        waiting.set(email, { armed, resolve, reject }),
      );
      // A failure before the page is armed rejects marks: surface it here too.
      send({ kind: 'wait', email });
      await Promise.race([ready_, marks]);
      return { marks };
    },
    async close() {
      if (child.exitCode !== null) return;
      const exited = once(child, 'exit');
      send({ kind: 'close' });
      await exited;
    },
  };
}
