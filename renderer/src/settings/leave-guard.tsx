import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useId,
  useMemo,
  useRef,
  useState,
  type ReactNode,
  type RefObject,
} from 'react';
import { DISCARD_CHANGES, KEEP_EDITING } from '../components/dismiss-words';

// Leaving a Settings section unmounts its form, and its edits went with it unsaid. A form with
// edits registers here; every screen change (the sidebar, Ctrl/⌘+N, and what main asks for: a
// clicked sale notification, the tray's New link…) goes through `leave`, which asks first. A
// change inside Settings (its sections, the status strip's Receiving details) is a click on a
// navigation button or a marked element, which the form's guard stops, asks about, and replays
// once the merchant discards the edits.
const LEAVING = 'nav button, [data-leaves-screen]';

interface DirtyForm {
  /** What would be lost, said in the question: "Your changes to Link defaults are not saved." */
  unsaved: string;
  formRef: RefObject<HTMLFormElement | null>;
}

interface LeaveChecks {
  /** Marks a form as holding edits until the returned function is called. */
  register(form: DirtyForm): () => void;
  /** Runs `go` now when no form holds edits, else once the merchant chose Discard changes. */
  leave(go: () => void): void;
  /** True while a leave the merchant chose to discard edits for runs. */
  discarding(): boolean;
}

const LeaveChecksContext = createContext<LeaveChecks | null>(null);

interface Asked extends DirtyForm {
  go(): void;
}

/** The registry of forms with edits, and the one "Discard changes?" question. */
export function LeaveChecksProvider({ children }: { children: ReactNode }) {
  const dirty = useRef<DirtyForm[]>([]);
  // True while a discarded leave runs: the screen change it makes must not ask again.
  const discarding = useRef(false);
  const [asked, setAsked] = useState<Asked | null>(null);

  const register = useCallback((form: DirtyForm) => {
    dirty.current = [...dirty.current, form];
    return () => {
      dirty.current = dirty.current.filter((f) => f !== form);
    };
  }, []);
  const leave = useCallback((go: () => void) => {
    const first = dirty.current[0];
    if (discarding.current || first === undefined) return go();
    // One question at a time: a second way out while it is asked waits for its answer.
    setAsked((current) => current ?? { ...first, go });
  }, []);
  const isDiscarding = useCallback(() => discarding.current, []);
  const value = useMemo(
    () => ({ register, leave, discarding: isDiscarding }),
    [register, leave, isDiscarding],
  );

  return (
    <LeaveChecksContext.Provider value={value}>
      {children}
      {asked ? (
        <DiscardChangesDialog
          unsaved={asked.unsaved}
          onDiscard={() => {
            setAsked(null);
            discarding.current = true;
            try {
              asked.go();
            } finally {
              discarding.current = false;
            }
          }}
          onKeep={() => {
            setAsked(null);
            asked.formRef.current?.querySelector<HTMLElement>('input, textarea, select')?.focus();
          }}
        />
      ) : null}
    </LeaveChecksContext.Provider>
  );
}

/** `leave(go)`: every screen change goes through it, so edits are never dropped unasked. */
export function useLeaveChecks(): LeaveChecks {
  const value = useContext(LeaveChecksContext);
  if (value === null) throw new Error('useLeaveChecks needs a LeaveChecksProvider above it.');
  return value;
}

/** Registers the form's edits while it has some, and asks before a click leaves the section. */
export function LeaveGuard(props: {
  dirty: boolean;
  /** What would be lost, said in the question: "Your changes to Link defaults are not saved." */
  unsaved: string;
  formRef: RefObject<HTMLFormElement | null>;
}) {
  const { dirty, unsaved, formRef } = props;
  const { register, leave, discarding } = useLeaveChecks();

  useEffect(
    () => (dirty ? register({ unsaved, formRef }) : undefined),
    [dirty, unsaved, formRef, register],
  );

  useEffect(() => {
    if (!dirty) return;
    function onClick(e: MouseEvent) {
      const target = e.target instanceof Element ? e.target.closest(LEAVING) : null;
      if (discarding() || !(target instanceof HTMLElement)) return;
      if (target.getAttribute('aria-current') === 'page') return;
      e.preventDefault();
      e.stopPropagation();
      // The same click again once the edits are discarded; every guard lets that one through.
      leave(() => target.click());
    }
    document.addEventListener('click', onClick, true);
    return () => document.removeEventListener('click', onClick, true);
  }, [dirty, leave, discarding]);

  return null;
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
