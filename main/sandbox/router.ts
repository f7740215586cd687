import { isObserved, type SandboxContext } from './context';
import { json, type Reply } from './http';
import { getItem, listItems } from './items';
import { createSession, deleteSession, getSession, listSessions, updateSession } from './sessions';
import { createWebhook, deleteWebhook, getWebhook, listWebhooks, updateWebhook } from './webhooks';

export interface ApiCall {
  url: URL;
  /** The `:id` captured from the path, if the route has one. */
  id: string | undefined;
  /** The parsed JSON object for POST/PUT; undefined otherwise. */
  body: unknown;
}

type Handler = (ctx: SandboxContext, call: ApiCall) => Reply | Promise<Reply>;
type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

interface Route {
  pattern: RegExp;
  methods: Partial<Record<Method, Handler>>;
}

const ROUTES: Route[] = [
  { pattern: /^\/api\/ping$/, methods: { GET: () => json(200, { status: 'OK' }) } },
  {
    pattern: /^\/api\/authorization$/,
    methods: {
      GET: (ctx) => {
        const identity = {
          id: ctx.state.identityId,
          name: ctx.state.accountName,
          email: `${ctx.state.accountName}@example.com`,
          publishable_key: ctx.state.publishableKey,
          href: ctx.apiUrl,
        };
        // The reference's own example has `"id": "999"`, a string (docs/quaderno-api.md).
        if (isObserved(ctx))
          return json(200, { identity: { ...identity, id: String(identity.id) } });
        return json(200, { identity });
      },
    },
  },
  { pattern: /^\/api\/items$/, methods: { GET: (ctx, c) => listItems(ctx, c.url) } },
  { pattern: /^\/api\/items\/([^/]+)$/, methods: { GET: (ctx, c) => getItem(ctx, c.id) } },
  {
    pattern: /^\/api\/checkout\/sessions$/,
    methods: {
      GET: (ctx, c) => listSessions(ctx, c.url),
      POST: (ctx, c) => createSession(ctx, c.body),
    },
  },
  {
    pattern: /^\/api\/checkout\/sessions\/([^/]+)$/,
    methods: {
      GET: (ctx, c) => getSession(ctx, c.id),
      PUT: (ctx, c) => updateSession(ctx, c.id, c.body),
      DELETE: (ctx, c) => deleteSession(ctx, c.id),
    },
  },
  {
    pattern: /^\/api\/webhooks$/,
    methods: {
      GET: (ctx, c) => listWebhooks(ctx, c.url),
      POST: (ctx, c) => createWebhook(ctx, c.body),
    },
  },
  {
    pattern: /^\/api\/webhooks\/([^/]+)$/,
    methods: {
      GET: (ctx, c) => getWebhook(ctx, c.id),
      PUT: (ctx, c) => updateWebhook(ctx, c.id, c.body),
      DELETE: (ctx, c) => deleteWebhook(ctx, c.id),
    },
  },
];

export type RouteMatch =
  | { kind: 'found'; handler: Handler; id: string | undefined; needsBody: boolean }
  | { kind: 'not_found' }
  | { kind: 'wrong_method'; allow: string };

/** `path` is already normalized (no `.json`, no trailing slash). */
export function matchApiRoute(method: string, path: string): RouteMatch {
  for (const route of ROUTES) {
    const m = path.match(route.pattern);
    if (!m) continue;
    // HEAD is a GET without a body, as in Rails; node:http drops the body for us.
    const handler = route.methods[(method === 'HEAD' ? 'GET' : method) as Method];
    if (!handler) return { kind: 'wrong_method', allow: Object.keys(route.methods).join(', ') };
    const id = m[1] === undefined ? undefined : safeDecode(m[1]);
    return { kind: 'found', handler, id, needsBody: method === 'POST' || method === 'PUT' };
  }
  return { kind: 'not_found' };
}

function safeDecode(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}
