// A stand-in that answers as the recorded real service does (docs/quaderno-api.md › Where the
// real service differs): items without currency/kind/description, sessions oldest-first with no
// X-Pages-* headers, a string identity id.
import type { Reply } from '../../unit/quaderno/tiny-server';

const session = (id: number) => ({
  id,
  status: 'pending',
  permalink: `https://acme.quadernoapp.com/checkout/session/${'a'.repeat(40)}`,
  items: [{ product: 'prod_a', quantity: 1, amount: 2100 }],
  customer: { email: 'jane@shop.example' },
});

export interface RouteOptions {
  clockOffsetMs?: number;
  /** This path is never answered. */
  hangOn?: string;
  /** This path is answered 404. */
  missing?: string;
  /** This path is answered 503 (a busy Quaderno, which the client retries with backoff). */
  busyOn?: string;
  /** This path is answered 503 the first time only. */
  busyOnceOn?: string;
  /** What GET /webhooks lists (none by default). */
  webhooks?: unknown[];
  /** This path is answered 403 (refused, not retried). */
  forbidden?: string;
  /** What GET /webhooks/ID answers, by id (404 for any other). */
  webhookById?: Record<number, unknown>;
}

export function realServiceRoutes(options: RouteOptions = {}): Reply {
  let busyOnce = options.busyOnceOn;
  return (res, req) => {
    const path = new URL(req.url, 'http://x').pathname
      .replace(/^\/api\//, '')
      .replace(/\.json$/, '');
    if (path === options.hangOn) return;
    const busy = path === options.busyOn || path === busyOnce;
    if (path === busyOnce) busyOnce = undefined;
    if (busy) {
      res.writeHead(503, { 'Content-Type': 'application/json' });
      return void res.end(JSON.stringify({ error: 'Service unavailable' }));
    }
    if (path === options.forbidden) {
      res.writeHead(403, { 'Content-Type': 'application/json' });
      return void res.end(JSON.stringify({ error: 'Forbidden' }));
    }
    if (path === options.missing) {
      res.writeHead(404, { 'Content-Type': 'application/json' });
      return void res.end(JSON.stringify({ error: 'Not found' }));
    }
    const date = new Date(Date.now() + (options.clockOffsetMs ?? 0)).toUTCString();
    const answer = (body: unknown) => {
      res.writeHead(200, { 'Content-Type': 'application/json', Date: date });
      res.end(JSON.stringify(body));
    };
    if (path === 'ping') return answer({ status: 'OK' });
    if (path === 'authorization') {
      return answer({
        identity: { id: '999', name: 'Acme', email: 'jane@shop.example', href: 'x' },
      });
    }
    if (path === 'items') {
      return answer([
        { id: 1, code: 'prod_a', name: 'A', unit_cost: '21.0', stock: null, tax_class: null },
        { id: 2, code: 'prod_b', name: 'B', unit_cost: '5.0', stock: null, tax_class: null },
      ]);
    }
    if (path === 'checkout/sessions') return answer([session(1), session(2), session(3)]);
    if (path === 'webhooks') return answer(options.webhooks ?? []);
    const one = /^webhooks\/(\d+)$/.exec(path);
    const byId = one ? options.webhookById?.[Number(one[1])] : undefined;
    if (byId !== undefined) return answer(byId);
    res.writeHead(404, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ error: 'Not found' }));
  };
}
