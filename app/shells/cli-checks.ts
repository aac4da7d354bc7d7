// What both Node shells (headless runner, browser shell) check and read the same way.
import { readFileSync } from 'node:fs';

/** Returns `value` when it is an http(s) URL; otherwise throws the message the user sees. */
export function checkEntryUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`--entry-url is not a valid URL: "${value}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`--entry-url must be http(s), got ${url.protocol}`);
  return value;
}

/** The app version from the repository's package.json (shells run from the source tree). */
export function packageVersion(): string {
  const file = new URL('../../package.json', import.meta.url);
  return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
}
