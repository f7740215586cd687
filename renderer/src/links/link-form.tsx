import {
  useMemo,
  useRef,
  useState,
  type ClipboardEvent,
  type FormEvent,
  type KeyboardEvent,
} from 'react';
import {
  ContractError,
  type Link,
  type LinkResult,
  type Settings,
} from '../../../preload/contract';
import { BusyButton } from '../components/busy-button';
import { ErrorNotice, MessageNotice } from '../components/error-notice';
import { TextField, textBinder } from '../components/text-field';
import { formErrors } from '../errors';
import { useFocusFirstInvalid } from '../hooks/use-focus-first-invalid';
import { useHeadingWhenGone } from '../hooks/use-heading-when-gone';
import { useInvoke } from '../hooks/use-invoke';
import { AdvancedOptions } from './advanced-options';
import { DraftSavedNotice, draftSavedMessage } from './draft-saved-notice';
import { ItemRows } from './item-rows';
import {
  draftFromLink,
  draftLike,
  emptyDraft,
  formFieldKeys,
  toCreateInput,
  toUpdateInput,
  type CreateInput,
  type CustomerDraft,
  type LinkDraft,
} from './link-draft';
import { parsePastedAddress, withPastedAddress } from './parse-address';
import { useProducts } from './use-products';
import { DISCARD, DISCARD_CHANGES } from '../components/dismiss-words';

interface LinkFormProps {
  /** The pending link being edited; absent for a new link. */
  editing?: Link;
  /** "New link like this": a new link prefilled from this one (failed, abandoned, cancelled). */
  like?: Link;
  settings: Settings | undefined;
  onDone(result: LinkResult, input: CreateInput | null): void;
  onClose(): void;
}

interface Problems {
  fields: Partial<Record<string, string>>;
  general: string | null;
}

/** New link (or Edit link): customer, products, and the options folded away. */
/** The first item's Product field (item-rows.tsx: each item's picker is a combobox). */
const firstProductField = (form: HTMLFormElement | null) =>
  form?.querySelector<HTMLElement>('.item-list [role="combobox"]') ?? null;

export function LinkForm({ editing, like, settings, onDone, onClose }: LinkFormProps) {
  const catalogue = useProducts();
  const [draft, setDraft] = useState<LinkDraft | null>(() =>
    editing || like ? null : emptyDraft(settings),
  );
  const create = useInvoke('links.create');
  const update = useInvoke('links.update');
  const [problems, setProblems] = useState<Problems | null>(null);
  // Quaderno unreachable: main kept the link as a draft, which is news, not a failure.
  const [keptAsDraft, setKeptAsDraft] = useState<string | null>(null);
  const formRef = useRef<HTMLFormElement>(null);
  // Sync catalogue goes once products arrive: the first item's Product field takes its focus.
  const syncAsked = useHeadingWhenGone(catalogue.products.length > 0, () =>
    firstProductField(formRef.current),
  );
  useFocusFirstInvalid(formRef, problems);

  // Editing needs the catalogue to tell a price override from the listed price. Memoised:
  // the rows' keys must stay the same until the first edit stores the draft.
  const { products, loading } = catalogue;
  const prefilled = useMemo(() => {
    if (loading) return null;
    const byCode = (code: string) => products.find((p) => p.code === code);
    if (editing) return draftFromLink(editing, byCode);
    return like ? draftLike(like, settings, byCode) : null;
  }, [editing, like, settings, loading, products]);
  const shown = draft ?? prefilled;
  const busy = create.busy || update.busy;
  const fields = problems?.fields ?? {};
  const customer = shown?.customer;

  function edit(patch: Partial<LinkDraft>) {
    if (shown) setDraft({ ...shown, ...patch });
  }

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!shown || busy) return;
    const keys = formFieldKeys(shown.items.length);
    // Every field's problem at once, from the contract's schema, before main is asked.
    // Split like main's refusal: a field the form does not show is said above it.
    const refused = (fields: Record<string, string>) => {
      const message = Object.values(fields)[0] ?? 'Check the highlighted fields.';
      setProblems(formErrors(new ContractError({ code: 'invalid_input', message, fields }), keys));
    };
    if (editing) {
      const converted = toUpdateInput(editing.id, shown, catalogue.byCode);
      if (!converted.ok) return refused(converted.fields);
      const outcome = await update.run(converted.input);
      if (outcome.ok) return onDone(outcome.value, null);
      return setProblems(formErrors(outcome.error, keys));
    }
    const converted = toCreateInput(shown, catalogue.byCode);
    if (!converted.ok) return refused(converted.fields);
    const outcome = await create.run(converted.input);
    if (outcome.ok) return onDone(outcome.value, converted.input);
    const kept = draftSavedMessage(outcome.error);
    setKeptAsDraft(kept);
    setProblems(kept === null ? formErrors(outcome.error, keys) : null);
  }

  // Escape is the close button's shortcut, so it does what that button does (nothing while
  // busy); a picker's open list takes its Escape first (it prevents the default).
  function onKeyDown(event: KeyboardEvent<HTMLElement>) {
    if (event.key !== 'Escape' || event.defaultPrevented || busy) return;
    event.preventDefault();
    onClose();
  }

  const title = editing ? 'Edit link' : 'New link';
  return (
    <section
      className="card link-form-card"
      aria-labelledby="link-form-heading"
      onKeyDown={onKeyDown}
    >
      <h2 id="link-form-heading">{title}</h2>
      <ErrorNotice error={catalogue.error} />
      {shown === null || customer === undefined ? (
        <p className="muted">Loading…</p>
      ) : (
        <form ref={formRef} onSubmit={submit} noValidate aria-busy={busy} className="link-form">
          <MessageNotice message={problems?.general ?? null} />
          {keptAsDraft === null ? null : (
            <DraftSavedNotice key={keptAsDraft} message={keptAsDraft} />
          )}
          <CustomerFields
            customer={customer}
            fields={fields}
            onChange={(next) => edit({ customer: next })}
          />
          <ItemRows
            items={shown.items}
            products={catalogue.products}
            fields={fields}
            onChange={(items) => edit({ items })}
          />
          {catalogue.products.length === 0 && !catalogue.loading ? (
            <p className="muted">
              No products synced yet.{' '}
              <BusyButton
                className="button"
                waiting={catalogue.syncing}
                onClick={() => {
                  syncAsked();
                  catalogue.sync();
                }}
              >
                {catalogue.syncing ? 'Syncing…' : 'Sync catalogue'}
              </BusyButton>
            </p>
          ) : null}
          {shown.options ? (
            <AdvancedOptions
              options={shown.options}
              fields={fields}
              onChange={(options) => edit({ options })}
            />
          ) : null}
          <div className="form-actions link-form-actions">
            <BusyButton type="submit" className="button button-primary" waiting={busy}>
              {busy ? 'Working…' : editing ? 'Save changes' : 'Create link'}
            </BusyButton>
            <BusyButton className="button" onClick={onClose} waiting={busy}>
              {editing ? DISCARD_CHANGES : DISCARD}
            </BusyButton>
          </div>
        </form>
      )}
    </section>
  );
}

/** Who the link is for; `fields` holds main's errors, keyed `customer.<field>`. */
function CustomerFields(props: {
  customer: CustomerDraft;
  fields: Partial<Record<string, string>>;
  onChange(customer: CustomerDraft): void;
}) {
  const { customer, onChange } = props;
  const text = textBinder(
    customer,
    (patch) => onChange({ ...customer, ...patch }),
    props.fields,
    'customer.',
  );
  // A header copied from a mail client ("Jane Doe <jane@example.com>") fills the names too.
  function onPaste(event: ClipboardEvent<HTMLInputElement>) {
    const pasted = parsePastedAddress(event.clipboardData.getData('text/plain'));
    if (!pasted) return;
    event.preventDefault();
    onChange(withPastedAddress(customer, pasted));
  }
  return (
    <fieldset className="fieldset">
      <legend>Customer</legend>
      <TextField
        label="Email"
        {...text('email')}
        type="email"
        autoComplete="off"
        autoFocus
        onPaste={onPaste}
        hint="Paste “Name <email>” to fill the names too."
      />
      <div className="field-pair">
        <TextField label="First name" {...text('firstName')} autoComplete="off" />
        <TextField label="Last name" {...text('lastName')} autoComplete="off" />
      </div>
      <div className="field-pair">
        <TextField label="Company (optional)" {...text('company')} autoComplete="off" />
        <TextField
          label="Billing country (optional)"
          {...text('billingCountry')}
          autoComplete="off"
          placeholder="ES"
          hint="Two letters, like ES for Spain."
        />
      </div>
    </fieldset>
  );
}
