import { useRef, useState, type FormEvent } from 'react';
import type { SmtpSecurity, SmtpSettings } from '../../../preload/contract-delivery';
import { BusyButton } from '../components/busy-button';
import { Checkbox, SelectField } from '../components/choice-fields';
import { ErrorNotice, MessageNotice } from '../components/error-notice';
import { TextField, textBinder } from '../components/text-field';
import { formErrors, noFormErrors, type FormErrors } from '../errors';
import { useFocusFirstInvalid } from '../hooks/use-focus-first-invalid';
import { useInvoke } from '../hooks/use-invoke';
import { useQuery } from '../hooks/use-query';
import { LeaveGuard } from '../settings/leave-guard';

const fields = ['host', 'port', 'security', 'user', 'from', 'password'] as const;

interface SmtpDraft {
  host: string;
  port: string;
  security: SmtpSecurity;
  user: string;
  from: string;
  /** '' keeps what the keychain holds. */
  password: string;
  forgetPassword: boolean;
}

const securityOptions: ReadonlyArray<{ value: SmtpSecurity; label: string }> = [
  { value: 'starttls', label: 'STARTTLS (usually port 587)' },
  { value: 'tls', label: 'TLS from the start (usually port 465)' },
  { value: 'none', label: 'None: only for a test server on this computer' },
];

function toDraft(s: SmtpSettings | null): SmtpDraft {
  return {
    host: s?.host ?? '',
    port: String(s?.port ?? 587),
    security: s?.security ?? 'starttls',
    user: s?.user ?? '',
    from: s?.from ?? '',
    password: '',
    forgetPassword: false,
  };
}

/** The merchant's own mail server, which delivery emails go out through. */
export function SmtpForm() {
  const stored = useQuery('smtp.get', {});
  const save = useInvoke('smtp.set');
  const [draft, setDraft] = useState<SmtpDraft | null>(null);
  const [portError, setPortError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  const errors: FormErrors<(typeof fields)[number]> = save.error
    ? formErrors(save.error, fields)
    : noFormErrors;
  useFocusFirstInvalid(formRef, save.error);
  // A save held back by the port: a new object each time, so each such press focuses the port.
  const [heldBack, setHeldBack] = useState<object | null>(null);
  useFocusFirstInvalid(formRef, heldBack);

  const settings = stored.data;
  const shown = draft ?? (settings === undefined ? null : toDraft(settings));
  const dirty =
    draft !== null &&
    settings !== undefined &&
    JSON.stringify(draft) !== JSON.stringify(toDraft(settings));
  const edit = (patch: Partial<SmtpDraft>) => {
    if (!shown) return;
    setSaved(false);
    setDraft({ ...shown, ...patch });
  };
  const text = textBinder<'host' | 'port' | 'user' | 'from' | 'password'>(
    shown ?? toDraft(null),
    edit,
    errors.fields,
  );

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!shown || save.busy) return;
    // Main's last refusal was of the draft it was sent: a field fixed since must not keep it.
    save.clearError();
    const port = Number(shown.port);
    if (!Number.isInteger(port) || port < 1 || port > 65535) {
      setPortError('Use a port from 1 to 65535.');
      return setHeldBack({});
    }
    setPortError(null);
    const password = shown.forgetPassword ? '' : shown.password || undefined;
    const outcome = await save.run({
      host: shown.host,
      port,
      security: shown.security,
      user: shown.user,
      from: shown.from,
      ...(password === undefined ? {} : { password }),
    });
    if (outcome.ok) {
      stored.set(outcome.value);
      setDraft(toDraft(outcome.value));
      setSaved(true);
    }
  }

  const hasPassword = settings?.hasPassword ?? false;
  return (
    <section className="fulfilment-part" aria-labelledby="smtp-heading">
      <h3 id="smtp-heading">Mail server</h3>
      <p className="section-intro">
        Delivery emails go out through your own mail server, from your address.
      </p>
      <ErrorNotice error={stored.error} />
      {shown === null ? (
        stored.error ? null : (
          <p className="muted">Loading…</p>
        )
      ) : (
        <form
          ref={formRef}
          className="card settings-form"
          onSubmit={submit}
          noValidate
          aria-busy={save.busy}
          aria-label="Mail server"
        >
          <MessageNotice message={errors.general} />
          <LeaveGuard
            dirty={dirty}
            unsaved="Your changes to the mail server are not saved."
            formRef={formRef}
          />
          <TextField label="Host" {...text('host')} autoComplete="off" />
          <TextField
            label="Port"
            {...text('port')}
            inputMode="numeric"
            error={portError ?? errors.fields.port}
          />
          <SelectField
            label="Security"
            name="security"
            value={shown.security}
            options={securityOptions}
            onChange={(security) => edit({ security })}
            error={errors.fields.security}
          />
          <TextField label="User" {...text('user')} autoComplete="off" />
          <TextField
            label="From address"
            {...text('from')}
            type="email"
            autoComplete="off"
            hint="Customers see this address and can reply to it; tests are sent to it too."
          />
          <TextField
            label="Password"
            {...text('password')}
            type="password"
            autoComplete="new-password"
            disabled={shown.forgetPassword}
            hint={
              hasPassword
                ? 'Stored in the keychain. Leave empty to keep it.'
                : 'Not set. It is kept in the keychain, never in the database.'
            }
          />
          {hasPassword ? (
            <Checkbox
              label="Remove the stored password"
              name="forgetPassword"
              checked={shown.forgetPassword}
              onChange={(forgetPassword) => edit({ forgetPassword, password: '' })}
            />
          ) : null}
          <div className="form-actions">
            <BusyButton type="submit" className="button button-primary" waiting={save.busy}>
              {save.busy ? 'Saving…' : 'Save mail server'}
            </BusyButton>
            <p className="save-status" role="status">
              {saved ? 'Saved.' : ''}
            </p>
          </div>
        </form>
      )}
    </section>
  );
}
