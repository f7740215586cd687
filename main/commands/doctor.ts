// `checkout-console doctor`: the connection check, for a terminal or a script.

import type { CheckoutConsole } from '../console';
import { ConsoleError } from '../errors';
import type { Io } from './output';
import { valueOf } from './output';

export async function runDoctor(
  cc: CheckoutConsole,
  flags: { json?: boolean },
  io: Io,
): Promise<void> {
  const report = valueOf(await cc.call('accounts.checkConnection', {}));
  if (flags.json) {
    const { text: _text, ...rest } = report;
    io.out(JSON.stringify(rest));
  } else {
    io.out(report.text);
  }
  const failed = report.checks.filter((c) => c.status === 'fail').map((c) => c.name);
  // Scripts read the exit code: 1 as soon as any step failed, the report is printed either way.
  if (failed.length > 0) {
    throw new ConsoleError(
      'server_error',
      `The connection check failed at: ${failed.join(', ')}. Share the report above with support if it persists.`,
    );
  }
}
