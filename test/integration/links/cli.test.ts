// `checkout-console link create | links | link cancel` as real processes against a sandbox in
// this process, with the account from the environment variables.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../../main/sandbox';
import { runCli, type Finished } from '../../support/run-process';
import { useTempDir } from '../../support/temp-dir';
import { currencyOf, suiteProfile } from '../../support/sandbox-profiles';
import { SESSIONS } from './helpers';

const tmp = useTempDir();
let sandbox: Sandbox;
let products: Array<{ code: string; currency: string; unit_cost: string }>;

beforeEach(async () => {
  sandbox = await startSandbox({ profile: suiteProfile() });
  const res = await fetch(`${sandbox.apiUrl}items.json`, {
    headers: { Authorization: `Basic ${Buffer.from(`${sandbox.apiKey}:x`).toString('base64')}` },
  });
  products = (await res.json()) as typeof products;
});
afterEach(async () => {
  await sandbox.close();
});

function cli(args: string[]): Promise<Finished> {
  const env = {
    PATH: process.env.PATH,
    HOME: tmp.path,
    CHECKOUT_CONSOLE_API_URL: sandbox.apiUrl,
    CHECKOUT_CONSOLE_API_KEY: sandbox.apiKey,
  };
  return runCli(['--data-dir', tmp.path, ...args], { env });
}

const code = (currency: string) => {
  const p = products.find((x) => currencyOf(x) === currency);
  if (!p) throw new Error(`no ${currency} product`);
  return p.code;
};

/** `link create` for jane@example.com with one `--item`, then `more` flags. */
const createForJane = (item: string, ...more: string[]) => [
  'link',
  'create',
  '--email',
  'jane@example.com',
  '--item',
  item,
  ...more,
];

// Up to 6 CLI processes one after another per test, each seconds long on a loaded machine: the
// bound test/integration/cli gives its many-process files, for a hang, not a speed.
describe('checkout-console link', { timeout: 120_000 }, () => {
  it('prints a permalink, then reuses it for the same customer and items', async () => {
    const args = createForJane(`${code('EUR')}:2`);
    const first = await cli(args);
    expect(first.stderr).toMatch(/Created link \d+ for jane@example.com/);
    expect(first.code).toBe(0);
    expect(first.stdout.trim()).toMatch(
      /^http:\/\/127\.0\.0\.1:\d+\/checkout\/session\/[0-9a-f]{40}$/,
    );
    const second = await cli([...args, '--json']);
    expect(second.code).toBe(0);
    const json = JSON.parse(second.stdout) as Record<string, unknown>;
    expect(json).toMatchObject({ permalink: first.stdout.trim(), status: 'pending', reused: true });
    expect(typeof json.id).toBe('number');
    const fresh = JSON.parse((await cli([...args, '--json', '--new'])).stdout) as { id: number };
    expect(fresh.id).not.toBe(json.id);
  });

  it('makes one session for two CLI calls at the same time', async () => {
    const args = createForJane(code('JPY'), '--json');
    const [a, b] = await Promise.all([cli(args), cli(args)]);
    expect(a.code, a.stderr).toBe(0);
    expect(b.code, b.stderr).toBe(0);
    const ids = [a, b].map((r) => (JSON.parse(r.stdout) as { id: number }).id);
    expect(ids[0]).toBe(ids[1]);
    const posts = sandbox.requestLog().filter((r) => r.method === 'POST' && SESSIONS.test(r.path));
    expect(posts).toHaveLength(1);
  });

  it('lists links with status and total, and cancels one by id', async () => {
    const made = await cli(createForJane(code('JPY'), '--first-name', 'Jane', '--json'));
    const { id } = JSON.parse(made.stdout) as { id: number };
    const listed = await cli(['links']);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(new RegExp(`^${id}\\s+pending\\s+jane@example.com.*¥`, 'm'));
    const cancelled = await cli(['link', 'cancel', String(id)]);
    expect(cancelled.code).toBe(0);
    expect(cancelled.stdout).toMatch(`Cancelled link ${id}`);
    const json = JSON.parse(
      (await cli(['links', '--status', 'deleted', '--json'])).stdout,
    ) as Array<{ id: number }>;
    expect(json.map((l) => l.id)).toEqual([id]);
    const again = await cli(['link', 'cancel', String(id)]);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/cancelled \(deleted\), so it can no longer be cancelled/);
  });

  it('refuses a bad email, URL, name or quantity as a command-line mistake naming the flag', async () => {
    const item = code('EUR');
    const cases: Array<[string[], RegExp]> = [
      [['--email', 'notanemail'], /--email "notanemail" is not an email address/],
      [['--email', 'jane@'], /--email "jane@" is not an email address/],
      [
        ['--email', 'jane@example.com', '--success-url', 'notaurl'],
        /--success-url "notaurl" is not a web address/,
      ],
      [
        ['--email', 'jane@example.com', '--cancel-url', 'ftp://x.example'],
        /--cancel-url "ftp:\/\/x\.example" is not a web address/,
      ],
      [
        ['--email', 'jane@example.com', '--first-name', 'a'.repeat(300)],
        /--first-name is 300 characters long; at most 100 are accepted/,
      ],
      [
        ['--email', `${'a'.repeat(250)}@example.com`],
        /--email is 262 characters long; at most 254 are accepted/,
      ],
      [
        ['--email', 'jane@example.com', '--success-url', `https://x.example/${'a'.repeat(3000)}`],
        /--success-url is 3018 characters long; at most 2048 are accepted/,
      ],
    ];
    for (const [flags, message] of cases) {
      const run = await cli(['link', 'create', ...flags, '--item', item]);
      expect(run.code, flags.join(' ')).toBe(2);
      expect(run.stderr).toMatch(message);
      expect(run.stderr).toContain('checkout-console link create --help');
      expect(run.stderr).not.toMatch(/Enter a valid|Use an http|Too big/);
    }
    const quantity = await cli(createForJane('prod_nope:x'));
    expect(quantity.code).toBe(2);
    expect(quantity.stderr).toMatch(/--item prod_nope:x: the quantity must be a whole number/);
  });

  it('explains an unknown product and a missing email', async () => {
    const unknown = await cli(createForJane('prod_nope'));
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/no product "prod_nope"/);
    const usage = await cli(['link', 'create', '--item', code('EUR')]);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/--email/);
  });
});
