// What `listen` does around the delivery worker, for the command stop tests: a worker running
// command rules on the store file given; on SIGINT it stops the worker, closes the store and
// calls process.exit(), as `listen` and bin/checkout-console.js do. With `exit-at-once`, SIGINT
// calls process.exit() without stopping anything (a crash path that still exits). Prints
// "ready" once started.
import { createCommandAction } from '../../main/delivery/command';
import { createDeliveryWorker } from '../../main/delivery/worker';
import { openStore } from '../../main/store';

const [file, mode] = process.argv.slice(2);
if (!file) throw new Error('usage: command-listen-child.ts STORE_FILE [exit-at-once]');
const store = openStore(file);
const worker = createDeliveryWorker({
  store,
  actions: { command: createCommandAction() },
  emit: () => undefined,
  limits: { idleMs: 100 },
});
worker.start();
process.once('SIGINT', () => {
  if (mode === 'exit-at-once') process.exit(0);
  void worker.stop().then(() => {
    store.close();
    process.exit(0);
  });
});
process.stdout.write('ready\n');
