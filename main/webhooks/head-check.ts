import { ConsoleError } from '../errors';

const HEAD_TIMEOUT_MS = 10_000;

/**
 * Quaderno HEADs a webhook URL before accepting it and refuses anything but 200
 * (docs/quaderno-api.md, Webhooks); checking first turns its 422 into a message that says why.
 */
export async function assertAnswersHead(
  url: string,
  fetchImpl: typeof fetch = fetch,
): Promise<void> {
  let status: number;
  try {
    const res = await fetchImpl(url, {
      method: 'HEAD',
      redirect: 'manual',
      signal: AbortSignal.timeout(HEAD_TIMEOUT_MS),
    });
    status = res.status;
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    throw new ConsoleError(
      'offline',
      `The webhook address ${url} cannot be reached (${why}). Check that the receiver is listening and the tunnel or public URL is up, then try again.`,
      { cause: e },
    );
  }
  if (status !== 200) {
    throw new ConsoleError(
      'bad_response',
      `The webhook address ${url} answered ${status} instead of 200, so Quaderno would refuse it. Check that the public URL forwards to this console's receiver.`,
      { status },
    );
  }
}
