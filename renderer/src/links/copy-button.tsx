import { useEffect, useState } from 'react';
import { useCopy } from '../hooks/use-copy';

/** Writes text to the clipboard and says so next to the button for a moment. */
export function CopyButton({
  text,
  label,
  primary = false,
  copyOnMount = false,
}: {
  text: string;
  label: string;
  primary?: boolean;
  /** Copy as soon as it appears (a new link goes straight to the clipboard). */
  copyOnMount?: boolean;
}) {
  const { state, copy, setState } = useCopy(4000);
  const [initialText] = useState(text);
  const [copyFirst] = useState(copyOnMount);
  useEffect(() => {
    if (!copyFirst) return;
    let current = true;
    // Silent on failure: the button is right there to try again.
    navigator.clipboard.writeText(initialText).then(
      () => current && setState('copied'),
      () => undefined,
    );
    return () => {
      current = false;
    };
  }, [copyFirst, initialText, setState]);

  return (
    <span className="copy">
      <button
        type="button"
        className={primary ? 'button button-primary' : 'button'}
        onClick={() => void copy(text)}
      >
        {label}
      </button>
      <span className="copy-status" role="status">
        {state === 'copied'
          ? 'Copied'
          : state === 'failed'
            ? 'Could not copy; select the text'
            : ''}
      </span>
    </span>
  );
}
