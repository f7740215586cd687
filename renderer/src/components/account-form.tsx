import { useRef, useState, type FormEvent } from 'react';
import type { Account, Settings } from '../../../preload/contract';
import { BusyButton } from './busy-button';
import { formErrors } from '../errors';
import { useFocusFirstInvalid } from '../hooks/use-focus-first-invalid';
import { useInvoke } from '../hooks/use-invoke';
import { useQuery } from '../hooks/use-query';
import { placeholderUrls, returnUrlFields, type ReturnUrlField } from '../link-defaults';
import { MessageNotice } from './error-notice';
import { noReturnUrls, returnUrlPatch, ReturnUrlFields } from './placeholder-urls-warning';
import { TextField } from './text-field';
import { LeaveGuard } from '../settings/leave-guard';
import { DISCARD } from './dismiss-words';

const FIELDS = ['account', 'apiKey'] as const;

interface AccountFormProps {
  submitLabel: string;
  onAdded(account: Account): void;
  onCancel?: () => void;
  /** Focus the first field on mount: the form replaces the button that opened it. */
  autoFocus?: boolean;
}

/**
 * Account name or API URL plus secret key, verified live by `accounts.add`; and, while the
 * link defaults still send customers to example.com, the merchant's own pages (optional).
 */
export function AccountForm({ submitLabel, onAdded, onCancel, autoFocus }: AccountFormProps) {
  const [account, setAccount] = useState('');
  const [apiKey, setApiKey] = useState('');
  const add = useInvoke('accounts.add');
  // Asked once, from what was stored when the form opened: saving them must not hide the fields.
  const settings = useQuery('settings.get', {});
  const asked = useAsked(settings.data);
  const [pages, setPages] = useState(noReturnUrls);
  const savePages = useInvoke('settings.update');
  const failed = add.error ?? savePages.error;
  const errors = failed
    ? formErrors(failed, [...FIELDS, ...returnUrlFields])
    : { fields: {}, general: null };
  const formRef = useRef<HTMLFormElement>(null);
  useFocusFirstInvalid(formRef, failed);
  const busy = add.busy || savePages.busy;

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (busy) return;
    add.clearError();
    // The pages first: a refused address is shown before the account is added and the form closes.
    const patch = returnUrlPatch(pages, asked);
    if (patch && !(await savePages.run(patch)).ok) return;
    const outcome = await add.run({ account, apiKey });
    if (outcome.ok) onAdded(outcome.value);
  }

  return (
    <form ref={formRef} className="account-form" onSubmit={submit} aria-busy={busy} noValidate>
      <MessageNotice message={errors.general} />
      <LeaveGuard
        dirty={account.trim() !== '' || apiKey !== ''}
        unsaved="The account you were connecting is not added yet."
        formRef={formRef}
      />
      <TextField
        label="Account name or API URL"
        name="account"
        hint="For example acme, or https://acme.quadernoapp.com/api/"
        autoComplete="off"
        spellCheck={false}
        autoFocus={autoFocus}
        value={account}
        onChange={(e) => setAccount(e.target.value)}
        error={errors.fields.account}
        // Read-only, not disabled, while Quaderno verifies: Enter in a field sends the form, and
        // a disabled field would drop the focus to <body>.
        readOnly={busy}
      />
      <TextField
        label="Secret API key"
        name="apiKey"
        type="password"
        hint="Starts with sk_live_ or sk_test_. It is kept in your system keychain."
        autoComplete="off"
        spellCheck={false}
        value={apiKey}
        onChange={(e) => setApiKey(e.target.value)}
        error={errors.fields.apiKey}
        readOnly={busy}
      />
      {asked.length > 0 ? (
        <fieldset className="field fieldset">
          <legend>Your pages (optional)</legend>
          <p className="field-hint">
            Where customers go after paying or cancelling. Until you set them, links use
            placeholders on example.com; you can also set them later in Settings › Link defaults.
          </p>
          <ReturnUrlFields
            asked={asked}
            values={pages}
            onChange={(patch) => setPages((p) => ({ ...p, ...patch }))}
            errors={errors.fields}
            readOnly={busy}
          />
        </fieldset>
      ) : null}
      <div className="form-actions">
        <BusyButton type="submit" className="button button-primary" waiting={busy}>
          {add.busy
            ? 'Verifying with Quaderno…'
            : savePages.busy
              ? 'Saving your pages…'
              : submitLabel}
        </BusyButton>
        {onCancel ? (
          <BusyButton className="button" onClick={onCancel} waiting={busy}>
            {DISCARD}
          </BusyButton>
        ) : null}
      </div>
    </form>
  );
}

/** The placeholder pages as first read: the fields stay put while the merchant fills them. */
function useAsked(settings: Settings | undefined) {
  const [asked, setAsked] = useState<ReturnUrlField[] | null>(null);
  if (asked === null && settings) setAsked(placeholderUrls(settings));
  return asked ?? [];
}
