import { useState } from 'react';
import type { DeliveryRule, RuleAction } from '../../../preload/contract-delivery';
import { BusyButton } from '../components/busy-button';
import { ConfirmBox } from '../components/confirm-box';
import { ErrorNotice } from '../components/error-notice';
import { useFocusAfterAction } from '../hooks/use-focus-after-action';
import { useInvoke } from '../hooks/use-invoke';

/** What a rule does, in a sentence: "Emails the customer", "Forwards the sale to shop.example". */
export function actionSentence(action: RuleAction): string {
  if (action.kind === 'email') return 'Emails the customer';
  if (action.kind === 'forward') return `Forwards the sale to ${action.url}`;
  return `Runs “${action.command}” (runs under checkout-console listen; change it there)`;
}

/** One rule: which sales, what it does, on or off, and Edit / Remove (command rules read only). */
export function RuleRow(props: {
  rule: DeliveryRule;
  productName(code: string): string;
  /** The list reads its rules again after this row's refusal, which waits (announced once). */
  held: boolean;
  onEdit(): void;
  /** The list is out of date: a rule was switched or removed. */
  onChanged(): void;
  /** Main refused the switch or Remove: the rule may be gone, so the list reads its rules again. */
  onFailed(error: unknown): void;
}) {
  const { rule } = props;
  const [confirming, setConfirming] = useState(false);
  // The confirm box takes the place of Remove…; kept (Keep it, Escape), the focus comes back here.
  const [removeRef, asked] = useFocusAfterAction<HTMLButtonElement>(confirming);
  const toggle = useInvoke('rules.setEnabled');
  const remove = useInvoke('rules.remove');
  const busy = toggle.busy || remove.busy;
  const headingId = `rule-${rule.id}-name`;
  const readOnly = rule.action.kind === 'command';
  const which =
    rule.productCode === null ? 'Every sale' : `Sales of ${props.productName(rule.productCode)}`;

  // The switch shows what was asked at once, until the rule is read again (or the change failed).
  const [wanted, setWanted] = useState<{ enabled: boolean; of: string } | null>(null);
  const checked = wanted?.of === rule.updatedAt ? wanted.enabled : rule.enabled;

  async function setEnabled(enabled: boolean) {
    setWanted({ enabled, of: rule.updatedAt });
    const outcome = await toggle.run({ id: rule.id, enabled });
    if (outcome.ok) props.onChanged();
    else {
      setWanted(null);
      props.onFailed(outcome.error);
    }
  }

  return (
    <li className="list-card rule-row" aria-labelledby={headingId}>
      <h4 id={headingId}>{rule.name}</h4>
      <p className="rule-facts">
        {which} · {actionSentence(rule.action)}
        {rule.useLicenceKeys ? ' · with licence keys' : ''}
        {readOnly ? ` · ${rule.enabled ? 'On' : 'Off'}` : ''}
      </p>
      {props.held ? null : <ErrorNotice error={toggle.error ?? remove.error} />}
      {confirming ? (
        <ConfirmBox
          label={`Remove the rule “${rule.name}”?`}
          confirmText="Remove rule"
          workingText="Removing…"
          working={remove.busy}
          disabled={busy}
          onConfirm={() =>
            void remove.run({ id: rule.id }).then((o) => {
              if (o.ok) props.onChanged();
              else props.onFailed(o.error);
            })
          }
          onKeep={() => setConfirming(false)}
        >
          Remove <strong>{rule.name}</strong>? Sales that arrive from now on are not delivered by
          it, and deliveries it has not finished yet stop and wait for you on their sales.
        </ConfirmBox>
      ) : readOnly ? null : (
        <div className="rule-actions">
          <label className="checkbox">
            <input
              type="checkbox"
              role="switch"
              checked={checked}
              // Waits without being disabled, so it keeps the focus: a press meanwhile does
              // nothing (the controlled switch stays as it shows).
              aria-disabled={busy}
              onChange={(e) => {
                if (!busy) void setEnabled(e.target.checked);
              }}
            />
            <span>On</span>
          </label>
          <BusyButton className="button" waiting={busy} onClick={props.onEdit}>
            Edit
          </BusyButton>
          <BusyButton
            ref={removeRef}
            className="button"
            waiting={busy}
            onClick={() => {
              asked();
              setConfirming(true);
            }}
          >
            Remove…
          </BusyButton>
        </div>
      )}
    </li>
  );
}
