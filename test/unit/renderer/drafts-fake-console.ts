// The links console double with what issue 17's honest offline adds: drafts kept while Quaderno
// is unreachable, and Quaderno's reachability, both set by the test.
import { dispatch } from '../../../main/dispatch';
import { ConsoleError } from '../../../main/errors';
import { draftBeingMade, draftGone } from '../../../main/links/drafts';
import {
  DRAFT_SAVED_MESSAGE,
  type Account,
  type Events,
  type Link,
  type LinkDraft,
} from '../../../preload/contract';
import { fakeHandlers, sampleAccount } from './fake-console';
import { createLinksFake, type LinksFake } from './links-fake-console';

export interface DraftsFake extends LinksFake {
  drafts: LinkDraft[];
  setOnline(online: boolean): void;
  /** The next links.create is kept as a draft, as main does while Quaderno is unreachable. */
  keepNextCreateAsDraft(): void;
  /** A kept draft became `link`, as main's runner announces it. */
  draftCreated(link: Link): void;
  /** The next Discard is refused and the draft kept, as main does while its link is being made
   * (main's own words, draftBeingMade). */
  refuseNextDiscard(): void;
  /** The next Discard waits for `release()` before main looks at its draft. */
  holdNextDiscard(): { release(): void };
  /** Draft `id` leaves main without the page asking (made into a link, discarded elsewhere). */
  dropDraft(id: number): void;
}

const OWN = new Set([
  'links.drafts',
  'links.discardDraft',
  'app.connectivity',
  'links.create',
  'accounts.list',
  'accounts.useSandbox',
]);

/** `sandbox`: the active account is the built-in sandbox, which accounts.useSandbox restarts. */
export function createDraftsFake(options: { sandbox?: boolean } = {}): DraftsFake {
  const account: Account = options.sandbox
    ? { ...sampleAccount, kind: 'sandbox', name: 'Sandbox' }
    : sampleAccount;
  const links = createLinksFake();
  const drafts: LinkDraft[] = [];
  let connectivity: Events['connectivity.changed'] = { online: true, reason: null };
  let draftNext = false;
  let refuseDiscard = false;
  let discardHeld: Promise<void> | null = null;
  const at = '2026-11-27T10:15:00.000Z';
  const handlers = fakeHandlers({
    'links.drafts': async () => drafts,
    'links.discardDraft': async ({ id }) => {
      links.calls.push({ name: 'links.discardDraft', input: { id } });
      const held = discardHeld;
      discardHeld = null;
      if (held) await held;
      if (refuseDiscard) {
        refuseDiscard = false;
        throw draftBeingMade();
      }
      const index = drafts.findIndex((d) => d.id === id);
      if (index < 0) throw draftGone();
      drafts.splice(index, 1);
      links.emit('links.changed', { ids: [] });
      return { discarded: true };
    },
    'app.connectivity': async () => connectivity,
    'accounts.list': async () => [account],
    'accounts.useSandbox': async (input) => {
      links.calls.push({ name: 'accounts.useSandbox', input });
      return account;
    },
    'links.create': async (request) => {
      if (!draftNext) throw new ConsoleError('internal', 'passed on');
      draftNext = false;
      links.calls.push({ name: 'links.create', input: request });
      drafts.push({
        id: drafts.length + 1,
        status: 'waiting',
        request,
        reason: null,
        link: null,
        createdAt: at,
        updatedAt: at,
      });
      links.emit('links.changed', { ids: [] });
      throw new ConsoleError('offline', `${DRAFT_SAVED_MESSAGE} Cannot reach Quaderno.`);
    },
  });
  return {
    ...links,
    drafts,
    async dispatch(name, input) {
      if (typeof name !== 'string' || !OWN.has(name)) return links.dispatch(name, input);
      if (name === 'links.create' && !draftNext) return links.dispatch(name, input);
      return dispatch(handlers, name, input);
    },
    setOnline(online) {
      connectivity = { online, reason: online ? null : 'Cannot reach Quaderno.' };
      links.emit('connectivity.changed', connectivity);
    },
    keepNextCreateAsDraft() {
      draftNext = true;
    },
    draftCreated(link) {
      const draft = drafts.find((d) => d.status === 'waiting');
      if (!draft) throw new Error('no waiting draft');
      Object.assign(draft, { status: 'created', link });
      links.emit('links.draftCreated', {
        draftId: draft.id,
        result: { link, reused: false, emailText: '' },
      });
      links.emit('links.changed', { ids: [link.id] });
    },
    refuseNextDiscard() {
      refuseDiscard = true;
    },
    holdNextDiscard() {
      let release = (): void => undefined;
      discardHeld = new Promise<void>((resolve) => (release = resolve));
      return { release: () => release() };
    },
    dropDraft(id) {
      const index = drafts.findIndex((d) => d.id === id);
      if (index < 0) throw new Error(`no draft ${id}`);
      drafts.splice(index, 1);
      links.emit('links.changed', { ids: [] });
    },
  };
}
