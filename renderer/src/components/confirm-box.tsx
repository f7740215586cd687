import type { ReactNode } from 'react';
import { KEEP_IT } from './dismiss-words';

interface ConfirmBoxProps {
  /** The question, as the group's accessible name. */
  label: string;
  /** What going on would do. */
  children: ReactNode;
  confirmText: string;
  /** Shown on the confirm button while `working`. */
  workingText: string;
  working: boolean;
  /** Both buttons wait while this (or another action on the same thing) runs. */
  disabled: boolean;
  onConfirm(): void;
  onKeep(): void;
}

/**
 * The second step of a destructive action: says what it would do, and offers it next to
 * "Keep it", which has the focus so a stray Enter keeps things as they are.
 */
export function ConfirmBox(props: ConfirmBoxProps) {
  return (
    <div className="confirm" role="group" aria-label={props.label}>
      <p>{props.children}</p>
      <div className="form-actions">
        <button
          type="button"
          className="button button-danger"
          disabled={props.disabled}
          onClick={props.onConfirm}
        >
          {props.working ? props.workingText : props.confirmText}
        </button>
        <button
          type="button"
          className="button"
          disabled={props.disabled}
          onClick={props.onKeep}
          autoFocus
        >
          {KEEP_IT}
        </button>
      </div>
    </div>
  );
}
