import { useRef, useState, type FormEvent } from 'react';
import type { Account } from '../../../preload/contract';
import { formErrors } from '../errors';
import { useFocusFirstInvalid } from '../hooks/use-focus-first-invalid';
import { useInvoke } from '../hooks/use-invoke';
import { MessageNotice } from './error-notice';
import { TextField } from './text-field';

const FIELDS = ['account', 'apiKey'] as const;

interface AccountFormProps {
  submitLabel: string;
  onAdded(account: Account): void;
  onCancel?: () => void;
  /** Focus the first field on mount: the form replaces the button that opened it. */
  autoFocus?: boolean;
}

/** Account name or API URL plus secret key, verified live by `accounts.add`. */
export function AccountForm({ submitLabel, onAdded, onCancel, autoFocus }: AccountFormProps) {
  const [account, setAccount] = useState('');
  const [apiKey, setApiKey] = useState('');
  const add = useInvoke('accounts.add');
  const errors = add.error ? formErrors(add.error, FIELDS) : { fields: {}, general: null };
  const formRef = useRef<HTMLFormElement>(null);
  useFocusFirstInvalid(formRef, add.error);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const outcome = await add.run({ account, apiKey });
    if (outcome.ok) onAdded(outcome.value);
  }

  return (
    <form ref={formRef} className="account-form" onSubmit={submit} aria-busy={add.busy} noValidate>
      <MessageNotice message={errors.general} />
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
        disabled={add.busy}
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
        disabled={add.busy}
      />
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={add.busy}>
          {add.busy ? 'Verifying with Quaderno…' : submitLabel}
        </button>
        {onCancel ? (
          <button type="button" className="button" onClick={onCancel} disabled={add.busy}>
            Cancel
          </button>
        ) : null}
      </div>
    </form>
  );
}
