import { useEffect, useState } from 'react';

/** Text the merchant may want elsewhere, with a button that copies it and says so. */
export function CopyText({
  text,
  label,
  showText = true,
  short,
}: {
  text: string;
  label: string;
  /** False when the text is already on screen next to the button. */
  showText?: boolean;
  /** Visible button text when the row is tight; the accessible name stays `label`. */
  short?: string;
}) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  useEffect(() => {
    if (state === 'idle') return;
    const timer = setTimeout(() => setState('idle'), 2500);
    return () => clearTimeout(timer);
  }, [state]);

  async function copy() {
    try {
      await navigator.clipboard.writeText(text);
      setState('copied');
    } catch {
      setState('failed');
    }
  }

  return (
    <span className="copy-text">
      {showText ? (
        <span className="copy-value" title={text}>
          {text}
        </span>
      ) : null}
      <button
        type="button"
        className="button button-small button-quiet"
        onClick={copy}
        aria-label={`${label}: ${text}`}
      >
        {short ?? label}
      </button>
      <span className="copy-status" role="status">
        {state === 'copied' ? 'Copied' : state === 'failed' ? 'Select the text to copy it' : ''}
      </span>
    </span>
  );
}
