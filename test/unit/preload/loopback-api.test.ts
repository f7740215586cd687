// One rule for "this account's Quaderno runs on this machine" (preload/loopback-api.ts): main
// reaches such a Quaderno's receiver directly, without the saved public URL, and Settings says
// under the field that it is not used. Both sides follow the rule for the same addresses.
import { describe, expect, it } from 'vitest';
import { choosePublicRoute } from '../../../main/live';
import { isLoopbackApi } from '../../../preload/loopback-api';
import { publicUrlHint } from '../../../renderer/src/settings/public-url-hint';

const ON_THIS_MACHINE = [
  'http://127.0.0.1:4010/api/',
  'http://localhost:4010/api/',
  'http://LOCALHOST/api/',
  'http://[::1]:4010/api/',
  'https://127.0.0.1/api/',
];

const ELSEWHERE = [
  'https://acme.quadernoapp.com/api/',
  'http://127.0.0.2:4010/api/',
  'http://localhost.example.com/api/',
  'http://192.168.1.10:4010/api/',
  'not a url',
  '',
];

const saved = { publicUrl: 'https://hooks.example.com', tunnelSubdomain: '', tunnelHost: '' };
const NOT_USED = 'Not used with the sandbox';

describe('isLoopbackApi', () => {
  it.each(ON_THIS_MACHINE)('holds for %s', (apiUrl) => {
    expect(isLoopbackApi(apiUrl)).toBe(true);
  });

  it.each(ELSEWHERE)('does not hold for %j', (apiUrl) => {
    expect(isLoopbackApi(apiUrl)).toBe(false);
  });
});

describe('main and the page agree on it', () => {
  it.each([...ON_THIS_MACHINE, ...ELSEWHERE])('for %j', (apiUrl) => {
    const local = isLoopbackApi(apiUrl);
    expect(choosePublicRoute(apiUrl, saved).mode === 'local').toBe(local);
    expect(publicUrlHint('https://hooks.example.com', apiUrl).startsWith(NOT_USED)).toBe(local);
  });
});
