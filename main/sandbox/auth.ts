import type { IncomingMessage } from 'node:http';
import { timingSafeEqual } from 'node:crypto';

export const WRONG_KEY_MESSAGE = 'Wrong API key or the user does not exist.';

/** The user part of an HTTP Basic header; Quaderno ignores the password. */
export function basicUser(req: IncomingMessage): string | null {
  const header = req.headers.authorization;
  if (!header) return null;
  const match = header.match(/^Basic\s+(\S+)$/i);
  if (!match?.[1]) return null;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon === -1 ? decoded : decoded.slice(0, colon);
}

/**
 * A publishable `pk_…` key is for the browser-side Quaderno.js, never for the
 * private API. We answer it with the same 401 as any unknown key (not 403), so
 * a client only has to handle one "bad key" shape.
 */
export function isAuthorized(req: IncomingMessage, apiKey: string): boolean {
  const user = basicUser(req);
  if (user === null || user.startsWith('pk_')) return false;
  const a = Buffer.from(user);
  const b = Buffer.from(apiKey);
  return a.length === b.length && timingSafeEqual(a, b);
}

export interface RateDecision {
  allowed: boolean;
  limit: number;
  remaining: number;
  resetSeconds: number;
}

/**
 * Fixed window per account, opened by the first call after the previous one
 * expired: 100 calls per 15 s by default (docs/quaderno-api.md).
 */
export class RateLimiter {
  private windowStart = 0;
  private count = 0;

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  take(): RateDecision {
    const now = this.now();
    if (now - this.windowStart >= this.windowMs) {
      this.windowStart = now;
      this.count = 0;
    }
    const resetSeconds = Math.max(0, Math.ceil((this.windowStart + this.windowMs - now) / 1000));
    if (this.count >= this.limit) {
      return { allowed: false, limit: this.limit, remaining: 0, resetSeconds };
    }
    this.count += 1;
    return { allowed: true, limit: this.limit, remaining: this.limit - this.count, resetSeconds };
  }
}
