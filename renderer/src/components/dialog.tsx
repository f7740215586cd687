import { useEffect, useId, useRef, type ReactNode } from 'react';
import { CLOSE } from './dismiss-words';

interface DialogProps {
  title: ReactNode;
  /** Called once the dialog has closed: by Escape, by its Close button, or by the browser. */
  onClose(): void;
  children: ReactNode;
}

/**
 * A modal `<dialog>` named by its heading, with a Close button. showModal() gives the focus
 * trap, Escape and the inert page behind for free, so no dialog re-implements them.
 */
export function Dialog({ title, onClose, children }: DialogProps) {
  const headingId = useId();
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = dialog.current;
    if (d && !d.open) d.showModal();
  }, []);
  return (
    <dialog ref={dialog} className="sale-detail" aria-labelledby={headingId} onClose={onClose}>
      <header className="sale-detail-header">
        <h2 id={headingId}>{title}</h2>
        <button
          type="button"
          className="button button-quiet"
          onClick={() => dialog.current?.close()}
        >
          {CLOSE}
        </button>
      </header>
      {children}
    </dialog>
  );
}
