// The `qrcode` package (and the ~25 ms it takes to pick a mask) stays out of the first status
// paint: it is a separate chunk, fetched once, while the rest of the screen is already painted.
type QrModule = typeof import('./qr-path');

let loading: Promise<QrModule> | null = null;

/** The QR module, fetched on first use; a failed fetch is retried on the next call. */
export function loadQrModule(): Promise<QrModule> {
  loading ??= import('./qr-path').catch((error: unknown) => {
    loading = null;
    throw error;
  });
  return loading;
}
