import { useEffect, useState } from 'react';
import { loadQrModule } from '../format/qr-loader';
import type { QrPath } from '../format/qr-path';

/** Quiet zone in modules (the QR spec asks for 4; scanners cope with less on a white card). */
const QUIET = 2;

/**
 * The QR for `text`, or null until it is built. Built after the commit that first shows it (in an
 * effect), so the status screen paints first and the QR follows a frame or a chunk fetch later.
 */
function useQrPath(text: string): QrPath | null {
  const [built, setBuilt] = useState<{ text: string; qr: QrPath } | null>(null);
  const current = built?.text === text ? built.qr : null;
  useEffect(() => {
    if (current) return;
    let live = true;
    loadQrModule().then(
      (qr) => live && setBuilt({ text, qr: qr.buildQrPath(text) }),
      () => undefined, // the placeholder stays; the next mount or claim URL tries again
    );
    return () => {
      live = false;
    };
  }, [text, current]);
  return current;
}

export function QrCode({ text, label }: { text: string; label: string }) {
  const qr = useQrPath(text);
  if (!qr) {
    // The white card the QR will be drawn on, same box, so nothing moves when it arrives.
    return (
      <svg className="qr" viewBox="0 0 1 1" role="img" aria-label={label} aria-busy="true" data-testid="claim-qr-pending">
        <rect width="1" height="1" fill="#ffffff" />
      </svg>
    );
  }
  const side = qr.size + QUIET * 2;
  return (
    <svg className="qr" viewBox={`${-QUIET} ${-QUIET} ${side} ${side}`} role="img" aria-label={label} shapeRendering="crispEdges" data-testid="claim-qr">
      <rect x={-QUIET} y={-QUIET} width={side} height={side} fill="#ffffff" />
      <path d={qr.d} fill="#000000" />
    </svg>
  );
}
