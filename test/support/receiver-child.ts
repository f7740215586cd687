// A receiver in its own process, for crash tests and the ingest bench:
// `node --import tsx receiver-child.ts <db> <token> <authKey> [offThreadFrom]` (the last: batches
// of that many deliveries or more go to the store's insert worker, which is off by default).
// Prints one JSON line {"port", "url", "accountId"} once it listens; runs until killed, and on
// SIGTERM/SIGINT a last line {"loopDelayMaxMs", "loopDelayP99Ms"}: how long its event loop was
// held at most (the longest a delivery could not be read or answered), for the ingest bench.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { startReceiver } from '../../main/receiver';
import { openStore } from '../../main/store';

const [file, token, authKey, offThreadArg] = process.argv.slice(2);
const offThreadFrom = offThreadArg === undefined ? undefined : Number(offThreadArg);
if (offThreadFrom !== undefined && !(Number.isInteger(offThreadFrom) && offThreadFrom >= 0)) {
  process.stderr.write(`offThreadFrom must be a whole number >= 0, not ${offThreadArg}\n`);
  process.exit(2);
}
if (!file || !token || !authKey) {
  process.stderr.write('usage: receiver-child <db file> <token> <auth key>\n');
  process.exit(2);
}

const store = openStore(file);
const account = store.accounts.add({
  name: 'crash-test',
  apiUrl: 'http://127.0.0.1:9/api/',
  kind: 'sandbox',
  email: null,
  identityId: null,
});
let url = '';
const receiver = await startReceiver({
  store,
  limits: { offThreadFrom },
  route: (t) =>
    t === token ? { accountId: account.id, signingTargets: async () => [{ url, authKey }] } : null,
});
url = receiver.localUrl(token);
process.stdout.write(JSON.stringify({ port: receiver.port, url, accountId: account.id }) + '\n');

const loopDelay = monitorEventLoopDelay({ resolution: 1 });
loopDelay.enable();

const stop = (): void => {
  loopDelay.disable();
  const ms = (ns: number) => ns / 1e6;
  const delay = { loopDelayMaxMs: ms(loopDelay.max), loopDelayP99Ms: ms(loopDelay.percentile(99)) };
  process.stdout.write(JSON.stringify(delay) + '\n');
  receiver
    .close()
    .then(() => store.close())
    .finally(() => process.exit(0));
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
