import { describe, expect, it } from 'vitest';
import { createContentCommandHandlers, parseShowStatusMinutes } from '../../../app/core/content/commands';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseDeviceConfig } from '../../../app/core/config/device-config';
import { createMediaCache } from '../../../app/core/content/cache';
import { createContentPlayer } from '../../../app/core/content/player';
import { silentLogger } from '../../../app/core/log/logger';
import { preflightWebPage } from '../../../app/core/content/web-preflight';
import { createFakeClock, waitFor } from '../agent/fake-clock';
import { startFileServer } from '../firmware/helpers/file-server';
import type { CommandContext } from '../../../app/core/commands/handler-types';

describe('content commands', () => {
  it.each([
    [{}, 5],
    [{ minutes: 10 }, 10],
    [{ minutes: '15' }, 15],
    [{ minutes: 0 }, 0],
    [{ minutes: 1440 }, 1440],
    [{ minutes: 1441 }, null],
    [{ minutes: -1 }, null],
    [{ minutes: 'soon' }, null],
    [{ minutes: Number.NaN }, null],
    [{ minutes: { n: 1 } }, null],
  ])('show_status %j → %s minutes', (params, expected) => {
    expect(parseShowStatusMinutes(params)).toBe(expected);
  });

  it('drives the real player and refuses next_item on the status screen', async () => {
    const server = await startFileServer();
    server.route('/page', { data: Buffer.from('<h1>page</h1>') });
    const parsed = parseDeviceConfig({ content: { playlists: { main: { items: [{ type: 'web', url: server.url('/page') }] } }, default_playlist: 'main' } });
    if (!parsed.ok) throw new Error(parsed.error);
    const clock = createFakeClock({ auto: false });
    const player = createContentPlayer({
      content: () => parsed.config.content,
      claimed: () => true,
      utcOffsetMin: () => 0,
      cache: createMediaCache({ dir: join(tmpdir(), 'xk-unused-cache'), clock, budgetBytes: 1 << 24, outbound: () => ({ allowPrivate: true }) }),
      clock,
      logger: silentLogger,
      emitPlan: () => undefined,
      checkWebPage: (url, signal) => preflightWebPage({ url, allowOrigins: [], outbound: { allowPrivate: true }, signal }),
    });
    player.start();
    await waitFor(() => player.plan().screen.kind === 'content', 'the page passed its pre-flight');
    const handlers = Object.fromEntries(createContentCommandHandlers(() => player).map((h) => [h.name, h]));
    const ctx = {} as CommandContext;
    expect(await handlers.next_item!.run({}, ctx)).toEqual({ status: 'done' });
    expect(await handlers.reload_content!.run({}, ctx)).toEqual({ status: 'done' });
    expect(player.plan()).toMatchObject({ skip: 1, revision: 1 });
    expect(await handlers.show_status!.run({ minutes: 'x' }, ctx)).toMatchObject({ status: 'failed' });
    expect(await handlers.show_status!.run({ minutes: 3 }, ctx)).toEqual({ status: 'done', message: 'status screen for 3 min' });
    expect(await handlers.next_item!.run({}, ctx)).toEqual({ status: 'failed', message: 'no content is playing (show-status)' });
    await clock.advance(3 * 60_000);
    expect(player.plan().screen.kind).toBe('content');
    player.stop();
    await server.close();
  });
});
