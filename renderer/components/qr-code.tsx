import { useMemo } from 'react';
import { buildQrPath } from '../format/qr-path';

/** Quiet zone in modules (the QR spec asks for 4; scanners cope with less on a white card). */
const QUIET = 2;

export function QrCode({ text, label }: { text: string; label: string }) {
  const qr = useMemo(() => buildQrPath(text), [text]);
  const side = qr.size + QUIET * 2;
  return (
    <svg className="qr" viewBox={`${-QUIET} ${-QUIET} ${side} ${side}`} role="img" aria-label={label} shapeRendering="crispEdges" data-testid="claim-qr">
      <rect x={-QUIET} y={-QUIET} width={side} height={side} fill="#ffffff" />
      <path d={qr.d} fill="#000000" />
    </svg>
  );
}
