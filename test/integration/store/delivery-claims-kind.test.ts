// A job's claim follows its rule's CURRENT kind (review R13 MEDIUM 2): delivery_jobs.kind is the
// kind the rule had when the sale came in, while the worker runs what the rule does now. A forward
// job whose rule became an email rule is held for an email's try, and a try of it cut off by a
// crash is repeated at most once, as an email's is; a removed rule falls back to the job's kind.
import { describe, expect, it } from 'vitest';
import type { RuleActionKind } from '../../../preload/contract-delivery';
import { emailRule, recordSale } from '../../support/delivery-store';
import { useStoreWithAccount } from '../../support/test-store';
import { useTempDir } from '../../support/temp-dir';

const tmp = useTempDir('cc-claims-kind-');
const rig = useStoreWithAccount(tmp);
const jobs = () => rig.store.deliveryJobs;
const HOLD: Record<RuleActionKind, number> = { forward: 1_000, email: 50_000, command: 900_000 };
const holdMs = (kind: RuleActionKind) => HOLD[kind];

/** A forward rule's job on a new sale, the rule then edited into an email rule. */
function forwardJobNowEmail() {
  const rule = rig.store.deliveryRules.add(
    rig.accountId,
    emailRule({
      name: 'Shop backend',
      action: { kind: 'forward', url: 'https://shop.example.com/hook' },
    }),
  );
  const sale = recordSale(rig.store, rig.accountId, 1);
  const id = sale.jobs?.[0];
  if (id === undefined) throw new Error('the sale got no job');
  rig.store.deliveryRules.edit(rig.accountId, rule.id, {
    action: { kind: 'email', subject: 'Your {product}', body: 'Hi', downloadUrl: null },
  });
  return { id, ruleId: rule.id };
}

describe('claiming a job whose rule changed kind', () => {
  it('holds it as long as a try of the kind its rule runs now', () => {
    const { id } = forwardJobNowEmail();
    const now = Date.now();

    const claimed = jobs().claim(now, holdMs, ['forward']);

    expect(claimed).toMatchObject({ id, kind: 'forward' });
    expect(claimed?.claim).toBe(now + HOLD.email);
    // Past a forward's hold, another worker on the same folder does not take it.
    expect(jobs().claim(now + HOLD.forward + 1, holdMs, ['forward'])).toBeUndefined();
  });

  it('repeats a cut-off try of it at most once, as an email', () => {
    const { id } = forwardJobNowEmail();
    const now = Date.now();
    jobs().claim(now, holdMs, ['forward'], [], ['email', 'command']);

    const again = jobs().claim(now + HOLD.email + 1, holdMs, ['forward'], [], ['email', 'command']);

    expect(again).toMatchObject({ id, attempts: 2, maxAttempts: 2, cutOff: true });
  });

  it('uses the job’s own kind once its rule is removed', () => {
    const { id, ruleId } = forwardJobNowEmail();
    rig.store.deliveryRules.remove(rig.accountId, ruleId);
    const now = Date.now();

    expect(jobs().claim(now, holdMs, ['forward'])?.claim).toBe(now + HOLD.forward);
    const again = jobs().claim(now + HOLD.forward + 1, holdMs, ['forward'], [], ['email']);
    expect(again).toMatchObject({ id, attempts: 2, maxAttempts: 8, cutOff: true });
  });
});
