import type { IncomingMessage } from 'node:http';
import { z } from 'zod';
import type { SandboxContext } from './context';
import type { Deliverer } from './delivery';
import { faultInput, type FaultTable } from './faults';
import { zodFieldErrors } from './field-errors';
import { error, json, notFound, readJsonBody, validationFailed, type Reply } from './http';
import { findSession, renderSession } from './sessions';
import { applyCheckoutAction, type CheckoutAction } from './transitions';

export interface ControlDeps {
  ctx: SandboxContext;
  faults: FaultTable;
  deliveries: Deliverer;
  advanceClock(ms: number): string;
}

const clockInput = z.object({
  advanceMs: z
    .number()
    .int()
    .min(0)
    .max(366 * 24 * 3_600_000),
});

const ACTION_PATH = /^\/__sandbox\/checkout\/sessions\/([^/]+)\/(complete|fail|abandon|process)$/;

/**
 * Test and demo controls outside /api: no API key, because they only exist on
 * the sandbox itself and are never part of what the console talks to.
 */
export async function handleControl(
  deps: ControlDeps,
  req: IncomingMessage,
  path: string,
): Promise<Reply> {
  const method = req.method ?? 'GET';
  const action = path.match(ACTION_PATH);
  if (action) {
    if (method !== 'POST') return { ...error(405, 'Use POST'), headers: { Allow: 'POST' } };
    const session = findSession(deps.ctx, action[1]);
    if (!session) return notFound();
    if (!applyCheckoutAction(deps.ctx, session, action[2] as CheckoutAction)) {
      return error(409, `A ${session.status} session cannot be moved that way`);
    }
    return json(200, renderSession(deps.ctx, session));
  }
  if (path === '/__sandbox/faults') {
    if (method === 'GET') return json(200, deps.faults.list());
    if (method === 'DELETE') {
      deps.faults.clear();
      return { status: 204 };
    }
    if (method === 'POST') {
      const body = await readJsonBody(req);
      if (!body.ok) return body.reply;
      const parsed = faultInput.safeParse(body.value);
      if (!parsed.success) return validationFailed(zodFieldErrors(parsed.error));
      return json(201, deps.faults.add(parsed.data));
    }
    return { ...error(405, 'Use GET, POST or DELETE'), headers: { Allow: 'GET, POST, DELETE' } };
  }
  if (path === '/__sandbox/clock') {
    // Lets a test in another process compress time (observed profile's abandonment).
    if (method !== 'POST') return { ...error(405, 'Use POST'), headers: { Allow: 'POST' } };
    const body = await readJsonBody(req);
    if (!body.ok) return body.reply;
    const parsed = clockInput.safeParse(body.value);
    if (!parsed.success) return validationFailed(zodFieldErrors(parsed.error));
    return json(200, { now: deps.advanceClock(parsed.data.advanceMs) });
  }
  if (path === '/__sandbox/deliveries') {
    if (method !== 'GET') return { ...error(405, 'Use GET'), headers: { Allow: 'GET' } };
    return json(200, deps.deliveries.log());
  }
  return notFound();
}
