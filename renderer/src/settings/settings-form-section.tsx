import type { ReactNode } from 'react';
import { BusyButton } from '../components/busy-button';
import { ErrorNotice, MessageNotice } from '../components/error-notice';
import { LeaveGuard } from './leave-guard';
import type { useSettingsForm } from './use-settings-form';

/** A settings section: heading, intro, loading, the form's fields, and its save button. */
export function SettingsFormSection<D, F extends string>({
  id,
  title,
  intro,
  form,
  saveLabel,
  savedText,
  canSave = true,
  children,
}: {
  id: string;
  title: string;
  intro: string;
  form: ReturnType<typeof useSettingsForm<D, F>>;
  saveLabel: string;
  savedText: string;
  /** False while the draft has a mistake the form shows itself: Save then focuses it. */
  canSave?: boolean;
  children(shown: D): ReactNode;
}) {
  const { settings, shown, dirty, save, showMistake, saved, update, errors, formRef } = form;
  return (
    <section aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      <p className="section-intro">{intro}</p>
      <ErrorNotice error={settings.error} />
      <LeaveGuard
        dirty={dirty}
        unsaved={`Your changes to ${title} are not saved.`}
        formRef={formRef}
      />
      {shown === null ? (
        settings.loading ? (
          <p className="muted">Loading…</p>
        ) : null
      ) : (
        <form
          ref={formRef}
          className="card settings-form"
          onSubmit={(event) => {
            if (canSave) return void save(event);
            event.preventDefault();
            showMistake();
          }}
          noValidate
          aria-busy={update.busy}
        >
          <MessageNotice message={errors.general} />
          {children(shown)}
          <div className="form-actions">
            <BusyButton type="submit" className="button button-primary" waiting={update.busy}>
              {update.busy ? 'Saving…' : saveLabel}
            </BusyButton>
            <p className="save-status" role="status">
              {saved ? savedText : ''}
            </p>
          </div>
        </form>
      )}
    </section>
  );
}
