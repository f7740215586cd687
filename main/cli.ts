// Headless entry: `checkout-console …`. Same services as the app, no Electron.
import { parseArgs } from 'node:util';
import packageJson from '../package.json';
import { settingProblems } from './accounts';
import { createConsole, type CheckoutConsole } from './console';
import { ConsoleError } from './errors';
import { defaultDataDir } from './paths';
import { createKeychain } from './secrets';
import {
  NO_ACCOUNT_HINT,
  runAccounts,
  runLogin,
  runLogout,
  runProducts,
} from './commands/accounts';
import { failureMessage, processIo, type Io, UsageError } from './commands/output';
import { runListen, runSync } from './commands/live';
import { type FulfillmentFlags, runFulfillment, runFulfillments } from './commands/fulfillments';
import { runSummary } from './commands/summary';
import { runExport } from './commands/export';
import { type LinkFlags, runLink, runLinks } from './commands/links';
import { runSandbox } from './commands/sandbox';
import { runDemo } from './commands/demo';
import { runDoctor } from './commands/doctor';
import { runConfig } from './commands/config';
import { runBackup, runRestore } from './commands/backup';
import { type RuleFlags, runRule, runRules } from './commands/delivery-rules';
import { type JobFlags, runJob, runJobs, runKeys } from './commands/delivery';
import { runSmtp, type SmtpFlags } from './commands/delivery-smtp';
import { processTerminal } from './commands/delivery-input';
import {
  didYouMean,
  helpTopic,
  parseCommandLine,
  refuseForeignOptions,
  seeHelp,
} from './commands/args';
import { COMMAND_HELP } from './commands/help';
import {
  endedByStop,
  SIGNAL_EXIT_CODE,
  type SignalWatch,
  Stopped,
  type StopSignal,
  unlessStopped,
  watchSignals,
  withinMs,
} from './commands/signals';

export const HELP = `Checkout Console — checkout links and live fulfillments for Quaderno Checkout.

Usage: checkout-console [--data-dir DIR] [--utc] <command> [options]
       checkout-console help <command>     (or <command> --help): that command's options
       checkout-console --version

Commands:
  demo [--port N] [--json]   See it work in one step: the built-in sandbox, the receiver, a
                             sample link to pay in a browser, and each sale live until stopped.
  sandbox [--port N] [--key K] [--state FILE] [--profile documented|observed] [--json]
                             Run the built-in Quaderno simulator until stopped; its state is
                             kept in the data folder unless --state names a file. --profile
                             observed imitates how the real Quaderno is seen to answer; the
                             choice is kept with the state.
  login --api-url URL        Add an account; the secret API key is read from stdin.
  login --sandbox            Use the sandbox that \`checkout-console sandbox\` runs (no key needed).
  logout [--api-url NAME|URL]  Remove an account (the active one by default), its keys and its
                             webhook.
  accounts [--json]          List accounts (* marks the active one).
  products [--json]          Sync and list the product catalogue.
  link create --email E --item CODE[:QTY][@PRICE] [--item …] [--first-name F] [--last-name L]
      [--company C] [--success-url U] [--cancel-url U] [--new] [--qr FILE.png [--force]] [--json]
                             Print a checkout link; reuses the customer's open one for the
                             same purchase unless --new. @PRICE overrides the unit price, in
                             the product's currency (e.g. @5.00); the link is checked to
                             charge exactly that.
  links [--status S] [--limit N] [--offset N] [--json]
                             List checkout links, newest first (100 at a time; --offset N for
                             the next ones).
  link cancel ID [--json]    Cancel a pending link (Quaderno deletes it).
  link qr ID FILE.png [--force] [--json]  Write a link's QR code as a PNG (link create --qr
                             FILE.png too); an existing FILE is kept unless --force.
  export --what fulfillments|links [--format csv|csv-excel] [--out FILE [--force]] [--json]
                             CSV of sales or links (stdout without --out); csv-excel adds the
                             byte order mark Excel needs for accents. An existing FILE is kept
                             unless --force.
  export --format xero|qbo3|qbo4 [--from DAY] [--to DAY] [--currency C] [--out FILE [--force]] [--json]
                             Sales as a bank statement for Xero or QuickBooks Online: one
                             currency per file, at most 1,000 rows a file.
  listen [--tunnel [--subdomain S] [--tunnel-host URL] | --public-url URL] [--port N] [--json]
                             Receive sales live (receiver, tunnel, webhook, sync) until stopped;
                             one line per event (one JSON object per line with --json).
  sync [--json]              Reconcile with Quaderno now: record sales no webhook reported.
  fulfillments [--since DAY] [--until DAY] [--status new|fulfilled] [--limit N] [--offset N] [--json]
                             List recorded sales, newest first (500 at a time; --offset N for
                             the next ones).
  fulfillment done ID [--note TEXT] [--json]  Mark a sale delivered (with a note for the desk).
  fulfillment undo ID [--json]  Put a delivered sale back to deliver.
  summary [--day YYYY-MM-DD] [--json]  A day's sales (yesterday by default): count and revenue
                             per currency, the top product, and what is left to deliver.
  doctor [--json]            Check the connection to Quaderno step by step and print a report
                             safe to share (no keys, emails masked); exit 1 if a step failed.
  config [--json] [set success-url|cancel-url URL]  Show the settings, or set new links' defaults.
  backup FILE [--force]      Copy the data into FILE (safe while the app or listen runs).
  restore FILE               Replace the data with a backup; the current one is kept beside it.

Automatic delivery (each sale a rule matches is delivered for you, with retries):
  rules [--json]             List the delivery rules.
  rule add --name N [--product CODE] [--keys] --email --subject S --body-file F
      [--download-url URL] | --forward URL | --command CMD [--timeout SECONDS] [--json]
                             Add a rule: email the customer, POST the sale to your URL (signed
                             with a secret read from stdin) or run a command.
  rule edit ID [options]     Change a rule (\`checkout-console rule edit --help\`).
  rule remove|enable|disable ID [--json]  Remove, turn on or off a rule.
  jobs [--status S] [--sale ID] [--limit N] [--offset N] [--json]
                             Deliveries: pending, done or needing attention (100 at a time).
  job retry|done ID [--json]  Try a delivery again now, or mark it delivered by hand.
  keys [PRODUCT] [--json]    Licence key pools: free and taken keys per product.
  keys add PRODUCT < FILE    Add licence keys to a product's pool, one per line; sales waiting
                             for its keys are tried again (by the app or listen).
  smtp [--json]              The mail server delivery emails go through.
  smtp set --host H --port P --security tls|starttls|none [--user U] --from EMAIL
      [--no-password] [--json]  Set it; the password is read from stdin (--no-password: none).

Times print in the local time zone with its offset; --utc prints them in UTC (--json output
always has ISO UTC times). Ctrl+C stops any command: demo, sandbox and listen, which run until
stopped, print "Stopped." and exit 0; others exit 130. (Run through npx, npm is interrupted too
and reports 130 itself.)
Exit codes: 0 done, 1 failed (the message says what to do), 2 a mistake in the command line.

Environment: CHECKOUT_CONSOLE_API_URL and CHECKOUT_CONSOLE_API_KEY supply an account
without the keychain (headless servers). CHECKOUT_CONSOLE_DATA_DIR sets the CLI's data folder;
CHECKOUT_CONSOLE_API_TIMEOUT_MS how long one request to Quaderno may take (default 15000).
CHECKOUT_CONSOLE_SMTP_PASSWORD and CHECKOUT_CONSOLE_FORWARD_SECRET[_<rule id>] give delivery's
secrets without the keychain.`;

// Commands followed by more words: `link create`, `config set success-url URL`, `backup FILE`.
const TAKES_WORDS = new Set([
  'link',
  'config',
  'backup',
  'restore',
  'rule',
  'job',
  'keys',
  'smtp',
  'fulfillment',
]);

const options = {
  'data-dir': { type: 'string' },
  utc: { type: 'boolean' },
  version: { type: 'boolean' },
  json: { type: 'boolean' },
  port: { type: 'string' },
  key: { type: 'string' },
  state: { type: 'string' },
  profile: { type: 'string' },
  'api-url': { type: 'string' },
  force: { type: 'boolean' },
  sandbox: { type: 'boolean' },
  email: { type: 'string' },
  item: { type: 'string', multiple: true },
  'first-name': { type: 'string' },
  'last-name': { type: 'string' },
  company: { type: 'string' },
  'success-url': { type: 'string' },
  'cancel-url': { type: 'string' },
  new: { type: 'boolean' },
  status: { type: 'string' },
  tunnel: { type: 'boolean' },
  subdomain: { type: 'string' },
  'tunnel-host': { type: 'string' },
  'public-url': { type: 'string' },
  what: { type: 'string' },
  format: { type: 'string' },
  out: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  name: { type: 'string' },
  product: { type: 'string' },
  'every-sale': { type: 'boolean' },
  subject: { type: 'string' },
  'body-file': { type: 'string' },
  'download-url': { type: 'string' },
  forward: { type: 'string' },
  command: { type: 'string' },
  timeout: { type: 'string' },
  keys: { type: 'boolean' },
  'no-keys': { type: 'boolean' },
  'new-secret': { type: 'boolean' },
  sale: { type: 'string' },
  limit: { type: 'string' },
  offset: { type: 'string' },
  host: { type: 'string' },
  security: { type: 'string' },
  user: { type: 'string' },
  from: { type: 'string' },
  to: { type: 'string' },
  currency: { type: 'string' },
  'no-password': { type: 'boolean' },
  day: { type: 'string' },
  since: { type: 'string' },
  until: { type: 'string' },
  note: { type: 'string' },
  qr: { type: 'string' },
} as const;

/**
 * `rule add --email` is a switch (the rule's action) where `link create --email E` takes the
 * customer's address: the command, read leniently with --email unknown, picks which.
 */
function optionsFor(argv: string[]) {
  const { email: _address, ...others } = options;
  const { positionals } = parseArgs({
    args: argv,
    options: others,
    allowPositionals: true,
    strict: false,
  });
  return positionals[0] === 'rule' ? { ...options, email: { type: 'boolean' } as const } : options;
}

// Closing stops the receiver and aborts pending Quaderno calls; it must not hold the exit.
const CLOSE_BOUND_MS = 3000;

export async function main(
  argv: string[],
  io: Io = processIo,
  env: NodeJS.ProcessEnv = process.env,
  signals: SignalWatch = watchSignals(),
): Promise<number> {
  try {
    return await runCommand(argv, io, env, signals.stopped);
  } finally {
    signals.dispose();
  }
}

async function runCommand(
  argv: string[],
  io: Io,
  env: NodeJS.ProcessEnv,
  stopped: Promise<StopSignal>,
): Promise<number> {
  // `sandbox` and `listen` run until a signal: for them it is the normal end, exit code 0.
  const stop = stopped.then(() => undefined);
  try {
    const parsed = parseCommandLine(argv, optionsFor(argv));
    const { positionals } = parsed;
    // From here --email is the customer's address (a string) or, for `rule`, the switch.
    const emailSwitch = parsed.values.email === true;
    const address = parsed.values.email;
    const values = { ...parsed.values, email: typeof address === 'string' ? address : undefined };
    if (values.version) {
      io.out(packageJson.version);
      return 0;
    }
    const help = helpText(positionals, values.help === true);
    if (help !== undefined) {
      io.out(help);
      return positionals.length > 0 || values.help ? 0 : 2;
    }
    const [command = '', ...rest] = positionals;
    // `link create` / `link cancel ID` are the only commands with more words.
    if (rest.length > 0 && !TAKES_WORDS.has(command))
      throw new UsageError(
        `Unexpected argument ${JSON.stringify(rest[0])} for ${command}. ${seeHelp([command])}`,
      );
    refuseForeignOptions([command, ...rest], Object.keys(parsed.values));
    const dataDir = dataDirOf(values['data-dir'], env);
    if (command === 'sandbox') {
      await runSandbox(values, io, stop, dataDir);
      return await endedByStop(0, stopped, io);
    }
    if (command === 'demo') {
      return await endedByStop(await runDemo(values, io, stopped, dataDir, env), stopped, io);
    }
    if (command === 'listen') {
      const code = await runListen(values, io, stop, { dataDir, secrets: createKeychain(), env });
      return await endedByStop(code, stopped, io);
    }
    if (command === 'backup' || command === 'restore') {
      // backup watches the signal itself: it must remove its scratch copy before the exit.
      await (command === 'backup'
        ? runBackup(values, io, dataDir, rest, stopped)
        : unlessStopped(
            Promise.resolve().then(() => runRestore(io, dataDir, rest)),
            stopped,
          ));
      return 0;
    }
    if (command === 'export') {
      return await unlessStopped(
        runExport(values, io, { dataDir, secrets: createKeychain(), env }),
        stopped,
      );
    }
    const run = {
      login: runLogin,
      logout: (cc: CheckoutConsole, flags: { 'api-url'?: string }, io: Io) =>
        runLogout(cc, flags, io, env),
      accounts: runAccounts,
      products: runProducts,
      links: runLinks,
      link: (cc: CheckoutConsole, flags: LinkFlags, io: Io) =>
        runLink(cc, flags, io, rest, dataDir),
      config: (cc: CheckoutConsole, flags: { json?: boolean }, io: Io) =>
        runConfig(cc, flags, io, rest),
      sync: runSync,
      fulfillments: runFulfillments,
      fulfillment: (cc: CheckoutConsole, flags: FulfillmentFlags, io: Io) =>
        runFulfillment(cc, flags, io, rest),
      summary: runSummary,
      doctor: runDoctor,
      rules: runRules,
      rule: (cc: CheckoutConsole, flags: Omit<RuleFlags, 'email'>, io: Io) =>
        runRule(cc, { ...flags, email: emailSwitch || undefined }, io, rest, processTerminal(env)),
      jobs: (cc: CheckoutConsole, flags: JobFlags, io: Io) =>
        runJobs(cc, flags, io, processTerminal(env)),
      job: (cc: CheckoutConsole, flags: JobFlags, io: Io) => runJob(cc, flags, io, rest),
      keys: (cc: CheckoutConsole, flags: JobFlags, io: Io) =>
        runKeys(cc, flags, io, rest, processTerminal(env)),
      smtp: (cc: CheckoutConsole, flags: SmtpFlags, io: Io) =>
        runSmtp(cc, flags, io, rest, processTerminal(env)),
    }[command];
    if (!run)
      throw new UsageError(
        `Unknown command ${JSON.stringify(command)}.${didYouMean(command)} Run \`checkout-console --help\` to see the commands.`,
      );
    const opening = createConsole({
      dataDir,
      secrets: createKeychain(),
      env,
      // Only `listen` receives webhooks; one-shot commands leave the receiver and webhook alone.
      live: { autoStart: false },
      // The CLI may write command rules (the app's page may not); only `listen` runs the outbox.
      delivery: { commands: true },
      // An unusable env setting stops a command, saying what to fix; `doctor` lists it instead.
      badSettings: command === 'doctor' ? 'tell' : 'refuse',
    });
    const cc = await unlessStopped(opening, stopped).catch((e: unknown) => {
      // Stopped while opening (a keychain prompt, a slow disk): close it once it is there.
      if (e instanceof Stopped) void opening.then((late) => late.close()).catch(() => undefined);
      throw e;
    });
    try {
      await unlessStopped(run(cc, values, io), stopped);
    } finally {
      await withinMs(cc.close(), CLOSE_BOUND_MS);
    }
    return 0;
  } catch (e) {
    if (e instanceof Stopped) {
      if (e.signal !== 'SIGPIPE') io.err('Stopped.');
      return SIGNAL_EXIT_CODE[e.signal];
    }
    if (e instanceof UsageError) {
      io.err(`checkout-console: ${e.message}`);
      return 2;
    }
    // One sentence for every command: the services' own words speak of the app's screens.
    const noAccount = e instanceof ConsoleError && e.code === 'no_account';
    // `doctor` opens despite an unusable setting to list it; with no account it lists nothing.
    const hint = [NO_ACCOUNT_HINT, ...settingProblems(env)].join(' ');
    io.err(`checkout-console: ${noAccount ? hint : failureMessage(e)}`);
    return 1;
  }
}

/** --data-dir, else the default folder; an empty one would quietly mean the current folder. */
function dataDirOf(given: string | undefined, env: NodeJS.ProcessEnv): string {
  if (given === undefined) return defaultDataDir(env);
  if (given.trim() === '') {
    throw new UsageError(
      '--data-dir needs a folder, e.g. --data-dir ~/checkout-data; leave it out to use the default one (or CHECKOUT_CONSOLE_DATA_DIR).',
    );
  }
  return given;
}

/** The overview, one command's help, or undefined when a command is to run. */
function helpText(positionals: string[], helpFlag: boolean): string | undefined {
  const [first, ...after] = positionals;
  if (first === undefined) return HELP;
  const words = first === 'help' ? after : positionals;
  if (first !== 'help' && !helpFlag) return undefined;
  if (words.length === 0) return HELP;
  const topic = helpTopic(words);
  if (topic === undefined) {
    throw new UsageError(
      `There is no command ${JSON.stringify(words.join(' '))}.${didYouMean(words[0] ?? '')} Run \`checkout-console --help\` to see the commands.`,
    );
  }
  return COMMAND_HELP[topic];
}
