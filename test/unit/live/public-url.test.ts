// The merchant's own public URL is the base of Quaderno's webhook (docs/quaderno-api.md › HTTPS
// only): an http one with a real Quaderno is warned about, and one carrying credentials, a
// query or a fragment cannot be a base at all, so Settings and `listen` refuse it.
import { describe, expect, it } from 'vitest';
import { settingsUpdateInput } from '../../../preload/contract';
import { listenOverride } from '../../../main/commands/live';
import { plainHttpWarning } from '../../../main/live';
import { UsageError } from '../../../main/commands/output';
import {
  publicUrlRuleProblem,
  unusablePublicUrlMessage,
  type PublicRoute,
} from '../../../main/live/public-url';

const REAL_API = 'https://acme.quadernoapp.com/api/';
const SANDBOX_API = 'http://127.0.0.1:4010/api/';
const manual = (baseUrl: string): PublicRoute => ({ mode: 'manual', baseUrl });

describe('plainHttpWarning', () => {
  it('tells the merchant Quaderno only delivers to https, and what to use instead', () => {
    const warning = plainHttpWarning(REAL_API, manual('http://hooks.example.com'));
    expect(warning).toContain('Quaderno only delivers to https:// addresses');
    expect(warning).toContain('the http:// public URL');
    expect(warning).toContain('Use an https URL');
  });

  it('says nothing for an https public URL', () => {
    expect(plainHttpWarning(REAL_API, manual('https://hooks.example.com'))).toBeNull();
  });

  it('says nothing when Quaderno is on this machine (the sandbox delivers to http://127.0.0.1)', () => {
    expect(plainHttpWarning(SANDBOX_API, manual('http://127.0.0.1:8700'))).toBeNull();
  });

  it('says nothing for the tunnel, whose URL is checked to be https on its own', () => {
    const tunnel: PublicRoute = { mode: 'tunnel', subdomain: null, host: null };
    expect(plainHttpWarning(REAL_API, tunnel)).toBeNull();
  });
});

const NOT_A_BASE = [
  'https://user:secret@hooks.example.com',
  'https://user@hooks.example.com',
  'https://hooks.example.com/?token=1',
  'https://hooks.example.com/?',
  'https://hooks.example.com/#top',
  'https://hooks.example.com#',
];

describe('a public URL that cannot be a webhook base', () => {
  it.each(NOT_A_BASE)('is refused by Settings: %s', (publicUrl) => {
    const checked = settingsUpdateInput.safeParse({ publicUrl });
    expect(checked.success).toBe(false);
    expect(checked.error?.issues[0]?.message).toMatch(
      /no user name, password, \?query or #fragment/,
    );
  });

  it.each(NOT_A_BASE)('is refused by listen --public-url: %s', (url) => {
    expect(() => listenOverride({ 'public-url': url })).toThrow(UsageError);
    expect(() => listenOverride({ 'public-url': url })).toThrow(/^--public-url: .*#fragment/);
  });

  it.each(NOT_A_BASE)(
    'is refused where the pipeline uses a saved one, by the same rule: %s',
    (url) => {
      const problem = publicUrlRuleProblem(url);
      expect(problem).toBe(
        settingsUpdateInput.safeParse({ publicUrl: url }).error?.issues[0]?.message,
      );
      expect(unusablePublicUrlMessage(problem ?? '')).not.toContain(url);
    },
  );

  it('lets a plain address through where the pipeline uses a saved one', () => {
    expect(publicUrlRuleProblem('https://hooks.example.com')).toBeNull();
  });

  it('never echoes what was typed: it may hold a password', () => {
    expect(() => listenOverride({ 'public-url': 'https://me:hunter2@hooks.example.com' })).toThrow(
      /^(?!.*hunter2)/,
    );
  });

  it.each(['', 'https://hooks.example.com', 'http://127.0.0.1:8700/shop/'])(
    'lets a plain address (or none) through Settings: %j',
    (publicUrl) => {
      expect(settingsUpdateInput.safeParse({ publicUrl }).success).toBe(true);
    },
  );

  it('lets a plain address with a path through listen', () => {
    expect(listenOverride({ 'public-url': 'https://hooks.example.com/shop' })).toEqual({
      publicUrl: 'https://hooks.example.com/shop',
    });
  });
});
