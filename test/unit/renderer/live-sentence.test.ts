// The strip's one sentence promises "Receiving sales live" only when a payment made now would
// reach the desk: receiver listening, tunnel (or local/manual route) up, webhook registered.
import { describe, expect, it } from 'vitest';
import type { LiveStatus } from '../../../preload/contract';
import { liveSentence } from '../../../renderer/src/status/live-sentence';

const live: LiveStatus = {
  receiver: { state: 'listening', port: 4100, error: null },
  tunnel: { state: 'online', publicUrl: 'https://quiet-fox.loca.lt', error: null },
  webhook: { state: 'registered', id: 7, url: 'https://quiet-fox.loca.lt/hooks/x', error: null },
  lastEventAt: null,
  lastSyncAt: null,
};

const sentence = (over: Partial<LiveStatus>, online = true) =>
  liveSentence({ status: { ...live, ...over }, online, sandbox: false, lastSaleAt: null, now: 0 })
    .text;

describe('the live status sentence', () => {
  it('says sales arrive live only when the webhook is registered', () => {
    expect(sentence({})).toBe('Receiving sales live · no sales yet');
    for (const state of ['none', 'registering'] as const) {
      for (const tunnel of ['off', 'online', 'manual'] as const) {
        expect(
          sentence({
            webhook: { ...live.webhook, state },
            tunnel: { ...live.tunnel, state: tunnel },
          }),
          `${state}, tunnel ${tunnel}`,
        ).toBe('Starting: telling Quaderno where to send sales…');
      }
    }
  });

  it('names the one reason sales do not arrive', () => {
    expect(sentence({}, false)).toBe('Not receiving: Quaderno cannot be reached');
    expect(sentence({ tunnel: { ...live.tunnel, state: 'reconnecting' } })).toBe(
      'Not receiving: the tunnel is down, retrying',
    );
    // Never sent to Quaderno: the saved public URL breaks the rule (main/live/pipeline.ts).
    expect(sentence({ webhook: { state: 'error', id: null, url: null, error: 'x' } })).toBe(
      'Not receiving live: the public URL cannot be used, see Settings',
    );
    expect(sentence({ webhook: { ...live.webhook, state: 'error' } })).toBe(
      'Not receiving live: Quaderno refused the webhook, see Settings',
    );
    expect(sentence({ receiver: { ...live.receiver, state: 'stopped' } })).toBe(
      'Not receiving sales',
    );
  });
});
