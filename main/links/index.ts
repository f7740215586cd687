// Checkout links: create-or-reuse, edit and cancel checkout sessions (issue: checkout links).
import type { Handlers } from '../dispatch';
import { createContextFactory, type LinksDeps } from './context';
import { createOrReuse } from './create-or-reuse';
import { cancelLink, loadLink, updateLink } from './edit';

export type { LinksDeps } from './context';
export { purchaseFingerprint } from './fingerprint';
export { emailText } from './email-text';

export type LinkHandlers = Pick<
  Handlers,
  'links.create' | 'links.list' | 'links.get' | 'links.update' | 'links.cancel'
>;

export function createLinkHandlers(deps: LinksDeps): LinkHandlers {
  const { context, sessions } = createContextFactory(deps);
  // Identical requests in flight (a double-click, a retried call) share one answer.
  const inflight = new Map<string, ReturnType<LinkHandlers['links.create']>>();

  return {
    async 'links.create'(input) {
      const ctx = await context();
      const key = JSON.stringify([
        ctx.accountId,
        input.customer.email.trim().toLowerCase(),
        input.items
          .map((i) =>
            JSON.stringify([i.product.trim(), i.quantity, i.unitAmount, i.currency?.toUpperCase()]),
          )
          .sort(),
        input.forceNew,
      ]);
      const running = inflight.get(key);
      if (running) return running;
      const promise = createOrReuse(ctx, input, deps.settings.get(), deps.emit).finally(() =>
        inflight.delete(key),
      );
      inflight.set(key, promise);
      return promise;
    },
    async 'links.list'(q) {
      const active = deps.accounts.active();
      if (!active) return { items: [], total: 0 };
      return sessions.list(active.id, q);
    },
    async 'links.get'({ id }) {
      const ctx = await context();
      return ctx.result(await loadLink(ctx, id), false);
    },
    async 'links.update'(input) {
      const ctx = await context();
      try {
        return await updateLink(ctx, input);
      } finally {
        deps.emit([input.id]);
      }
    },
    async 'links.cancel'({ id }) {
      const ctx = await context();
      try {
        return await cancelLink(ctx, id);
      } finally {
        deps.emit([id]);
      }
    },
  };
}
