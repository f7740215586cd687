// Webhook signatures as an outsider computes them: the openssl command line, not our code.
import { execFileSync } from 'node:child_process';

/** HMAC of `message` under `key` (sha1 unless `algo` says otherwise), as base64 or hex. */
export function opensslHmac(
  key: string,
  message: string,
  out: 'base64' | 'hex' = 'base64',
  algo = 'sha1',
): string {
  const script =
    out === 'hex'
      ? `openssl dgst -${algo} -hmac "$KEY" -hex | sed 's/^.*= //'`
      : `openssl dgst -${algo} -hmac "$KEY" -binary | base64`;
  return execFileSync('sh', ['-c', script], { input: message, env: { ...process.env, KEY: key } })
    .toString()
    .trim();
}
