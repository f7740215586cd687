import { useMemo, useRef, useState, type FormEvent } from 'react';
import type { Link, LinkResult, Settings } from '../../../preload/contract';
import { ErrorNotice, MessageNotice } from '../components/error-notice';
import { TextField } from '../components/text-field';
import { formErrors } from '../errors';
import { useFocusFirstInvalid } from '../hooks/use-focus-first-invalid';
import { useInvoke } from '../hooks/use-invoke';
import { AdvancedOptions } from './advanced-options';
import { ItemRows } from './item-rows';
import {
  draftFromLink,
  emptyDraft,
  formFieldKeys,
  toCreateInput,
  toUpdateInput,
  type CreateInput,
  type LinkDraft,
} from './link-draft';
import { useProducts } from './use-products';

interface LinkFormProps {
  /** The pending link being edited; absent for a new link. */
  editing?: Link;
  settings: Settings | undefined;
  onDone(result: LinkResult, input: CreateInput | null): void;
  onClose(): void;
}

interface Problems {
  fields: Partial<Record<string, string>>;
  general: string | null;
}

/** New link (or Edit link): customer, products, and the options folded away. */
export function LinkForm({ editing, settings, onDone, onClose }: LinkFormProps) {
  const catalogue = useProducts();
  const [draft, setDraft] = useState<LinkDraft | null>(() =>
    editing ? null : emptyDraft(settings),
  );
  const create = useInvoke('links.create');
  const update = useInvoke('links.update');
  const [problems, setProblems] = useState<Problems | null>(null);
  const formRef = useRef<HTMLFormElement>(null);
  useFocusFirstInvalid(formRef, problems);

  // Editing needs the catalogue to tell a price override from the listed price. Memoised:
  // the rows' keys must stay the same until the first edit stores the draft.
  const { products, loading } = catalogue;
  const prefilled = useMemo(
    () =>
      editing && !loading
        ? draftFromLink(editing, (code) => products.find((p) => p.code === code))
        : null,
    [editing, loading, products],
  );
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
    if (editing) {
      const converted = toUpdateInput(editing.id, shown, catalogue.byCode);
      if (!converted.ok) return setProblems({ fields: converted.fields, general: null });
      const outcome = await update.run(converted.input);
      if (outcome.ok) return onDone(outcome.value, null);
      return setProblems(formErrors(outcome.error, keys));
    }
    const converted = toCreateInput(shown, catalogue.byCode);
    if (!converted.ok) return setProblems({ fields: converted.fields, general: null });
    const outcome = await create.run(converted.input);
    if (outcome.ok) return onDone(outcome.value, converted.input);
    setProblems(formErrors(outcome.error, keys));
  }

  const title = editing ? 'Edit link' : 'New link';
  return (
    <section className="card link-form-card" aria-labelledby="link-form-heading">
      <h2 id="link-form-heading">{title}</h2>
      <ErrorNotice error={catalogue.error} />
      {shown === null || customer === undefined ? (
        <p className="muted">Loading…</p>
      ) : (
        <form ref={formRef} onSubmit={submit} noValidate aria-busy={busy} className="link-form">
          <MessageNotice message={problems?.general ?? null} />
          <fieldset className="fieldset">
            <legend>Customer</legend>
            <TextField
              label="Email"
              name="customer.email"
              type="email"
              autoComplete="off"
              autoFocus
              value={customer.email}
              onChange={(e) => edit({ customer: { ...customer, email: e.target.value } })}
              error={fields['customer.email']}
            />
            <div className="field-pair">
              <TextField
                label="First name"
                name="customer.firstName"
                autoComplete="off"
                value={customer.firstName}
                onChange={(e) => edit({ customer: { ...customer, firstName: e.target.value } })}
                error={fields['customer.firstName']}
              />
              <TextField
                label="Last name"
                name="customer.lastName"
                autoComplete="off"
                value={customer.lastName}
                onChange={(e) => edit({ customer: { ...customer, lastName: e.target.value } })}
                error={fields['customer.lastName']}
              />
            </div>
            <div className="field-pair">
              <TextField
                label="Company (optional)"
                name="customer.company"
                autoComplete="off"
                value={customer.company}
                onChange={(e) => edit({ customer: { ...customer, company: e.target.value } })}
                error={fields['customer.company']}
              />
              <TextField
                label="Billing country (optional)"
                name="customer.billingCountry"
                autoComplete="off"
                maxLength={2}
                placeholder="ES"
                hint="Two letters."
                value={customer.billingCountry}
                onChange={(e) =>
                  edit({ customer: { ...customer, billingCountry: e.target.value } })
                }
                error={fields['customer.billingCountry']}
              />
            </div>
          </fieldset>
          <ItemRows
            items={shown.items}
            products={catalogue.products}
            fields={fields}
            onChange={(items) => edit({ items })}
          />
          {catalogue.products.length === 0 && !catalogue.loading ? (
            <p className="muted">
              No products synced yet.{' '}
              <button
                type="button"
                className="button"
                disabled={catalogue.syncing}
                onClick={catalogue.sync}
              >
                {catalogue.syncing ? 'Syncing…' : 'Sync catalogue'}
              </button>
            </p>
          ) : null}
          {shown.options ? (
            <AdvancedOptions
              options={shown.options}
              fields={fields}
              onChange={(options) => edit({ options })}
            />
          ) : null}
          <div className="form-actions">
            <button type="submit" className="button button-primary" disabled={busy}>
              {busy ? 'Working…' : editing ? 'Save changes' : 'Create link'}
            </button>
            <button type="button" className="button" onClick={onClose} disabled={busy}>
              {editing ? 'Keep as it was' : 'Close'}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
