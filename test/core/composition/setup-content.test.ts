import { describe, expect, it } from 'vitest';
import type { ResolvedOptions } from '../../../app/core/composition/runtime-options';
import { setupOutbound } from '../../../app/core/composition/setup-content';
import type { WhoWeAre } from '../../../app/core/composition/setup-stores';
import { pickProxyEnv } from '../../../app/core/net/proxy';

describe('setupOutbound', () => {
  it('gives every download the policy of the current hub and the proxy variables the shell passed', () => {
    let hubUrl = 'https://hub.xyte.io';
    const opts = { allowPrivateDownloads: undefined, entryUrl: 'https://entry.xyte.io', proxyEnv: pickProxyEnv({ HTTPS_PROXY: 'http://p:1', PATH: '/bin' }) };
    const who = { identity: { current: () => ({ hubUrl }) } };
    const outbound = setupOutbound(opts as unknown as ResolvedOptions, who as unknown as WhoWeAre);
    expect(outbound()).toEqual({ allowPrivate: false, proxyEnv: { HTTPS_PROXY: 'http://p:1' } });
    hubUrl = 'http://127.0.0.1:4100'; // the local simulator: loopback media allowed, same proxy variables
    expect(outbound()).toEqual({ allowPrivate: true, proxyEnv: { HTTPS_PROXY: 'http://p:1' } });
  });
});
