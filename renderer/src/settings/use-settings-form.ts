import { useRef, useState, type FormEvent } from 'react';
import type { MethodInput, Settings } from '../../../preload/contract';
import { formErrors, type FormErrors } from '../errors';
import { useFocusFirstInvalid } from '../hooks/use-focus-first-invalid';
import { useInvoke } from '../hooks/use-invoke';
import { useQuery } from '../hooks/use-query';

type Patch = MethodInput<'settings.update'>;

/**
 * A settings form's state: the stored values until the merchant edits something, the edited
 * draft after, saving through settings.update (focusing the first field it refuses), and
 * whether the last save went through.
 */
export function useSettingsForm<D, F extends string>(options: {
  fields: readonly F[];
  fromSettings(settings: Settings): D;
  /** The patch to save, or a field the draft cannot be saved with (checked here first). */
  toPatch(draft: D): Patch | { error: F };
}) {
  const settings = useQuery('settings.get', {});
  const [draft, setDraft] = useState<D | null>(null);
  const [saved, setSaved] = useState(false);
  const update = useInvoke('settings.update');
  const errors: FormErrors<F> = update.error
    ? formErrors(update.error, options.fields)
    : { fields: {}, general: null };
  const formRef = useRef<HTMLFormElement>(null);
  useFocusFirstInvalid(formRef, update.error);
  // A save held back by a mistake the form shows itself: a new object each time, so each such
  // press moves the focus to the field marked, as main's refusal does.
  const [heldBack, setHeldBack] = useState<object | null>(null);
  useFocusFirstInvalid(formRef, heldBack);

  const stored = settings.data ? options.fromSettings(settings.data) : null;
  const shown = draft ?? stored;
  // Edits that differ from what is stored; leaving the section asks before they go.
  const dirty = draft !== null && JSON.stringify(draft) !== JSON.stringify(stored);

  function edit(patch: Partial<D>) {
    if (!shown) return;
    setSaved(false);
    setDraft({ ...shown, ...patch });
  }

  /** Focuses the first field the form marks as wrong (a save it will not send). */
  function showMistake() {
    setHeldBack({});
  }

  async function save(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!shown || update.busy) return;
    const patch = options.toPatch(shown);
    if ('error' in patch) return showMistake();
    const outcome = await update.run(patch);
    if (outcome.ok) {
      // What is stored now: notices that compare with it (placeholder pages, an old email text) update.
      settings.set(outcome.value);
      setDraft(options.fromSettings(outcome.value));
      setSaved(true);
    }
  }

  return { settings, shown, dirty, edit, save, showMistake, saved, update, errors, formRef };
}
