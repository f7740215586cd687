import type { IncomingMessage } from 'node:http';
import { isAuthorized, RateLimiter, WRONG_KEY_MESSAGE } from './auth';
import { isObserved, type SandboxContext } from './context';
import { error, readJsonBody, type Reply } from './http';
import { matchApiRoute } from './router';

export type ApiHandler = (req: IncomingMessage, url: URL, path: string) => Promise<Reply>;

/**
 * Order: key, then rate limit, then route, so only authenticated calls use up
 * the account's budget and a 404 still counts as a call (Quaderno's limit is
 * per account, not per endpoint).
 */
export function createApiHandler(ctx: SandboxContext, limiter: RateLimiter): ApiHandler {
  let counted = 0;
  return async (req, url, path) => {
    if (!isAuthorized(req, ctx.state.apiKey)) return error(401, WRONG_KEY_MESSAGE);
    const rate = limiter.take();
    // docs/quaderno-api.md documents the X-RateLimit-* headers on successful calls only.
    if (!rate.allowed) return overLimit(ctx, req);
    counted += 1;
    const headers = {
      // Observed: the limit header is sometimes empty (docs/quaderno-api.md); every third call.
      'X-RateLimit-Limit': isObserved(ctx) && counted % 3 === 0 ? '' : String(rate.limit),
      'X-RateLimit-Remaining': String(rate.remaining),
      'X-RateLimit-Reset': String(rate.resetSeconds),
    };
    const match = matchApiRoute(req.method ?? 'GET', path);
    let reply: Reply;
    if (match.kind === 'not_found') reply = error(404, 'Not found');
    else if (match.kind === 'wrong_method') {
      reply = { ...error(405, 'Method not allowed'), headers: { Allow: match.allow } };
    } else {
      const body = match.needsBody
        ? await readJsonBody(req)
        : { ok: true as const, value: undefined };
      reply = body.ok
        ? await match.handler(ctx, { url, id: match.id, body: body.value })
        : body.reply;
    }
    return { ...reply, headers: { ...headers, ...reply.headers } };
  };
}

/**
 * Versions before 20170628 answer an exceeded limit with 503 (docs/quaderno-api.md, "API
 * versions"). The observed profile stands for such an account when the caller pins no
 * `api_version` in Accept; a pinned call gets today's 429.
 */
function overLimit(ctx: SandboxContext, req: IncomingMessage): Reply {
  const pinned = /api_version=\d+/.test(req.headers.accept ?? '');
  if (isObserved(ctx) && !pinned) return error(503, 'Service unavailable. Retry later.');
  return error(429, 'Rate limit exceeded. Wait for the window to reset.');
}
