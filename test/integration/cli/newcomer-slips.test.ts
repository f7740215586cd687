// Slips a newcomer made while following the README: each gets an answer that says what to do.
import { describe, expect, it } from 'vitest';
import { runCli } from '../../support/run-process';
import { useTempDir } from '../../support/temp-dir';

const tmp = useTempDir();
const cli = (args: string[], input = '') =>
  runCli(['--data-dir', tmp.path, ...args], {
    env: { PATH: process.env.PATH, HOME: tmp.path },
    input,
    timeoutMs: 60_000,
  });

describe('a newcomer’s slips on the command line', { timeout: 120_000 }, () => {
  it('suggests the command a misspelt one is close to', async () => {
    const run = await cli(['fulfilments']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('Unknown command "fulfilments". Did you mean fulfillments?');
    const help = await cli(['help', 'fulfilments']);
    expect(help.code).toBe(2);
    expect(help.stderr).toContain('Did you mean fulfillments?');
    const far = await cli(['frobnicate']);
    expect(far.stderr).not.toContain('Did you mean');
  });

  it('spells fulfillments one way in the help and says demo also exits 0 on Ctrl+C', async () => {
    const help = await cli(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).not.toMatch(/fulfilment/i);
    expect(help.stdout.replace(/\s+/g, ' ')).toContain(
      'demo, sandbox and listen, which run until stopped, print "Stopped." and exit 0',
    );
  });

  it('refuses a badly formed login --api-url as a usage error before asking for the key', async () => {
    const run = await cli(['login', '--api-url', 'htps://acme.quadernoapp.com/api/']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--api-url');
    expect(run.stderr).toContain('https://');
    expect(run.stderr).not.toContain('standard input');
  });

  it('says a quantity runs from 1 to 10000', async () => {
    const run = await cli(['link', 'create', '--email', 'jane@example.com', '--item', 'p:x']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('a whole number from 1 to 10000, not "x"');
  });

  it('says to set up an account, as products does, when links finds neither an account nor links', async () => {
    const links = await cli(['links']);
    expect(links.code).toBe(0);
    expect(links.stdout).toContain('No account is set up yet');
    expect(links.stdout).not.toContain('link create');
    const products = await cli(['products']);
    expect(products.stderr).toContain('No account is set up yet');
  });

  it('refuses a bank statement of links as a command-line mistake, with exit 2 and the help to read', async () => {
    const run = await cli(['export', '--format', 'qbo3', '--what', 'links']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--format qbo3 writes sales');
    expect(run.stderr).toContain('checkout-console export --help');
  });
});
