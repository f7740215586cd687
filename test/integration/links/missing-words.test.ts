// What main says when the merchant asks for a link or a draft the active account does not have.
// The words show in the Links screen (which reads its list again itself) and, for a link, on the
// command line, so they say what happened and point at no list.
import { describe, expect, it } from 'vitest';
import { draftGone } from '../../../main/links/drafts';
import type { Envelope } from '../../../preload/contract';
import { useRig } from '../../support/live-rig';
import { useTempDir } from '../../support/temp-dir';

const tmp = useTempDir('cc-link-missing-');
const rig = useRig(tmp);

const refusal = (answer: Envelope<unknown>) => (answer.ok ? null : answer.error);

/** What every refusal of a missing link starts with, wherever main looked for it. */
const linkMissing = (id: number, where = '') =>
  `Link ${id} is not in the active account's links${where}. If it was made under another ` +
  'account, switch to that account to use it';

describe("main's answer for a link or draft the active account does not have", () => {
  it('says a link read or changed is in neither this computer nor Quaderno, and asks for no list', async () => {
    const cc = await rig.console(await rig.sandbox());
    const inNeither = `${linkMissing(987_654, ', on this computer or in Quaderno')}.`;
    expect(refusal(await cc.call('links.get', { id: 987_654 }))).toEqual({
      code: 'not_found',
      message: inNeither,
    });
    expect(refusal(await cc.call('links.update', { id: 987_654, locale: 'en' }))).toEqual({
      code: 'not_found',
      message: inNeither,
    });
  });

  it('says the same when a cancel finds no link, and announces it so the Links list reads again', async () => {
    const cc = await rig.console(await rig.sandbox());
    const changed: number[][] = [];
    cc.on('links.changed', ({ ids }) => changed.push(ids));
    expect(refusal(await cc.call('links.cancel', { id: 987_654 }))).toEqual({
      code: 'not_found',
      message: `${linkMissing(987_654, ', on this computer or in Quaderno')}.`,
    });
    expect(changed).toContainEqual([987_654]);
  });

  it("says a link to copy is not in the account's links, and both ways it could have left this computer", async () => {
    const cc = await rig.console(await rig.sandbox());
    const changed: number[][] = [];
    cc.on('links.changed', ({ ids }) => changed.push(ids));
    expect(refusal(await cc.call('links.copyQr', { id: 987_654 }))).toEqual({
      code: 'not_found',
      message:
        `${linkMissing(987_654)}; otherwise it was removed, with its account or by restoring ` +
        'an older backup.',
    });
    // Announced, so the Links list reads again and the link's row goes.
    expect(changed).toContainEqual([987_654]);
  });

  it("says a draft to discard is not among the account's drafts, not that its link is being made", async () => {
    const cc = await rig.console(await rig.sandbox());
    expect(refusal(await cc.call('links.discardDraft', { id: 4321 }))).toEqual({
      code: 'not_found',
      message:
        "That draft is no longer among the active account's drafts: it was already discarded " +
        'or closed, the active account changed, or an older backup was restored.',
    });
    expect(draftGone().message).toBe(
      refusal(await cc.call('links.discardDraft', { id: 4321 }))?.message,
    );
  });
});
