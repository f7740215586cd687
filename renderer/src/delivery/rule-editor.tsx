import { useId, useRef, useState, type FormEvent } from 'react';
import {
  DELIVERY_PLACEHOLDERS,
  type DeliveryPlaceholder,
  type DeliveryRule,
} from '../../../preload/contract-delivery';
import { deliveryTemplateFieldErrors } from '../../../preload/delivery-template';
import { BusyButton } from '../components/busy-button';
import { Checkbox, SelectField } from '../components/choice-fields';
import { CLOSE, DISCARD, DISCARD_CHANGES } from '../components/dismiss-words';
import { MessageNotice } from '../components/error-notice';
import { TextField, textBinder } from '../components/text-field';
import { formErrors, noFormErrors, type FormErrors } from '../errors';
import { useFocusFirstInvalid } from '../hooks/use-focus-first-invalid';
import { useInvoke } from '../hooks/use-invoke';
import { useProducts } from '../links/use-products';
import { LeaveGuard } from '../settings/leave-guard';
import { RulePreview } from './rule-preview';
import {
  draftFromRule,
  newRuleDraft,
  ruleFields,
  toRuleInput,
  type EditableKind,
  type RuleDraft,
} from './rule-draft';

type TextKey = 'name' | 'subject' | 'body' | 'downloadUrl' | 'url' | 'secret';

/** Adds a rule, or edits one; once saved, its email can be previewed and sent as a test. */
export function RuleEditor({
  rule,
  onClose,
  onSaved,
}: {
  rule?: DeliveryRule;
  onClose(): void;
  onSaved?(rule: DeliveryRule): void;
}) {
  const [current, setCurrent] = useState<DeliveryRule | null>(rule ?? null);
  const [draft, setDraft] = useState<RuleDraft>(() =>
    rule ? draftFromRule(rule) : newRuleDraft(),
  );
  const [saved, setSaved] = useState(false);
  const add = useInvoke('rules.add');
  const change = useInvoke('rules.edit');
  const busy = add.busy || change.busy;
  const refusal = add.error ?? change.error;
  const formRef = useRef<HTMLFormElement>(null);
  useFocusFirstInvalid(formRef, refusal);
  // A submit held back by a mistake checked as typed: a new object each time, so each such
  // submit moves the focus to the first field marked, as main's refusal does.
  const [heldBack, setHeldBack] = useState<object | null>(null);
  useFocusFirstInvalid(formRef, heldBack);
  const { products } = useProducts();
  // The field the placeholder buttons type into: the last one of the two the merchant was in.
  const [target, setTarget] = useState<'subject' | 'body'>('body');
  const placeholderLabel = useId();

  const server: FormErrors<(typeof ruleFields)[number]> = refusal
    ? formErrors(refusal, ruleFields)
    : noFormErrors;
  // Checked as the merchant types, with main's own rules (preload/delivery-template.ts).
  const live =
    draft.kind === 'email'
      ? deliveryTemplateFieldErrors(draft.subject, draft.body, {
          hasDownloadUrl: draft.downloadUrl.trim() !== '',
          useLicenceKeys: draft.useLicenceKeys,
        })
      : {};
  const fieldError = (path: string) =>
    server.fields[path as (typeof ruleFields)[number]] ?? live[path];
  const errors: Partial<Record<TextKey, string>> = {
    name: fieldError('name'),
    subject: fieldError('action.subject'),
    body: fieldError('action.body'),
    downloadUrl: fieldError('action.downloadUrl'),
    url: fieldError('action.url'),
    secret: fieldError('secret'),
  };

  // Edits not saved yet: leaving the section asks first, and Close says it drops them.
  const baseline = current ? { ...draftFromRule(current), secret: '' } : newRuleDraft();
  const dirty = JSON.stringify(draft) !== JSON.stringify(baseline);

  function edit(patch: Partial<RuleDraft>) {
    setSaved(false);
    setDraft((d) => ({ ...d, ...patch }));
  }
  const text = textBinder<TextKey>(draft, edit, errors);

  function insert(placeholder: DeliveryPlaceholder) {
    const field = formRef.current?.querySelector<HTMLInputElement | HTMLTextAreaElement>(
      `[name="${target}"]`,
    );
    const value = draft[target];
    const start = field?.selectionStart ?? value.length;
    const end = field?.selectionEnd ?? start;
    const token = `{${placeholder}}`;
    edit({ [target]: value.slice(0, start) + token + value.slice(end) });
    requestAnimationFrame(() => {
      field?.focus();
      field?.setSelectionRange(start + token.length, start + token.length);
    });
  }

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (busy) return;
    // Main's last refusal is about the draft it was sent, not this one: a field filled in since
    // must not keep its old error beside it.
    add.clearError();
    change.clearError();
    if (Object.keys(live).length > 0) return setHeldBack({});
    const input = toRuleInput(draft);
    const outcome = current
      ? await change.run({ id: current.id, ...input })
      : await add.run({ ...input, enabled: true });
    if (!outcome.ok) return;
    setCurrent(outcome.value);
    onSaved?.(outcome.value);
    setDraft({ ...draftFromRule(outcome.value), secret: '' });
    setSaved(true);
  }

  const productOptions = [
    { value: '', label: 'Every sale' },
    ...products.map((p) => ({ value: p.code, label: `Sales of ${p.name} (${p.code})` })),
  ];
  if (draft.productCode !== '' && !products.some((p) => p.code === draft.productCode)) {
    productOptions.push({ value: draft.productCode, label: `Sales of ${draft.productCode}` });
  }
  const title = current ? `Edit rule “${current.name}”` : 'New rule';

  return (
    <section className="card" aria-labelledby="rule-editor-heading">
      <h4 id="rule-editor-heading">{title}</h4>
      <form ref={formRef} onSubmit={submit} noValidate aria-busy={busy} className="settings-form">
        <MessageNotice message={server.general} />
        <LeaveGuard
          dirty={dirty}
          unsaved={
            current
              ? `Your changes to the rule “${current.name}” are not saved.`
              : 'The new rule is not added yet.'
          }
          formRef={formRef}
        />
        <TextField label="Name" {...text('name')} autoComplete="off" autoFocus />
        <SelectField
          label="Which sales"
          name="productCode"
          value={draft.productCode}
          options={productOptions}
          onChange={(productCode) => edit({ productCode })}
          error={server.fields.productCode}
        />
        <fieldset className="field fieldset">
          <legend>Action</legend>
          <div className="choice-row">
            {(
              [
                ['email', 'Email the customer'],
                ['forward', 'Forward to a URL'],
              ] as const
            ).map(([kind, label]) => (
              <label key={kind} className="checkbox">
                <input
                  type="radio"
                  name="kind"
                  value={kind}
                  checked={draft.kind === kind}
                  disabled={current !== null && current.action.kind !== kind}
                  onChange={() => edit({ kind: kind as EditableKind })}
                />
                <span>{label}</span>
              </label>
            ))}
          </div>
        </fieldset>
        {draft.kind === 'email' ? (
          <>
            <TextField
              label="Subject"
              {...text('subject')}
              autoComplete="off"
              onFocus={() => setTarget('subject')}
            />
            <TextField
              multiline
              label="Email"
              rows={8}
              {...text('body')}
              onFocus={() => setTarget('body')}
            />
            <div className="placeholder-list" role="group" aria-labelledby={placeholderLabel}>
              <span id={placeholderLabel} className="field-hint">
                Insert a placeholder
              </span>
              {DELIVERY_PLACEHOLDERS.map((p) => (
                <button
                  key={p}
                  type="button"
                  className="button button-small button-quiet"
                  // Keeps the cursor where it was in the subject or the email.
                  onMouseDown={(e) => e.preventDefault()}
                  onClick={() => insert(p)}
                >
                  {`{${p}}`}
                </button>
              ))}
            </div>
            <TextField
              label="Download address"
              {...text('downloadUrl')}
              type="url"
              autoComplete="off"
              hint="What {downloadLink} becomes. Leave it empty if the email has no download."
            />
          </>
        ) : (
          <>
            <TextField
              label="Endpoint URL"
              {...text('url')}
              type="url"
              autoComplete="off"
              hint="Each sale is sent there as JSON (POST); an answer in the 200s means delivered."
            />
            <TextField
              label="Signing secret"
              {...text('secret')}
              type="password"
              autoComplete="new-password"
              hint={
                current?.hasSecret
                  ? 'Stored in the keychain. Leave empty to keep it.'
                  : 'At least 16 characters. Each request is signed with it, so your endpoint can tell it came from you.'
              }
            />
          </>
        )}
        <Checkbox
          label="Use licence keys (one per unit bought, from the product’s pool)"
          name="useLicenceKeys"
          checked={draft.useLicenceKeys}
          onChange={(useLicenceKeys) => edit({ useLicenceKeys })}
        />
        <div className="form-actions">
          <BusyButton type="submit" className="button button-primary" waiting={busy}>
            {busy ? 'Saving…' : current ? 'Save rule' : 'Add rule'}
          </BusyButton>
          <BusyButton className="button" onClick={onClose} waiting={busy}>
            {!dirty ? CLOSE : current ? DISCARD_CHANGES : DISCARD}
          </BusyButton>
          <p className="save-status" role="status">
            {saved ? 'Saved.' : ''}
          </p>
        </div>
      </form>
      {current && current.action.kind === 'email' ? (
        <RulePreview key={current.updatedAt} rule={current} />
      ) : null}
    </section>
  );
}
