// The connection check ("doctor"): runs each step against the active account, keeps going past
// a failed one, and returns a redacted report. How we learn when Quaderno answers something new.
import type { DoctorCheck, DoctorCheckName, DoctorReport } from '../../preload/contract';
import type { AccountsService } from '../accounts';
import { withCallOptions } from '../quaderno';
import { authorizationCheck, clockCheck, pingCheck } from './account-checks';
import type { CheckContext, DoctorStore } from './context';
import { formatReport } from './format';
import { itemsCheck, sessionsCheck } from './list-checks';
import { createObserver } from './observe';
import { redactCheck, redactText } from './redact';
import { lastSignatureCheck } from './signature';
import { webhookCheck } from './webhook-check';

export { formatReport } from './format';
export { maskEmail, redactText } from './redact';
export { listOrder } from './list-checks';

/** The whole check, every step and retry included, ends within this by default. */
export const DOCTOR_TOTAL_MS = 45_000;

export interface DoctorDeps {
  accounts: Pick<AccountsService, 'activeClient'>;
  store: DoctorStore;
  now?: () => number;
  totalMs?: number;
  /** The network under the observer (tests); default the global fetch. */
  fetch?: typeof fetch;
  /** Settings from the environment the console opened without (main/accounts/open.ts). */
  settingProblems?: readonly string[];
}

export interface Doctor {
  run(): Promise<DoctorReport>;
}

const STEPS: Array<[DoctorCheckName, (ctx: CheckContext) => Promise<DoctorCheck> | DoctorCheck]> = [
  ['ping', pingCheck],
  ['authorization', authorizationCheck],
  ['items', itemsCheck],
  ['sessions', sessionsCheck],
  ['webhook', webhookCheck],
  ['signature', (ctx) => lastSignatureCheck(ctx.store, ctx.accountId)],
  ['clock', clockCheck],
];

function failed(name: DoctorCheckName, e: unknown): DoctorCheck {
  const summary = e instanceof Error ? e.message : String(e);
  return { name, status: 'fail', summary, details: {} };
}

/** Settles with the step's outcome, or a failure once `signal` says time is up. */
function within(
  work: () => Promise<DoctorCheck> | DoctorCheck,
  signal: AbortSignal,
  name: DoctorCheckName,
  totalMs: number,
) {
  const late = failed(
    name,
    new Error(`Not finished: the whole check stops after ${totalMs / 1000} s. Try again later.`),
  );
  if (signal.aborted) return Promise.resolve(late);
  return new Promise<DoctorCheck>((resolve) => {
    const onAbort = () => resolve(late);
    signal.addEventListener('abort', onAbort, { once: true });
    Promise.resolve()
      .then(work)
      .then(resolve, (e: unknown) => resolve(failed(name, e)))
      .finally(() => signal.removeEventListener('abort', onAbort));
  });
}

export function createDoctor(deps: DoctorDeps): Doctor {
  const now = deps.now ?? Date.now;
  const totalMs = deps.totalMs ?? DOCTOR_TOTAL_MS;
  return {
    async run() {
      const startedAt = new Date(now()).toISOString();
      const deadline = new AbortController();
      const timer = setTimeout(() => deadline.abort(), totalMs);
      try {
        const observer = createObserver(deadline.signal, now, deps.fetch);
        const { account, client } = await deps.accounts.activeClient({ fetch: observer.fetch });
        const ctx: CheckContext = {
          // The observer ends each request at the deadline; the call's own signal also ends the
          // client's waits between retries, which would otherwise run on after the report.
          client: withCallOptions(client, (call) => ({ signal: deadline.signal, ...call })),
          observer,
          store: deps.store,
          accountId: account.id,
          secrets: new Set(),
        };
        const checks: DoctorCheck[] = (deps.settingProblems ?? []).map((summary) => ({
          name: 'settings',
          status: 'fail',
          summary,
          details: {},
        }));
        for (const [name, step] of STEPS) {
          checks.push(await within(() => step(ctx), deadline.signal, name, totalMs));
        }
        const secrets = [...observer.sentKeys, ...ctx.secrets];
        const redacted = checks.map((c) => redactCheck(c, secrets));
        const report = {
          account: { name: account.name, kind: account.kind, apiUrl: account.apiUrl },
          startedAt,
          finishedAt: new Date(now()).toISOString(),
          ok: redacted.every((c) => c.status !== 'fail'),
          checks: redacted,
        };
        return { ...report, text: redactText(formatReport(report), secrets) };
      } finally {
        clearTimeout(timer);
      }
    },
  };
}
