// A worker killed (SIGKILL) while the mail server holds its email unconfirmed: the next worker
// says in Activity that the try was cut off and may have gone out, and sends it once more with
// the same Message-ID (review R11 MEDIUM 3: it used to send it again without a word).
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { addRule, recordSale, useDeliveryRig } from '../../support/delivery-rig';
import { bundledScript } from '../../support/script-bundle';
import { startFaultySmtp } from '../../support/smtp-faults';

const { db, closing, defer, jobOf } = useDeliveryRig();
const WORKER = 'test/integration/delivery/fixtures/email-worker.ts';

async function startWorker(port: number) {
  const child = spawn(
    process.execPath,
    [await bundledScript(WORKER), db.store.file, String(port)],
    {
      stdio: 'ignore',
    },
  );
  defer(async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = once(child, 'exit');
    child.kill('SIGKILL');
    await exited;
  });
  return child;
}

describe('an email worker killed mid-send', { timeout: 90_000 }, () => {
  it('is followed by one more send of the same email, and Activity says the last try was cut off', async () => {
    const silent = closing(await startFaultySmtp({ afterData: 'silent' }));
    const answering = closing(await startFaultySmtp({ afterData: 'answer' }));
    addRule(db.store, db.accountId, {
      name: 'Ebook email',
      action: { kind: 'email', subject: 'Your {product}', body: 'Hi', downloadUrl: null },
    });
    const saleId = recordSale(db.store, db.accountId, 9101);

    const first = await startWorker(silent.port);
    await expect.poll(() => silent.received.length, { timeout: 60_000 }).toBe(1);
    const exited = once(first, 'exit');
    first.kill('SIGKILL');
    await exited;
    await startWorker(answering.port);

    await expect.poll(() => jobOf(saleId).status, { timeout: 30_000 }).toBe('done');
    const messageId = `<${jobOf(saleId).idempotencyKey}@checkout-console>`;
    expect([...silent.received, ...answering.received]).toEqual([messageId, messageId]);
    expect(jobOf(saleId)).toMatchObject({ attempts: 2, maxAttempts: 2 });
    const lines = db.store.activity
      .list(db.accountId, { limit: 10, offset: 0 })
      .items.map((e) => e.message)
      .reverse();
    expect(lines).toEqual([
      "The last try of the email to Jane Doe (rule 'Ebook email') was cut off when Checkout Console stopped unexpectedly; it may have gone out. Trying once more, with the same key.",
      "Emailed Jane Doe the Café Guide (ebook) (rule 'Ebook email').",
    ]);
  });
});
