// `smtp` and `smtp set`: the mail server delivery emails go through, from the command line. The
// password goes in through stdin or a prompt and never comes back out: only whether one is stored.
import {
  smtpSecurities,
  type SmtpSecurity,
  type SmtpSettings,
} from '../../preload/contract-delivery';
import type { CheckoutConsole } from '../console';
import { ENV_SMTP_PASSWORD } from '../delivery';
import { seeHelp } from './args';
import { readSecret, type Terminal } from './delivery-input';
import { wholeNumber } from './whole-number';
import { type Io, table, UsageError, valueOf } from './output';

export interface SmtpFlags {
  host?: string;
  port?: string;
  security?: string;
  user?: string;
  from?: string;
  'no-password'?: boolean;
  json?: boolean;
}

export const PASSWORD_PROMPT =
  'Type the mail server password (it is not shown; Enter alone keeps the stored one): ';

const passwordText = (s: SmtpSettings, terminal: Terminal) =>
  !s.hasPassword
    ? 'not set'
    : terminal.smtpPasswordInEnv
      ? `from ${ENV_SMTP_PASSWORD}`
      : 'stored in the keychain';

function printSmtp(s: SmtpSettings, io: Io, terminal: Terminal): void {
  const rows = [
    ['host', s.host],
    ['port', String(s.port)],
    ['security', s.security],
    ['user', s.user || '(none)'],
    ['from', s.from],
    ['password', passwordText(s, terminal)],
  ];
  for (const line of table(rows)) io.out(line);
}

const SMTP_FLAG_OF: Record<string, string> = {
  host: '--host',
  port: '--port',
  security: '--security',
  user: '--user',
  from: '--from',
  password: 'the password (standard input)',
};

function securityFlag(text: string): SmtpSecurity {
  const found = smtpSecurities.find((s) => s === text);
  if (found === undefined) {
    throw new UsageError(`--security ${text}: use tls (port 465), starttls (587) or none.`);
  }
  return found;
}

async function setSmtp(cc: CheckoutConsole, flags: SmtpFlags, io: Io, terminal: Terminal) {
  const words = ['smtp', 'set'];
  const missing = (['host', 'port', 'security', 'from'] as const).filter(
    (f) => flags[f] === undefined,
  );
  if (missing.length > 0) {
    throw new UsageError(
      `smtp set needs ${missing.map((f) => `--${f}`).join(', ')}. ${seeHelp(words)}`,
    );
  }
  const port = wholeNumber('--port', flags.port ?? '', 1, 65535);
  const security = securityFlag(flags.security ?? '');
  // The environment's password wins over the keychain's (a server without one): none is read.
  const typed =
    flags['no-password'] || terminal.smtpPasswordInEnv
      ? ''
      : await readSecret(terminal, PASSWORD_PROMPT);
  // Nothing typed keeps the stored password; --no-password ('') removes it.
  const password = flags['no-password']
    ? { password: '' }
    : typed === ''
      ? {}
      : { password: typed };
  const answer = await cc.call('smtp.set', {
    host: flags.host ?? '',
    port,
    security,
    user: flags.user ?? '',
    from: flags.from ?? '',
    ...password,
  });
  if (!answer.ok && answer.error.code === 'invalid_input') {
    for (const [field, message] of Object.entries(answer.error.fields ?? {})) {
      const flag = SMTP_FLAG_OF[field];
      if (flag !== undefined) throw new UsageError(`${flag}: ${message} ${seeHelp(words)}`);
    }
  }
  const settings = valueOf(answer);
  if (flags.json) return io.out(JSON.stringify(settings));
  io.out(
    `Delivery emails go through ${settings.host}:${settings.port} (${settings.security}) from ${settings.from}; password: ${passwordText(settings, terminal)}.`,
  );
}

export async function runSmtp(
  cc: CheckoutConsole,
  flags: SmtpFlags,
  io: Io,
  args: string[],
  terminal: Terminal,
) {
  const [action, ...extra] = args;
  if (action !== undefined && action !== 'set') {
    throw new UsageError(
      `Use \`smtp\` to see the mail server or \`smtp set\` to set it. ${seeHelp(['smtp'])}`,
    );
  }
  if (extra.length > 0) {
    throw new UsageError(
      `Unexpected argument ${JSON.stringify(extra[0])}. ${seeHelp(['smtp', 'set'])}`,
    );
  }
  if (action === 'set') return setSmtp(cc, flags, io, terminal);
  const settings = valueOf(await cc.call('smtp.get', {}));
  if (flags.json) return io.out(JSON.stringify(settings));
  if (settings === null) {
    return io.out(
      'No mail server is set, so email rules cannot send yet. Set one with `checkout-console smtp set --host H --port P --security tls|starttls|none --user U --from EMAIL` (the password is read from standard input).',
    );
  }
  printSmtp(settings, io, terminal);
}
