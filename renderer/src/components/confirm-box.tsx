import type { KeyboardEvent, ReactNode } from 'react';
import { BusyButton } from './busy-button';
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
  /** "Keep it", or Escape anywhere in the box. */
  onKeep(): void;
}

/**
 * The second step of a destructive action: says what it would do, and offers it next to
 * "Keep it", which has the focus so a stray Enter keeps things as they are. Escape means Keep
 * it too, as it closes a dialog or a menu. While the action runs the buttons wait without
 * being disabled, so the one pressed keeps the focus.
 */
export function ConfirmBox(props: ConfirmBoxProps) {
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key !== 'Escape' || props.disabled) return;
    // This box's answer, not also a dialog's or the window's.
    event.preventDefault();
    event.stopPropagation();
    props.onKeep();
  };
  return (
    <div className="confirm" role="group" aria-label={props.label} onKeyDown={onKeyDown}>
      <p>{props.children}</p>
      <div className="form-actions">
        <BusyButton
          className="button button-danger"
          waiting={props.disabled}
          onClick={props.onConfirm}
        >
          {props.working ? props.workingText : props.confirmText}
        </BusyButton>
        <BusyButton className="button" waiting={props.disabled} onClick={props.onKeep} autoFocus>
          {KEEP_IT}
        </BusyButton>
      </div>
    </div>
  );
}
