// A draft's Discard refused by main, on the real store: a draft main is making a link from right
// now is said to be busy, one the account does not have is said to be gone. The Drafts panel
// shows the first in the draft's row and the second above the drafts, after its row went.
import { describe, expect, it } from 'vitest';
import { isConsoleError, type ConsoleError } from '../../../main/errors';
import { createDraftRunner, draftBeingMade, draftGone } from '../../../main/links/drafts';
import type { LinkCreateRequest } from '../../../preload/contract';
import { useTempDir } from '../../support/temp-dir';
import { useStoreWithAccount } from '../../support/test-store';

const t = useStoreWithAccount(useTempDir('cc-draft-discard-'));

const request: LinkCreateRequest = {
  customer: { email: 'jane@example.com' },
  items: [{ product: 'P1', quantity: 1 }],
  forceNew: false,
};

function runner() {
  return createDraftRunner({
    store: t.store,
    activeAccountId: () => t.accountId,
    create: () => Promise.reject(new Error('not asked in this test')),
    onCreated: () => undefined,
  });
}

/** Runs `discard` and gives the code and words of main's refusal. */
function refusal(discard: () => void): { code: string; message: string } {
  try {
    discard();
  } catch (e) {
    if (isConsoleError(e)) return { code: e.code, message: e.message };
    throw e;
  }
  throw new Error('the discard was not refused');
}

const words = (e: ConsoleError) => ({ code: e.code, message: e.message });

describe("a draft's Discard main refuses", () => {
  it('says the link is being made when a run has taken the draft', () => {
    const drafts = runner();
    const draft = drafts.save(t.accountId, request);
    expect(t.store.linkDrafts.claim(t.accountId, Date.now(), 60_000)?.id).toBe(draft.id);

    expect(refusal(() => drafts.discard(draft.id))).toEqual(words(draftBeingMade()));
    expect(t.store.linkDrafts.list(t.accountId).map((d) => d.id)).toEqual([draft.id]);
    drafts.close();
  });

  it('says the draft is gone when the account has no such draft', () => {
    const drafts = runner();
    const draft = drafts.save(t.accountId, request);
    drafts.discard(draft.id);

    expect(refusal(() => drafts.discard(draft.id))).toEqual(words(draftGone()));
    drafts.close();
  });
});
