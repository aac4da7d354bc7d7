// The preload carries its own copy of the channel strings (importing the contract would bundle zod
// into the sandboxed preload): every copy must equal the contract's, in both directions.
import { describe, expect, it } from 'vitest';
import { eventChannels, invokeChannels } from '../../app/ipc/contract';
import { preloadEventChannels, preloadInvokeChannels } from '../../app/electron/preload-channels';

describe('preload channel table', () => {
  it('matches every invoke channel of the contract', () => {
    expect(preloadInvokeChannels).toEqual(Object.fromEntries(Object.entries(invokeChannels).map(([name, spec]) => [name, spec.channel])));
  });

  it('matches every event channel of the contract', () => {
    expect(preloadEventChannels).toEqual(Object.fromEntries(Object.entries(eventChannels).map(([name, spec]) => [name, spec.channel])));
  });
});
