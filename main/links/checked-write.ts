// Writes that set a price, read back: no open link may keep a price the merchant did not ask
// for. An answer that one other reading of `amount` explains is tried once more that way and
// remembered for the account (docs/quaderno-api.md › Where the real service differs).
import type { Link } from '../../preload/contract-links';
import { ConsoleError, isConsoleError } from '../errors';
import type { NormalizedSession, QuadernoSession, SessionCreateInput } from '../quaderno';
import { otherUnits, type RequestAmountUnits } from './amounts';
import type { ResolvedItem } from './catalogue';
import { record, type LinksContext } from './context';
import type { FingerprintItem } from './fingerprint';
import {
  describeMismatches,
  explainedBy,
  mismatches,
  overridesOf,
  UNEXPLAINED,
  type Mismatch,
} from './price-check';
import { itemsBody } from './session-request';

type Body = Pick<SessionCreateInput, 'items'>;

/** Deletes a mispriced session; if Quaderno will not, the merchant is told to cancel it. */
export async function discardMispriced(
  ctx: LinksContext,
  session: NormalizedSession,
  wrong: readonly Mismatch[],
): Promise<void> {
  try {
    await ctx.client.deleteSession(session.id);
  } catch (e) {
    if (!(isConsoleError(e) && (e.code === 'not_found' || e.code === 'gone'))) {
      // Kept locally so the Links list shows the session the merchant has to cancel.
      try {
        record(ctx, session);
      } catch {
        // The message below matters more than the local row.
      }
      throw new ConsoleError(
        isConsoleError(e) ? e.code : 'internal',
        `${describeMismatches(wrong)}, and link ${session.id} could not be deleted (${e instanceof Error ? e.message : String(e)}). ` +
          `Cancel link ${session.id} before anyone pays it (Links list, or \`checkout-console link cancel ${session.id}\`).`,
        { cause: e },
      );
    }
  }
  ctx.sessions.setStatus(ctx.accountId, session.id, 'deleted');
  ctx.log('link_mispriced', `${describeMismatches(wrong)}; session ${session.id} was deleted.`, {
    id: session.id,
  });
}

/** Creates a session whose prices Quaderno confirmed; at most one retry, in the other units. */
export async function createChecked(
  ctx: LinksContext,
  items: readonly ResolvedItem[],
  build: (units: RequestAmountUnits) => SessionCreateInput,
  post: (body: SessionCreateInput) => Promise<QuadernoSession>,
  settle: () => void,
): Promise<Link> {
  const learned = ctx.amountUnits.get();
  let units = learned;
  for (let attempt = 0; attempt < 2; attempt++) {
    const body = build(units);
    const session = ctx.normalize(await post(body));
    const overrides = overridesOf(items, body.items);
    const wrong = mismatches(session, overrides);
    if (wrong.length === 0) {
      const link = record(ctx, session, false, settle);
      if (units !== learned) ctx.amountUnits.learn(units);
      return link;
    }
    const retry = attempt === 0 && explainedBy(session, overrides, otherUnits(units));
    await discardMispriced(ctx, session, wrong);
    if (!retry) {
      throw new ConsoleError(
        'bad_response',
        `${describeMismatches(wrong)}; the link was deleted. ${UNEXPLAINED}`,
      );
    }
    units = otherUnits(units);
  }
  throw new ConsoleError('internal', 'The link was not created. Try again.');
}

/**
 * Checks an edit Quaderno already answered (`first`, for `firstBody`). A wrong price is fixed
 * once in the other units if that explains it; otherwise the previous items are put back, and
 * if even that fails the session is deleted.
 */
export async function updateChecked(
  ctx: LinksContext,
  previous: { link: Link; items: FingerprintItem[]; metadata: Record<string, unknown> },
  items: readonly ResolvedItem[],
  build: (units: RequestAmountUnits) => Body & Partial<SessionCreateInput>,
  first: { session: NormalizedSession; body: Body; units: RequestAmountUnits },
): Promise<Link> {
  let session = first.session;
  let overrides = overridesOf(items, first.body.items);
  let wrong = mismatches(session, overrides);
  let units = first.units;
  const id = previous.link.id;
  if (wrong.length > 0 && explainedBy(session, overrides, otherUnits(units))) {
    units = otherUnits(units);
    const body = build(units);
    const again = await ctx.client.updateSession(id, body).then(
      (s) => ctx.normalize(s),
      () => null,
    );
    if (again) {
      session = again;
      overrides = overridesOf(items, body.items);
      wrong = mismatches(session, overrides);
      if (wrong.length === 0) ctx.amountUnits.learn(units);
    }
  }
  if (wrong.length === 0) return record(ctx, session);

  const restore = { items: itemsBody(previous.items, units), metadata: previous.metadata };
  const restored = await ctx.client.updateSession(id, restore).then(
    (s) => ctx.normalize(s),
    () => null,
  );
  if (restored && mismatches(restored, overridesOf(previous.items, restore.items)).length === 0) {
    record(ctx, restored);
    throw new ConsoleError(
      'bad_response',
      `${describeMismatches(wrong)}; link ${id} keeps its previous items. ${UNEXPLAINED}`,
    );
  }
  await discardMispriced(ctx, restored ?? session, wrong);
  throw new ConsoleError(
    'bad_response',
    `${describeMismatches(wrong)}; link ${id} was deleted because its previous price could not be put back. ${UNEXPLAINED}`,
  );
}
