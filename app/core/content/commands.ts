// The content commands from the portal: `show_status` (the status screen for N minutes, then back
// to content), `reload_content` (forget failures, re-check web pages, re-fetch cached files no
// sha256 pins, restart the playlist) and `next_item`. Parameters come from the hub: bounded before use.
import type { CommandHandler } from '../commands/handler-types';
import type { JsonObject } from '../hub';
import { MAX_SHOW_STATUS_MINUTES, type ContentPlayer } from './player';

const DEFAULT_SHOW_STATUS_MINUTES = 5;

/** `minutes` as a number or numeric string in (0, 1440]; absent = 5. Anything else is refused. */
export function parseShowStatusMinutes(params: JsonObject): number | null {
  const raw = params.minutes;
  if (raw === undefined || raw === null) return DEFAULT_SHOW_STATUS_MINUTES;
  const value = typeof raw === 'string' && /^\d+(\.\d+)?$/.test(raw.trim()) ? Number(raw) : raw;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > MAX_SHOW_STATUS_MINUTES) return null;
  return value;
}

export function createContentCommandHandlers(player: () => ContentPlayer): CommandHandler[] {
  return [
    {
      name: 'show_status',
      label: () => 'Showing the status screen…',
      async run(params) {
        const minutes = parseShowStatusMinutes(params);
        if (minutes === null) return { status: 'failed', message: `minutes must be a number from 0 to ${MAX_SHOW_STATUS_MINUTES}` };
        player().showStatus(minutes);
        return { status: 'done', message: minutes === 0 ? 'back to content' : `status screen for ${minutes} min` };
      },
    },
    {
      name: 'reload_content',
      label: () => 'Reloading content…',
      async run() {
        player().reloadContent();
        return { status: 'done' };
      },
    },
    {
      name: 'next_item',
      label: () => 'Next item…',
      async run() {
        const plan = player().plan();
        if (plan.screen.kind !== 'content') return { status: 'failed', message: `no content is playing (${plan.screen.reason})` };
        player().nextItem();
        return { status: 'done' };
      },
    },
  ];
}
