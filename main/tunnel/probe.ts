// Is the public URL still reaching us? A fresh connection per probe (no pooled keep-alive), so a
// probe never parks on one of the tunnel's few pipes.
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';

/**
 * The status of a HEAD to `url`, or why there is none. `timeoutMs` bounds the whole probe, not
 * just a silence: a server dribbling header bytes must not keep it (and a closing tunnel) waiting.
 */
export function probeStatus(
  url: string,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<number | Error> {
  return new Promise((resolve) => {
    let target: URL;
    try {
      target = new URL(url);
    } catch (e) {
      resolve(e instanceof Error ? e : new Error(String(e)));
      return;
    }
    if (signal?.aborted) {
      resolve(new Error('closed'));
      return;
    }
    const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
    const req = send(target, { method: 'HEAD', agent: false }, (res) => {
      res.resume();
      finish(res.statusCode ?? 0);
    });
    const giveUp = () => req.destroy(new Error(`no answer within ${timeoutMs} ms`));
    const deadline = setTimeout(giveUp, timeoutMs);
    const aborted = () => req.destroy(new Error('closed'));
    signal?.addEventListener('abort', aborted, { once: true });
    function finish(outcome: number | Error) {
      clearTimeout(deadline);
      signal?.removeEventListener('abort', aborted);
      resolve(outcome);
    }
    req.on('error', finish);
    req.end();
  });
}

/** With a probe path the receiver answers HEAD 200; without one, any non-5xx answer counts. */
export function isAlive(status: number | Error, strict: boolean): boolean {
  if (status instanceof Error) return false;
  return strict ? status === 200 : status > 0 && status < 500;
}

export function describeProbe(status: number | Error): string {
  return status instanceof Error ? status.message : `answered ${status}`;
}
