// Turns a URL into one SVG path of dark modules, computed locally by the `qrcode` package (no
// network, no canvas, no innerHTML). Runs of dark modules in a row become one rectangle, which
// keeps the path short and the edges crisp at any size.
import { create } from 'qrcode';

export interface QrPath {
  /** Modules per side, without the quiet zone. */
  size: number;
  d: string;
}

export function buildQrPath(text: string): QrPath {
  const { modules } = create(text, { errorCorrectionLevel: 'M' });
  const size = modules.size;
  const parts: string[] = [];
  for (let row = 0; row < size; row += 1) {
    let col = 0;
    while (col < size) {
      if (!modules.get(row, col)) {
        col += 1;
        continue;
      }
      const start = col;
      while (col < size && modules.get(row, col)) col += 1;
      parts.push(`M${start} ${row}h${col - start}v1h${start - col}z`);
    }
  }
  return { size, d: parts.join('') };
}
