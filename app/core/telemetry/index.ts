export { createTelemetryCollector, type TelemetryCollector, type TelemetryCollectorOptions, type DisplayInfo, type RendererHealth } from './collect';
export { sanitizeTelemetry, clipUtf8, type DropReason } from './sanitize';
