import { useEffect, useId, useRef, useState, type RefObject } from 'react';
import { DISCARD_CHANGES, KEEP_EDITING } from '../components/dismiss-words';

// Leaving a Settings section unmounts its form, and its edits went with it unsaid. Everything
// that leaves is a navigation button (the sidebar, the Settings sections, marked others such as
// the status strip's Receiving details) or Ctrl/⌘+N, so the guard stops those while the form has
// edits, asks, and replays the same click or key once the merchant discards them.
const LEAVING = 'nav button, [data-leaves-screen]';

const isNewLinkKey = (e: KeyboardEvent) =>
  (e.ctrlKey || e.metaKey) && !e.altKey && !e.shiftKey && e.key.toLowerCase() === 'n';

export function LeaveGuard(props: {
  dirty: boolean;
  /** What would be lost, said in the question: "Your changes to Link defaults are not saved." */
  unsaved: string;
  formRef: RefObject<HTMLFormElement | null>;
}) {
  const { dirty, formRef } = props;
  const [leave, setLeave] = useState<(() => void) | null>(null);
  const replaying = useRef(false);

  useEffect(() => {
    if (!dirty) return;
    function onClick(e: MouseEvent) {
      const target = e.target instanceof Element ? e.target.closest(LEAVING) : null;
      if (replaying.current || !(target instanceof HTMLElement)) return;
      if (target.getAttribute('aria-current') === 'page') return;
      e.preventDefault();
      e.stopPropagation();
      setLeave(() => () => target.click());
    }
    function onKey(e: KeyboardEvent) {
      if (replaying.current || !isNewLinkKey(e)) return;
      e.preventDefault();
      e.stopImmediatePropagation();
      const init = { key: e.key, ctrlKey: e.ctrlKey, metaKey: e.metaKey, bubbles: true };
      setLeave(() => () => window.dispatchEvent(new KeyboardEvent('keydown', init)));
    }
    document.addEventListener('click', onClick, true);
    window.addEventListener('keydown', onKey, true);
    return () => {
      document.removeEventListener('click', onClick, true);
      window.removeEventListener('keydown', onKey, true);
    };
  }, [dirty]);

  if (!leave) return null;
  return (
    <DiscardChangesDialog
      unsaved={props.unsaved}
      onDiscard={() => {
        setLeave(null);
        replaying.current = true;
        try {
          leave();
        } finally {
          replaying.current = false;
        }
      }}
      onKeep={() => {
        setLeave(null);
        formRef.current?.querySelector<HTMLElement>('input, textarea, select')?.focus();
      }}
    />
  );
}

/** "Discard changes?" as a modal alert: Keep editing has the focus, and so does Escape. */
function DiscardChangesDialog(props: { unsaved: string; onDiscard(): void; onKeep(): void }) {
  const ref = useRef<HTMLDialogElement>(null);
  const headingId = useId();
  const textId = useId();
  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal();
  }, []);
  return (
    <dialog
      ref={ref}
      role="alertdialog"
      className="discard-dialog"
      aria-labelledby={headingId}
      aria-describedby={textId}
      onCancel={(e) => {
        e.preventDefault();
        props.onKeep();
      }}
    >
      <h2 id={headingId}>Discard changes?</h2>
      <p id={textId}>{props.unsaved}</p>
      <div className="form-actions">
        <button type="button" className="button button-danger" onClick={props.onDiscard}>
          {DISCARD_CHANGES}
        </button>
        <button type="button" className="button" onClick={props.onKeep} autoFocus>
          {KEEP_EDITING}
        </button>
      </div>
    </dialog>
  );
}
