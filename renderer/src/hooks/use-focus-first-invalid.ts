import { useEffect, type RefObject } from 'react';

/**
 * After a failed submit, moves focus (and so the scroll position) to the first
 * field marked invalid, or, when the failure names no field (Quaderno
 * unreachable, a Quaderno 500), to the form's own alert: on a long form either
 * may be out of view, and a merchant who sees nothing change thinks nothing happened.
 * `form` may be any box holding an alert (an action's error shown outside a form).
 */
export function useFocusFirstInvalid(form: RefObject<HTMLElement | null>, error: unknown): void {
  useEffect(() => {
    if (!error) return;
    const target =
      form.current?.querySelector<HTMLElement>('[aria-invalid="true"]') ??
      form.current?.querySelector<HTMLElement>('[role="alert"]');
    if (!target) return;
    target.focus({ preventScroll: true });
    // Centre the whole field so its label and message are in view, not just the input.
    (target.closest('.field') ?? target).scrollIntoView({ block: 'center' });
  }, [form, error]);
}
