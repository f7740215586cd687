import { useCopy } from '../hooks/use-copy';

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
  const { state, copy } = useCopy(2500);
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
        onClick={() => void copy(text)}
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
