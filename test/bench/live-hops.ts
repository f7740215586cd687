// Where the live bench's time goes: a timestamp at each hop of a sale's way from the sandbox to
// the screen, taken from outside the product (Node's http diagnostics channels, the console's
// own event, an init script in the page), so none of it is product logging.
// Clocks: Node and Chromium both give performance.timeOrigin + performance.now(), the same wall
// clock at sub-millisecond resolution.
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CheckoutConsole } from '../../main/console';
import { median, type Report } from './report';

/** Milliseconds since the epoch, sub-millisecond: comparable with the page's own clock. */
export const now = (): number => performance.timeOrigin + performance.now();

/** The hops in order; each is timed from the one before it (the first from the sandbox call). */
const HOPS = [
  'webhook_sent', // the sandbox sends the webhook
  'webhook_received', // the receiver has the request
  'webhook_answered', // the event is committed and answered
  'sale_emitted', // processed into a sale, fulfillments.changed emitted
  'event_in_page', // the event reaches the page
  'list_requested', // the screen's list read reaches main
  'list_answered', // main answers it
  'list_in_page', // the answer reaches the page
  'row_in_dom', // React has put the row in the DOM
  'row_painted', // the next frame is drawn
] as const;

type Hop = (typeof HOPS)[number];
type Marks = Partial<Record<Hop, number>>;
const isHop = (name: string): name is Hop => (HOPS as readonly string[]).includes(name);

/** The header the page's init script puts on the screen's list reads, so main can tell them. */
const LIST_HEADER = 'x-live-hop';

/**
 * Installed in the page before its scripts: notes when a fulfillments.changed event arrives and
 * when the screen's list read (not the status line's one-row read) is answered, and tags that
 * read for main. `window.__hops.arm(email)`, called before the sale, starts looking for a row
 * showing `email` (armed after the row came, the wait would hang until some later change of the
 * DOM); `wait(email)` then resolves, once that row is in the DOM and the next frame is drawn,
 * with the marks since the last one.
 */
export const PAGE_HOPS = `(() => {
  const now = () => performance.timeOrigin + performance.now();
  const hops = { marks: [], want: new Map() };
  window.__hops = hops;
  const mark = (name) => hops.marks.push({ name, at: now() });
  const Source = window.EventSource;
  window.EventSource = class extends Source {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', (m) => {
        if (m.data.includes('"fulfillments.changed"')) mark('event_in_page');
      });
    }
  };
  const fetch_ = window.fetch;
  window.fetch = async (input, init) => {
    let screenList = false;
    if (String(input).endsWith('/fulfillments.list') && typeof init?.body === 'string') {
      screenList = JSON.parse(init.body).limit !== 1;
    }
    if (!screenList) return fetch_(input, init);
    mark('list_sent');
    const res = await fetch_(input, { ...init, headers: { ...init.headers, '${LIST_HEADER}': '1' } });
    // The whole body, as the transport reads it: headers come long before a 200-row list.
    const body = await res.text();
    mark('list_in_page');
    return new Response(body, { status: res.status, headers: res.headers });
  };
  const armed = new Map();
  hops.arm = (email) => {
    armed.set(email, new Promise((resolve) => hops.want.set(email, resolve)));
  };
  hops.wait = (email) => {
    const marks = armed.get(email);
    armed.delete(email);
    return marks;
  };
  new MutationObserver(() => {
    if (hops.want.size === 0) return;
    const at = now();
    for (const row of document.querySelectorAll('.sale-row[data-sale-id]')) {
      const text = row.textContent || '';
      for (const [email, resolve] of hops.want) {
        if (!text.includes(email)) continue;
        hops.want.delete(email);
        const marks = hops.marks.splice(0);
        // A frame callback runs before the paint; a message posted from it runs after.
        requestAnimationFrame(() => {
          const channel = new MessageChannel();
          channel.port1.onmessage = () => resolve({ marks, row_in_dom: at, row_painted: now() });
          channel.port2.postMessage(0);
        });
      }
    }
  }).observe(document, { childList: true, subtree: true, characterData: true });
})()`;

export interface PageMarks {
  /** The page's own marks: some hops, and steps between them (`list_sent`). */
  marks: Array<{ name: string; at: number }>;
  row_in_dom: number;
  row_painted: number;
}

interface Sale {
  t0: number;
  marks: Marks;
  /** Other contract calls main answered between the event and the row: count, busy ms. */
  others: { count: number; ms: number };
}

export interface LiveHops {
  /** Starts one sale: forgets the marks so far and returns the sale's start time. */
  start(): number;
  /** Resolves once the page's marks for `email` (LivePage.seen) come: the time its row entered the DOM. */
  awaitSale(seen: Promise<PageMarks>, email: string, t0: number): Promise<number>;
  /** Prints each hop's median over the sales. */
  report(report: Report, prefix: string): void;
  close(): void;
}

/**
 * LIVE_HOPS_TRACE=1: every mark of a sale, and every request main saw, in ms from its start.
 * hr0 is the start on process.hrtime's clock (µs), the one a --cpu-prof profile's times use.
 */
function printTimeline(email: string, t0: number, lines: Array<[string, number]>): void {
  const hr0 = Number(process.hrtime.bigint() / 1000n) - Math.round((now() - t0) * 1000);
  const rows = lines
    .sort((a, b) => a[1] - b[1])
    .map(([what, at]) => `#   ${(at - t0).toFixed(1).padStart(7)} ${what}`);
  process.stdout.write(`# ${email} hr0=${hr0}\n${rows.join('\n')}\n`);
}

const pathOf = (req: { url?: string; path?: string }): string => req.url ?? req.path ?? '';

/** Records the hops of each sale the live bench makes, one sale at a time. */
export function recordLiveHops(cc: CheckoutConsole): LiveHops {
  let current: Marks = {};
  let others = { count: 0, ms: 0 };
  let timeline: Array<[string, number]> = [];
  const trace = process.env.LIVE_HOPS_TRACE === '1';
  const sales: Sale[] = [];
  const first = (hop: Hop): void => {
    current[hop] ??= now();
  };

  const onClient = (message: unknown): void => {
    const { request } = message as { request: { path?: string } };
    if (pathOf(request).startsWith('/hooks/')) first('webhook_sent');
  };
  // An answer counts when main hands it over (end()): 'prefinish' and 'finish' can come a turn
  // of the event loop later, after the page already has the body.
  const onServerStart = (message: unknown): void => {
    const { request, response } = message as { request: IncomingMessage; response: ServerResponse };
    const path = pathOf(request);
    const list = request.headers[LIST_HEADER] !== undefined;
    const from = now();
    if (trace) timeline.push([`> ${path}`, from]);
    if (path.startsWith('/hooks/')) first('webhook_received');
    else if (list) first('list_requested');
    const answered = (): void => {
      if (trace) timeline.push([`< ${path}`, now()]);
      if (path.startsWith('/hooks/')) first('webhook_answered');
      else if (list) first('list_answered');
      else if (path.startsWith('/__rpc/') && from >= (current.sale_emitted ?? Infinity)) {
        others = { count: others.count + 1, ms: others.ms + (now() - from) };
      }
    };
    response.end = new Proxy(response.end, {
      apply(end, self, args) {
        answered();
        return Reflect.apply(end, self, args) as unknown;
      },
    });
  };
  subscribe('http.client.request.start', onClient);
  subscribe('http.server.request.start', onServerStart);
  const offEmit = cc.on('fulfillments.changed', () => first('sale_emitted'));

  const gaps = (hop: Hop, before: Hop | undefined): number[] =>
    sales
      .map(
        ({ t0, marks }) =>
          (marks[hop] ?? Number.NaN) - (before ? (marks[before] ?? Number.NaN) : t0),
      )
      .filter((gap) => !Number.isNaN(gap));

  return {
    start() {
      current = {};
      others = { count: 0, ms: 0 };
      timeline = [];
      return now();
    },
    async awaitSale(pageSeen, email, t0) {
      const seen = await pageSeen;
      const marks: Marks = { ...current };
      const emitted = marks.sale_emitted ?? Number.POSITIVE_INFINITY;
      for (const m of seen.marks) if (m.at >= emitted && isHop(m.name)) marks[m.name] ??= m.at;
      marks.row_in_dom = seen.row_in_dom;
      marks.row_painted = seen.row_painted;
      sales.push({ t0, marks, others });
      if (trace) {
        const page_ = seen.marks.map(({ name, at }): [string, number] => [`page ${name}`, at]);
        const hops_ = Object.entries(marks).map(([hop, at]): [string, number] => [hop, at]);
        printTimeline(email, t0, [...timeline, ...page_, ...hops_]);
      }
      return seen.row_in_dom;
    },
    report(report, prefix) {
      HOPS.forEach((hop, i) => {
        const name = `${prefix}.${String(i + 1).padStart(2, '0')}.${hop}`;
        report(`${name}.median`, median(gaps(hop, HOPS[i - 1])), 'ms');
      });
      report(`${prefix}.other_calls.median`, median(sales.map((s) => s.others.count)), 'calls');
      report(`${prefix}.other_calls_busy.median`, median(sales.map((s) => s.others.ms)), 'ms');
    },
    close() {
      unsubscribe('http.client.request.start', onClient);
      unsubscribe('http.server.request.start', onServerStart);
      offEmit();
    },
  };
}
