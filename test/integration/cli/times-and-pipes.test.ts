// What `fulfillments` and `links` print: times in the merchant's zone (or UTC with --utc, ISO UTC
// in --json), and a quiet end when the reader stops reading (`| head -3`).
import { spawn } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../../main/sandbox';
import { CLI, runCli } from '../../support/run-process';
import { useTempDir } from '../../support/temp-dir';
import { sessions } from '../sync/helpers';

const tmp = useTempDir();
let sandbox: Sandbox | undefined;
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});

/** A data folder with two recorded sales; runs the CLI in it with extra environment. */
async function withSales() {
  const sb = await startSandbox();
  sandbox = sb;
  await sessions(sb, 2);
  const env = (extra: NodeJS.ProcessEnv = {}) => ({
    PATH: process.env.PATH,
    HOME: tmp.path,
    CHECKOUT_CONSOLE_API_URL: sb.apiUrl,
    CHECKOUT_CONSOLE_API_KEY: sb.apiKey,
    ...extra,
  });
  const cli = (args: string[], extra: NodeJS.ProcessEnv = {}) =>
    runCli(['--data-dir', tmp.path, ...args], { env: env(extra) });
  const synced = await cli(['sync']);
  expect(synced.code, synced.stderr).toBe(0);
  return { cli, env };
}

/** "2026-11-29 23:07 +01:00" as Intl sees the instant in Madrid. */
function inMadrid(iso: string): string {
  const format = new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/Madrid',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZoneName: 'longOffset',
  });
  const part = Object.fromEntries(
    format.formatToParts(new Date(iso)).map((p) => [p.type, p.value] as const),
  );
  const offset = (part.timeZoneName ?? '').replace('GMT', '');
  return `${part.year}-${part.month}-${part.day} ${part.hour}:${part.minute} ${offset}`;
}

describe('checkout-console times', { timeout: 120_000 }, () => {
  it('prints sales in the local zone with its offset, UTC with --utc, ISO UTC in --json', async () => {
    const { cli } = await withSales();
    const json = await cli(['fulfillments', '--json'], { TZ: 'Europe/Madrid' });
    const { items } = JSON.parse(json.stdout) as { items: Array<{ receivedAt: string }> };
    const received = items[0]?.receivedAt ?? '';
    expect(received).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);

    const madrid = await cli(['fulfillments'], { TZ: 'Europe/Madrid' });
    expect(madrid.code).toBe(0);
    expect(madrid.stdout).toContain(inMadrid(received));

    const utc = await cli(['--utc', 'fulfillments'], { TZ: 'Europe/Madrid' });
    expect(utc.stdout).toContain(`${received.slice(0, 16).replace('T', ' ')} UTC`);
  });

  it('prints links’ creation time in the local zone too', async () => {
    const { cli } = await withSales();
    const json = await cli(['links', '--json']);
    const links = JSON.parse(json.stdout) as Array<{ createdAt: string }>;
    const created = links[0]?.createdAt ?? '';
    const madrid = await cli(['links'], { TZ: 'Europe/Madrid' });
    expect(madrid.code).toBe(0);
    expect(madrid.stdout).toContain(inMadrid(created));
  });
});

describe('checkout-console output into a closed pipe', { timeout: 120_000 }, () => {
  it.each(['fulfillments', 'links', 'links --help'])(
    '`%s` ends quietly with 0 when the reader is gone, like `| head -3`',
    async (command) => {
      const args = command.split(' ');
      const { env } = await withSales();
      const child = spawn(process.execPath, [CLI, '--data-dir', tmp.path, ...args], {
        env: env(),
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      // The reader goes away before the first line: every write meets EPIPE.
      child.stdout.destroy();
      let stderr = '';
      child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
      const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
      expect(stderr).toBe('');
      expect(code).toBe(0);
    },
  );
});
