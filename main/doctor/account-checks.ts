// Steps about the account itself: is Quaderno there, does it know the key, do clocks agree.
import type { DoctorCheck } from '../../preload/contract';
import { isRecord, rawJson, type CheckContext } from './context';
import { maskEmail } from './redact';

/** Beyond this the console's dates (sales, Retry-After) and Quaderno's disagree visibly. */
export const CLOCK_SKEW_LIMIT_S = 120;

export async function pingCheck(ctx: CheckContext): Promise<DoctorCheck> {
  await ctx.client.ping();
  return { name: 'ping', status: 'pass', summary: 'Quaderno answered.', details: {} };
}

export async function authorizationCheck(ctx: CheckContext): Promise<DoctorCheck> {
  const identity = await ctx.client.authorization();
  // The id's type as sent: the reference shows a string, other sources a number.
  const raw = await rawJson(ctx.observer, 'authorization');
  const sent = isRecord(raw?.json) && isRecord(raw.json.identity) ? raw.json.identity.id : null;
  const name = identity.name ?? 'an account without a name';
  const href = identity.href;
  const host = new URL(ctx.client.apiUrl).host;
  const sameAccount = href === null || (URL.canParse(href) && new URL(href).host === host);
  return {
    name: 'authorization',
    status: sameAccount ? 'pass' : 'note',
    summary: sameAccount
      ? `The key belongs to ${name}.`
      : `The key belongs to ${name}, whose API address is ${href}.`,
    details: {
      id: sent === null || sent === undefined ? null : String(sent),
      id_type: sent === null || sent === undefined ? null : typeof sent,
      name: identity.name,
      email: identity.email === null ? null : maskEmail(identity.email),
      href,
    },
  };
}

export function clockCheck(ctx: CheckContext): DoctorCheck {
  const dated = ctx.observer.answers.find((a) => a.headers.get('date'));
  const serverMs = dated ? Date.parse(dated.headers.get('date') ?? '') : NaN;
  if (!dated || !Number.isFinite(serverMs)) {
    return {
      name: 'clock',
      status: 'note',
      summary: "Quaderno's answers carried no readable Date header; clocks were not compared.",
      details: { skew_seconds: null },
    };
  }
  // The Date header is whole seconds, so up to a second of difference is only rounding.
  const skew = Math.round((serverMs - dated.receivedAt) / 1000);
  const ok = Math.abs(skew) <= CLOCK_SKEW_LIMIT_S;
  const direction = skew > 0 ? 'behind' : 'ahead of';
  return {
    name: 'clock',
    status: ok ? 'pass' : 'fail',
    summary: ok
      ? `This computer's clock agrees with Quaderno's (${Math.abs(skew)} s apart).`
      : `This computer's clock is ${Math.abs(skew)} s ${direction} Quaderno's. Set it to update automatically.`,
    details: { skew_seconds: skew, server_date: dated.headers.get('date') },
  };
}
