import type { ButtonHTMLAttributes, MouseEvent, Ref } from 'react';
import './busy-button.css';

type BusyButtonProps = Omit<ButtonHTMLAttributes<HTMLButtonElement>, 'disabled'> & {
  /** True while the button's action (or another on the same thing) runs, or cannot run. */
  waiting: boolean;
  ref?: Ref<HTMLButtonElement>;
};

/**
 * A button that waits while its action runs, without `disabled`: a disabled button that has
 * the focus drops it to <body>, and the next Tab starts again at the sidebar. This one is
 * `aria-disabled` instead, so it keeps the focus and is announced as unavailable, and a press
 * while it waits does nothing: its click is cancelled, which also stops a submit button's form
 * from being sent (by a click, or by Enter in one of the form's fields).
 */
export function BusyButton({ waiting, onClick, type = 'button', ...rest }: BusyButtonProps) {
  const press = (event: MouseEvent<HTMLButtonElement>) => {
    if (waiting) {
      event.preventDefault();
      return;
    }
    onClick?.(event);
  };
  return <button {...rest} type={type} aria-disabled={waiting} onClick={press} />;
}
