import QRCode from 'qrcode';
import { useMemo, useState } from 'react';
import type { Link } from '../../../preload/contract';
import { QR_OPTIONS, QR_PNG_SCALE, qrFileName, qrLabel } from '../../../preload/link-qr';
import { BusyButton } from '../components/busy-button';
import { toErrorPayload } from '../errors';
import { useCopy } from '../hooks/use-copy';
import { useInvoke } from '../hooks/use-invoke';
import { customerName } from './link-format';
import './link-qr.css';

/** The dark modules as one path, one unit per module, inside the quiet zone. */
function qrPath(permalink: string): { size: number; d: string } {
  const { modules } = QRCode.create(permalink, QR_OPTIONS);
  const margin = QR_OPTIONS.margin;
  const parts: string[] = [];
  for (let row = 0; row < modules.size; row++) {
    for (let col = 0; col < modules.size; col++) {
      if (modules.get(row, col)) parts.push(`M${col + margin} ${row + margin}h1v1h-1z`);
    }
  }
  return { size: modules.size + 2 * margin, d: parts.join('') };
}

/** The same code as a PNG, drawn here from the permalink: no network, no round trip to main. */
async function qrPng(permalink: string): Promise<Blob> {
  const canvas = document.createElement('canvas');
  await QRCode.toCanvas(canvas, permalink, { ...QR_OPTIONS, scale: QR_PNG_SCALE });
  return new Promise((resolve, reject) =>
    canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('No PNG'))), 'image/png'),
  );
}

/**
 * A download: in the app Electron asks where to save it with the OS dialog (no will-download
 * handler is set), in a browser it goes where downloads go.
 */
async function savePng(link: Link): Promise<void> {
  const url = URL.createObjectURL(await qrPng(link.permalink));
  try {
    const anchor = document.createElement('a');
    anchor.href = url;
    anchor.download = qrFileName(link);
    anchor.click();
  } finally {
    // The click has started the download by now; the URL is not needed after this turn.
    setTimeout(() => URL.revokeObjectURL(url), 0);
  }
}

/** A link's QR code, to show on a screen or paste into a flyer; only for a link that can be paid. */
export function LinkQr({ link }: { link: Link }) {
  const { size, d } = useMemo(() => qrPath(link.permalink), [link.permalink]);
  const copyQr = useInvoke('links.copyQr');
  const { state, setState } = useCopy(4000);
  const [saveFailed, setSaveFailed] = useState(false);
  const copyFailure = copyQr.error ? toErrorPayload(copyQr.error).message : null;
  const label = qrLabel(customerName(link));

  return (
    <figure className="link-qr">
      <svg
        className="link-qr-code"
        role="img"
        aria-label={label}
        viewBox={`0 0 ${size} ${size}`}
        shapeRendering="crispEdges"
      >
        <rect width={size} height={size} fill="#fff" />
        <path d={d} fill="#000" />
      </svg>
      <figcaption className="link-qr-actions">
        <BusyButton
          className="button"
          waiting={copyQr.busy}
          onClick={() =>
            void copyQr.run({ id: link.id }).then((o) => setState(o.ok ? 'copied' : 'failed'))
          }
        >
          Copy as image
        </BusyButton>
        <button
          type="button"
          className="button"
          onClick={() => {
            setSaveFailed(false);
            savePng(link).catch(() => setSaveFailed(true));
          }}
        >
          Save as PNG
        </button>
        <span className="copy-status" role="status">
          {state === 'copied'
            ? 'Image copied'
            : state === 'failed'
              ? (copyFailure ?? 'Could not copy the image; use Save as PNG.')
              : saveFailed
                ? 'Could not make the PNG; try again.'
                : ''}
        </span>
      </figcaption>
    </figure>
  );
}
