// Standing problems the device reports as telemetry `status: error` + `message` until they clear
// (e.g. a refused config, docs/PROTOCOL.md#config). Raising or clearing one is a notable event: the caller's
// onChange nudges an immediate telemetry send.
export interface Issues {
  raise(key: string, message: string): void;
  clear(key: string): void;
  /** The message to report, or null when everything is fine. */
  current(): string | null;
}

export function createIssues(onChange: () => void): Issues {
  const open = new Map<string, string>();
  return {
    raise(key, message) {
      if (open.get(key) === message) return;
      open.set(key, message);
      onChange();
    },
    clear(key) {
      if (open.delete(key)) onChange();
    },
    current() {
      if (open.size === 0) return null;
      return [...open.values()].join('; ').slice(0, 2000);
    },
  };
}
