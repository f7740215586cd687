// A scripted stand-in for Quaderno with our real client pointed at it, for the answers the
// sandbox cannot easily give; every server a test starts here is closed after that test.
import {
  createQuadernoClient,
  type QuadernoClient,
  type QuadernoClientOptions,
} from '../../main/quaderno';
import {
  fakeClock,
  randomKey,
  startTinyServer,
  type FakeClock,
  type Reply,
  type SeenRequest,
  type TinyServer,
} from '../unit/quaderno/tiny-server';
import { useCleanups } from './cleanups';

export {
  drop,
  fakeClock,
  hang,
  json,
  randomKey,
  raw,
  routes,
  type FakeClock,
  type Reply,
  type SeenRequest,
  type TinyServer,
} from '../unit/quaderno/tiny-server';

const { closing } = useCleanups();

/** A fake Quaderno giving each request the next of `replies` (the last repeats). */
export async function startFakeQuaderno(replies: Reply[]): Promise<TinyServer> {
  return closing(await startTinyServer(replies));
}

export interface FakeQuadernoOptions extends Partial<QuadernoClientOptions> {
  /** The client waits on this clock instead of real time (its `sleep` and `now`). */
  clock?: FakeClock;
}

export interface FakeQuaderno {
  client: QuadernoClient;
  server: TinyServer;
  seen: SeenRequest[];
}

/** Our client with a fresh key against a fake Quaderno; `options` go to the client as given. */
export async function fakeQuaderno(
  replies: Reply[],
  { clock, ...options }: FakeQuadernoOptions = {},
): Promise<FakeQuaderno> {
  const server = await startFakeQuaderno(replies);
  const client = createQuadernoClient({
    apiUrl: server.apiUrl,
    apiKey: randomKey(),
    ...(clock ? { sleep: clock.sleep, now: clock.now } : {}),
    ...options,
  });
  return { client, server, seen: server.seen };
}

/** fakeQuaderno without pacing, its waits on a fresh fake clock so retries cost no real time. */
export async function fakeQuadernoOnFakeTime(
  replies: Reply[],
  extra: Partial<QuadernoClientOptions> = {},
): Promise<FakeQuaderno & { clock: FakeClock }> {
  const clock = fakeClock();
  return { clock, ...(await fakeQuaderno(replies, { clock, rateLimit: false, ...extra })) };
}
