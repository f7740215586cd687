import { useEffect, useState } from 'react';

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
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  useEffect(() => {
    if (state === 'idle') return;
    const timer = setTimeout(() => setState('idle'), 4000);
    return () => clearTimeout(timer);
  }, [state]);

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
  }, [copyFirst, initialText]);

  async function copy() {
    try {
      await navigator.clipboard.writeText(text);
      setState('copied');
    } catch {
      setState('failed');
    }
  }

  return (
    <span className="copy">
      <button
        type="button"
        className={primary ? 'button button-primary' : 'button'}
        onClick={() => void copy()}
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
