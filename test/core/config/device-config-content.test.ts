import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDeviceConfig } from '../../../app/core/config/device-config';

const image = { type: 'image', url: 'https://media.example/a.png' };

describe('content section', () => {
  it('defaults to nothing to play (the status screen stays)', () => {
    const result = parseDeviceConfig({});
    expect(result.ok && result.config.content).toEqual({ playlists: {}, schedule: [], web_allow_list: [], cache_budget_mb: 2048, status: { offline_badge: true } });
  });

  it('fills item defaults per type', () => {
    const result = parseDeviceConfig({
      content: {
        playlists: { main: { items: [image, { type: 'video', url: 'http://10.0.0.5/v.mp4', sha256: 'AB'.repeat(32) }, { type: 'web', url: 'https://example.com/menu' }] } },
        default_playlist: 'main',
      },
    });
    if (!result.ok) throw new Error(result.error);
    expect(result.config.content.playlists.main?.items).toEqual([
      { ...image, duration_sec: 10, fit: 'contain' },
      { type: 'video', url: 'http://10.0.0.5/v.mp4', sha256: 'ab'.repeat(32), fit: 'contain', muted: true },
      { type: 'web', url: 'https://example.com/menu', duration_sec: 30 },
    ]);
  });

  const playlists = { main: { items: [image] } };
  it.each([
    [{ playlists: { main: { items: [{ type: 'image', url: 'file:///etc/passwd' }] } } }, 'content.playlists.main.items.0.url: must be an http(s) URL'],
    [{ playlists: { main: { items: [{ type: 'web', url: 'javascript:alert(1)' }] } } }, 'must be an http(s) URL'],
    [{ playlists: { main: { items: [{ type: 'web', url: 'https://user:pw@example.com/' }] } } }, 'without user:password'],
    [{ playlists: { main: { items: [{ type: 'image', url: `https://a.example/${'x'.repeat(2100)}` }] } } }, 'must have at most 2048 characters'],
    [{ playlists: { main: { items: [{ type: 'gif', url: 'https://a.example/' }] } } }, 'content.playlists.main.items.0'],
    [{ playlists: { main: { items: [] } } }, 'must have at least 1 item'],
    [{ playlists: { main: { items: Array.from({ length: 101 }, () => image) } } }, 'must have at most 100 items'],
    [{ playlists: Object.fromEntries(Array.from({ length: 33 }, (_, i) => [`p${i}`, { items: [image] }])) }, 'at most 32 playlists'],
    [{ playlists: { '../etc': { items: [image] } } }, 'content.playlists'],
    [{ playlists, schedule: [{ playlist: 'nope' }] }, 'content.schedule.0.playlist: names no playlist "nope"'],
    [{ playlists, default_playlist: 'nope' }, 'content.default_playlist: names no playlist'],
    [{ playlists, schedule: [{ playlist: 'main', start: '24:00' }] }, 'content.schedule.0.start: must be a time of day'],
    [{ playlists, schedule: [{ playlist: 'main', weekdays: ['monday'] }] }, 'content.schedule.0.weekdays.0: must be one of'],
    [{ playlists, schedule: [{ playlist: 'main', from: '2026-12-05', until: '2026-12-01' }] }, 'content.schedule.0.until: must not be before'],
    [{ playlists, schedule: [{ playlist: 'main', from: '2026-13-01' }] }, 'must be a date YYYY-MM-DD'],
    [{ playlists, schedule: Array.from({ length: 65 }, () => ({ playlist: 'main' })) }, 'content.schedule: must have at most 64 items'],
    [{ cache_budget_mb: 1 }, 'content.cache_budget_mb: must be ≥ 16'],
    [{ web_allow_list: ['ftp://x.example'] }, 'content.web_allow_list.0: must be an http(s) URL'],
    [{ playlists: { main: { items: [{ type: 'image', url: 'https://a.example/', sha256: 'xyz' }] } } }, 'must be 64 hex digits'],
    [{ playlists: { main: { items: [{ type: 'image', url: 'https://a.example/', duration_sec: 0 }] } } }, 'duration_sec: must be ≥ 1'],
  ])('refuses %j naming the path', (content, message) => {
    const result = parseDeviceConfig({ content });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error).toContain(message);
  });

  it('never throws on junk and never accepts a non-http(s) item URL (property)', () => {
    const junk = fc.anything({ maxDepth: 4 });
    fc.assert(
      fc.property(junk, fc.string({ maxLength: 40 }), (anything, url) => {
        const result = parseDeviceConfig({ content: anything });
        const withUrl = parseDeviceConfig({ content: { playlists: { p: { items: [{ type: 'image', url }] } } } });
        if (withUrl.ok) expect(new URL(url).protocol).toMatch(/^https?:$/);
        return typeof result.ok === 'boolean';
      }),
      { numRuns: 300 },
    );
  });
});

describe('the README example', () => {
  it('is a valid config an operator can paste as it stands', async () => {
    const { readFile } = await import('node:fs/promises');
    const readme = await readFile(new URL('../../../README.md', import.meta.url), 'utf8');
    const section = readme.slice(readme.indexOf('## Showing content'));
    const json = /```json\n([\s\S]*?)\n```/.exec(section)?.[1];
    const result = parseDeviceConfig(JSON.parse(json ?? 'null'));
    if (!result.ok) throw new Error(result.error);
    expect(Object.keys(result.config.content.playlists)).toEqual(['breakfast', 'lobby', 'night']);
    expect(result.unknownKeys).toEqual([]);
  });
});
