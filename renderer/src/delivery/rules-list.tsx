import { useState } from 'react';
import { ErrorNotice } from '../components/error-notice';
import { useEvent } from '../hooks/use-event';
import { useFocusAfterAction } from '../hooks/use-focus-after-action';
import { useHeadingWhenRowLeaves } from '../hooks/use-focus-when-row-leaves';
import { useGoneNotice } from '../hooks/use-gone-notice';
import { useQuery } from '../hooks/use-query';
import { useProducts } from '../links/use-products';
import { RuleEditor } from './rule-editor';
import { RuleRow } from './rule-row';

/** The fulfilment rules: each sale that arrives is delivered by every rule that applies. */
export function RulesList() {
  const rules = useQuery('rules.list', {});
  useEvent('rules.changed', rules.reload);
  const { byCode } = useProducts();
  // 'new' for the add form, a rule's id while it is edited.
  const [editing, setEditing] = useState<'new' | number | null>(null);
  // A rule the open editor has just added: shown there, so not listed twice.
  const [added, setAdded] = useState<number | null>(null);
  const list = rules.data ?? [];
  const gone = useGoneNotice((id) => list.some((r) => r.id === id), rules.data, rules.loading);
  const edited = typeof editing === 'number' ? list.find((r) => r.id === editing) : undefined;
  // The editor takes the place of the button that opened it; closed, the focus comes back here.
  const [addRef, opened] = useFocusAfterAction<HTMLButtonElement>(editing !== null);
  // A focused rule's row can leave (its Remove done, or removed elsewhere): the focus goes to the
  // heading, not <body>.
  const { heading, listFocus } = useHeadingWhenRowLeaves<HTMLHeadingElement>(rules.data);

  function open(which: 'new' | number) {
    opened();
    setEditing(which);
  }

  function close() {
    setAdded(null);
    setEditing(null);
    rules.reload();
  }

  return (
    <section className="fulfilment-part" aria-labelledby="rules-heading">
      <h3 id="rules-heading" ref={heading} tabIndex={-1}>
        Rules
      </h3>
      <p className="section-intro">
        When a sale arrives, every rule that applies to it delivers it: an email to the customer, or
        the sale forwarded to your own system. A sale whose rules all succeed is marked fulfilled by
        itself.
      </p>
      <ErrorNotice error={rules.error} />
      {gone.notice}
      {rules.data === undefined && !rules.error ? <p className="muted">Loading…</p> : null}
      {rules.data !== undefined && list.length === 0 ? (
        <p className="muted">No rules yet: sales wait for you to deliver them by hand.</p>
      ) : null}
      {editing === 'new' ? (
        <RuleEditor onClose={close} onSaved={(rule) => setAdded(rule.id)} />
      ) : null}
      {edited ? <RuleEditor key={edited.id} rule={edited} onClose={close} /> : null}
      {list.length > 0 ? (
        <ul className="rule-list" aria-label="Fulfilment rules" {...listFocus}>
          {list.map((rule) =>
            rule.id === editing || rule.id === added ? null : (
              <RuleRow
                key={rule.id}
                rule={rule}
                productName={(code) => byCode(code)?.name ?? code}
                held={gone.held(rule.id)}
                onEdit={() => open(rule.id)}
                onChanged={() => {
                  gone.clear();
                  rules.reload();
                }}
                onFailed={(error) => {
                  gone.failed(rule.id, error);
                  rules.reload();
                }}
              />
            ),
          )}
        </ul>
      ) : null}
      {editing === null ? (
        <div className="form-actions">
          <button
            ref={addRef}
            type="button"
            className="button button-primary"
            onClick={() => open('new')}
          >
            Add a rule
          </button>
        </div>
      ) : null}
    </section>
  );
}
