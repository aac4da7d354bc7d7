// Public face of the Device API client: the rest of the app imports from here only (lint-enforced:
// eslint.config.js, hubFace); tests may reach a part directly.
export * from './types';
export { createEntryClient, MAX_BULK_REGISTER } from './client-entry';
export { createHubClient, MAX_TELEMETRY_BATCH } from './client-hub';
export { maskSecrets } from '../redact';
export { describeHubError, isHubError, parseRetryAfterMs, rateLimitWaitMs, MAX_RETRY_AFTER_MS, MIN_RATE_LIMIT_WAIT_MS } from './errors';
export { DEFAULT_TIMEOUT_MS, MAX_RESPONSE_BYTES } from './http';
export { isNothingPending } from './parse';
export * as hubSchemas from './schemas';
