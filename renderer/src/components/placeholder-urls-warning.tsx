import { useRef, useState, type FormEvent } from 'react';
import type { Settings } from '../../../preload/contract';
import { formErrors, noFormErrors } from '../errors';
import { useAccounts } from '../hooks/use-accounts';
import { useFocusAfterAction } from '../hooks/use-focus-after-action';
import { useFocusFirstInvalid } from '../hooks/use-focus-first-invalid';
import { useHeadingWhenGone } from '../hooks/use-heading-when-gone';
import { useInvoke } from '../hooks/use-invoke';
import { useQuery } from '../hooks/use-query';
import { placeholderUrls, type ReturnUrlField } from '../link-defaults';
import { BusyButton } from './busy-button';
import { MessageNotice } from './error-notice';
import { TextField, textBinder } from './text-field';
import './placeholder-urls.css';
import { DISCARD_CHANGES } from './dismiss-words';

const LABELS: Record<ReturnUrlField, string> = {
  successUrl: 'After payment, send the customer to',
  cancelUrl: 'If the customer cancels, send them to',
};

const PAGES: Record<ReturnUrlField, string> = {
  successUrl: 'after paying',
  cancelUrl: 'when they cancel',
};

export type ReturnUrls = Record<ReturnUrlField, string>;
export const noReturnUrls: ReturnUrls = { successUrl: '', cancelUrl: '' };

/** The fields for the return pages in `asked`, empty until the merchant types their own. */
export function ReturnUrlFields({
  asked,
  values,
  onChange,
  errors,
  readOnly,
  autoFocus,
}: {
  asked: readonly ReturnUrlField[];
  values: ReturnUrls;
  onChange(patch: Partial<ReturnUrls>): void;
  errors: Partial<Record<string, string>>;
  /** While the form is sent: read-only, not disabled, so a field keeps the focus (Enter sends). */
  readOnly?: boolean;
  /** Focus the first field on mount: it replaces the button that asked for it. */
  autoFocus?: boolean;
}) {
  const text = textBinder<ReturnUrlField>(values, onChange, errors);
  return asked.map((field, i) => (
    <TextField
      key={field}
      autoFocus={autoFocus === true && i === 0}
      label={LABELS[field]}
      type="url"
      placeholder="https://your-shop.com/…"
      readOnly={readOnly}
      {...text(field)}
    />
  ));
}

/** Only the pages the merchant typed: an empty field keeps what is stored. */
export function returnUrlPatch(values: ReturnUrls, asked: readonly ReturnUrlField[]) {
  const patch: Partial<ReturnUrls> = {};
  for (const field of asked) if (values[field].trim() !== '') patch[field] = values[field].trim();
  return Object.keys(patch).length > 0 ? patch : null;
}

/**
 * Says, for a live or test account, that its links still send paying customers to example.com
 * (the placeholders every install starts with), and lets the merchant set their own pages on
 * the spot; Settings › Link defaults keeps them. Nothing for the sandbox, whose customers are
 * not real. `fix` false leaves out the form, where the fields are already on screen.
 */
export function PlaceholderUrlsWarning({
  fix = true,
  settings: given,
}: {
  fix?: boolean;
  /** The stored settings, when the caller already holds them (and sees them change). */
  settings?: Settings | undefined;
}) {
  const { active } = useAccounts();
  const settings = useQuery('settings.get', {});
  const [open, setOpen] = useState(false);
  const stored = given ?? settings.data;
  const asked = stored ? placeholderUrls(stored) : [];
  const warns = active !== undefined && active.kind !== 'sandbox' && asked.length > 0;
  // Discard closes the form in place of Set your pages, which takes the focus back; pages saved
  // take the whole warning away, and the screen's heading takes it.
  const [setRef, opened] = useFocusAfterAction<HTMLButtonElement>(open);
  const saved = useHeadingWhenGone(!warns);
  if (!warns || !active) return null;
  const pages = asked.map((f) => PAGES[f]).join(' and ');
  return (
    <div className="notice notice-warning" aria-label="Placeholder pages" role="region">
      <p>
        Links from {active.name} send paying customers to example.com {pages}: a placeholder, not
        your shop.{' '}
        {fix ? 'Set your own pages here or in Settings › Link defaults.' : 'Set your own below.'}
      </p>
      {!fix ? null : open ? (
        <ReturnUrlForm
          asked={asked}
          onSaved={(value) => {
            saved();
            settings.set(value);
          }}
          onCancel={() => setOpen(false)}
        />
      ) : (
        <button
          ref={setRef}
          type="button"
          className="button"
          onClick={() => {
            opened();
            setOpen(true);
          }}
        >
          Set your pages
        </button>
      )}
    </div>
  );
}

function ReturnUrlForm({
  asked,
  onSaved,
  onCancel,
}: {
  asked: ReturnUrlField[];
  onSaved(settings: Settings): void;
  onCancel(): void;
}) {
  const [values, setValues] = useState(noReturnUrls);
  const [empty, setEmpty] = useState(false);
  const update = useInvoke('settings.update');
  const errors = update.error ? formErrors(update.error, asked) : noFormErrors;
  const first = asked[0] ?? 'successUrl';
  const fieldErrors = empty ? { [first]: 'Enter the address of your own page.' } : errors.fields;
  const formRef = useRef<HTMLFormElement>(null);
  useFocusFirstInvalid(formRef, update.error ?? (empty ? fieldErrors : null));

  async function save(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const patch = returnUrlPatch(values, asked);
    setEmpty(patch === null);
    if (!patch) return;
    const outcome = await update.run(patch);
    if (outcome.ok) onSaved(outcome.value);
  }

  return (
    <form
      ref={formRef}
      className="return-url-form"
      onSubmit={save}
      noValidate
      aria-busy={update.busy}
    >
      <MessageNotice message={errors.general} />
      <ReturnUrlFields
        asked={asked}
        values={values}
        onChange={(patch) => setValues((v) => ({ ...v, ...patch }))}
        errors={fieldErrors}
        readOnly={update.busy}
        autoFocus
      />
      <div className="form-actions">
        <BusyButton type="submit" className="button button-primary" waiting={update.busy}>
          {update.busy ? 'Saving…' : 'Save pages'}
        </BusyButton>
        <BusyButton className="button" onClick={onCancel} waiting={update.busy}>
          {DISCARD_CHANGES}
        </BusyButton>
      </div>
    </form>
  );
}
