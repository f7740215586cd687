import type { IncomingMessage, ServerResponse } from 'node:http';

/** What a handler answers; the server decides how (or whether, under a drop fault) to write it. */
export interface Reply {
  status: number;
  json?: unknown;
  html?: string;
  headers?: Record<string, string>;
}

export const MAX_BODY_BYTES = 1024 * 1024;

/**
 * Rails parses JSON with Ruby's default `max_nesting` of 100 and answers 400 past it. Deeper
 * bodies fit in MAX_BODY_BYTES, but one stored (as metadata) could not be written back: every
 * answer naming it, and the state file, would fail.
 */
export const MAX_JSON_DEPTH = 100;

/** Whether `text` nests arrays and objects deeper than `max` (brackets inside strings are text). */
function jsonDepthExceeds(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      depth++;
      if (depth > max) return true;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return false;
}

export function json(status: number, body: unknown, headers?: Record<string, string>): Reply {
  return headers ? { status, json: body, headers } : { status, json: body };
}

export function error(status: number, message: string): Reply {
  return json(status, { error: message });
}

/** Quaderno's 422 shape: `{"errors": {"<field>": ["<message>", …]}}`. */
export function validationFailed(errors: Record<string, string[]>): Reply {
  return json(422, { errors });
}

export const notFound = (): Reply => error(404, 'Not found');

export function writeReply(res: ServerResponse, reply: Reply): void {
  const headers: Record<string, string> = { ...reply.headers };
  let body = '';
  if (reply.html !== undefined) {
    headers['Content-Type'] = 'text/html; charset=utf-8';
    body = reply.html;
  } else if (reply.json !== undefined && reply.status !== 204) {
    headers['Content-Type'] = 'application/json; charset=utf-8';
    body = JSON.stringify(reply.json);
  }
  headers['Content-Length'] = String(Buffer.byteLength(body));
  res.writeHead(reply.status, headers);
  res.end(body);
}

export class BodyTooLarge extends Error {}

/**
 * The rest of an oversized body is never read, so the connection cannot carry another request:
 * `Connection: close` says so. Without it a client's pool reused the half-read connection and
 * its next call failed with ECONNRESET.
 */
export function bodyTooLarge(reply: Reply): Reply {
  return { ...reply, headers: { ...reply.headers, Connection: 'close' } };
}

export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buf.length;
    if (size > MAX_BODY_BYTES) throw new BodyTooLarge();
    chunks.push(buf);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export type JsonBody = { ok: true; value: unknown } | { ok: false; reply: Reply };

/**
 * Body rules for POST/PUT. docs/quaderno-api.md lists "400 malformed" and "406 not
 * JSON": we answer 406 when the request does not declare a JSON body at all
 * (missing or other Content-Type), and 400 when it declares JSON that does not
 * parse or is not an object. 415 would be the textbook code, but clients are
 * written against Quaderno's list, so we stay inside it.
 */
export async function readJsonBody(req: IncomingMessage): Promise<JsonBody> {
  const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  let text: string;
  try {
    text = await readBody(req);
  } catch (e) {
    if (e instanceof BodyTooLarge)
      return { ok: false, reply: bodyTooLarge(error(413, 'Request body too large')) };
    throw e;
  }
  if (type !== 'application/json' && !type.endsWith('+json')) {
    return { ok: false, reply: error(406, 'Send a JSON body with Content-Type: application/json') };
  }
  if (jsonDepthExceeds(text, MAX_JSON_DEPTH)) {
    return {
      ok: false,
      reply: error(400, `The JSON body is nested more than ${MAX_JSON_DEPTH} levels deep`),
    };
  }
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      return { ok: false, reply: error(400, 'The JSON body must be an object') };
    }
    return { ok: true, value };
  } catch {
    return { ok: false, reply: error(400, 'Malformed JSON body') };
  }
}

/** Paths may end in `.json` (docs/quaderno-api.md); a trailing slash is ignored as Rails does. */
export function normalizePath(pathname: string): string {
  let p = pathname.endsWith('.json') ? pathname.slice(0, -5) : pathname;
  while (p.length > 1 && p.endsWith('/')) p = p.slice(0, -1);
  return p;
}
