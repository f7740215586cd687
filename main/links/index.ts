// Checkout links: create-or-reuse, edit and cancel checkout sessions (issue: checkout links).
import { randomUUID } from 'node:crypto';
import { DRAFT_SAVED_MESSAGE, type LinkCreateRequest } from '../../preload/contract-links';
import { isNetworkFailure } from '../connectivity';
import type { Handlers } from '../dispatch';
import { ConsoleError } from '../errors';
import { createContextFactory, linkNotFound, type LinksDeps } from './context';
import { createOrReuse } from './create-or-reuse';
import { createDraftRunner, requestKey } from './drafts';
import { cancelLink, loadLink, updateLink } from './edit';
import { linkQrPng } from './qr';

export type { LinksDeps } from './context';
export { linkNotFound } from './context';
export { purchaseFingerprint } from './fingerprint';
export { emailText } from './email-text';
export { DRAFT_MAX_ATTEMPTS } from './drafts';
export { linkQrPng, permalinkQrPng, type ImageClipboard } from './qr';

export type LinkHandlers = Pick<
  Handlers,
  | 'links.create'
  | 'links.list'
  | 'links.get'
  | 'links.update'
  | 'links.cancel'
  | 'links.copyQr'
  | 'links.drafts'
  | 'links.discardDraft'
>;

export function createLinkHandlers(deps: LinksDeps): LinkHandlers {
  const { context, sessions } = createContextFactory(deps);
  const offline = () => deps.connectivity?.state().online === false;
  // The merchant waits on this one: a Quaderno that cannot be reached is not waited out with
  // backoff (the link is kept as a draft instead), while a busy one still is.
  const create = async (request: LinkCreateRequest) =>
    createOrReuse(await context({ retry: 'answers' }), request, deps.settings.get(), deps.emit);
  const drafts = createDraftRunner({
    store: deps.store,
    activeAccountId: () => deps.accounts.active()?.id ?? null,
    async create(request, accountId, signal) {
      const ctx = await context({ signal });
      // Switched accounts since the claim: the draft waits for its own account to be active.
      if (ctx.accountId !== accountId) {
        throw new ConsoleError('offline', 'The draft belongs to another account.');
      }
      return createOrReuse(ctx, request, deps.settings.get(), deps.emit);
    },
    onCreated: (draftId, result) => deps.onDraftCreated?.(draftId, result),
    ...(deps.draftRetryMs ? { retryMs: deps.draftRetryMs } : {}),
  });
  // Drafts kept by an earlier run of the console are created at start-up, and whenever
  // Quaderno answers again.
  setTimeout(() => void drafts.run(), 0).unref();
  deps.onConnectivity?.((state) => {
    if (state.online) void drafts.reconnected();
  });

  /** A link Quaderno cannot be asked for now is kept, and the caller told so in words. */
  async function createOrDraft(asked: LinkCreateRequest) {
    // One id for the fresh link across the online try and its draft's tries.
    const request =
      asked.forceNew && !asked.requestId ? { ...asked, requestId: randomUUID() } : asked;
    // What failed, in Quaderno's words: a lost answer's "may or may not have been created"
    // stays true (the draft will find that session rather than make a twin).
    let why = '';
    if (!offline()) {
      try {
        const result = await create(request);
        const accountId = deps.accounts.active()?.id;
        if (accountId !== undefined) drafts.settle(accountId, request);
        return result;
      } catch (e) {
        if (!isNetworkFailure(e)) throw e;
        why = ` ${(e as Error).message}`;
      }
    }
    const accountId = deps.accounts.active()?.id;
    if (accountId === undefined) {
      throw new ConsoleError('no_account', 'Add a Quaderno account or use the sandbox first.');
    }
    drafts.save(accountId, request);
    deps.emit([]);
    throw new ConsoleError('offline', `${DRAFT_SAVED_MESSAGE}${why}`);
  }

  // Identical requests in flight (a double-click, a retried call) share one answer.
  const inflight = new Map<string, ReturnType<LinkHandlers['links.create']>>();

  return {
    async 'links.create'(input) {
      const key = JSON.stringify([
        deps.accounts.active()?.id ?? null,
        requestKey(input),
        input.forceNew,
      ]);
      const running = inflight.get(key);
      if (running) return running;
      const promise = createOrDraft(input).finally(() => inflight.delete(key));
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
    async 'links.copyQr'({ id }) {
      const active = deps.accounts.active();
      const link = active ? sessions.get(active.id, id) : null;
      if (!link) {
        // The Links list showed it: announced, so the list reads again and its row goes.
        deps.emit([id]);
        throw linkNotFound(id, false);
      }
      const png = await linkQrPng(link);
      if (!deps.clipboard) {
        throw new ConsoleError(
          'invalid_input',
          'Copy as image needs the desktop app; use Save as PNG instead.',
        );
      }
      await deps.clipboard.writeImage(png);
      return { copied: true };
    },
    async 'links.drafts'() {
      // Asking is a wake-up too: the renderer asks again when the connection comes back.
      if (!offline()) void drafts.run();
      return drafts.list();
    },
    async 'links.discardDraft'({ id }) {
      drafts.discard(id);
      deps.emit([]);
      return { discarded: true };
    },
  };
}
