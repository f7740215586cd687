// `checkout-console jobs`, `job retry|done`, `keys [add]` and `smtp [set]` as real processes:
// sales recorded by `sync` from paid sandbox sessions get the rules' jobs (no worker runs in a
// one-shot command, so they wait), and the SMTP password goes to a real keychain only.
import { writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type {
  DeliveryJob,
  LicenceKeyPool,
  ListedJob,
  SmtpSettings,
} from '../../../preload/contract-delivery';
import { useCleanups } from '../../support/cleanups';
import { LOOPBACK_SMTP } from '../../support/delivery-store';
import { startSandboxCli } from '../../support/sandbox-cli';
import { useTempDir } from '../../support/temp-dir';
import { fastClient, productCode, sessions } from '../sync/helpers';

const tmp = useTempDir();
const cleanups = useCleanups();

const setUp = () => startSandboxCli(tmp, cleanups, { COLUMNS: '100' });

describe('checkout-console jobs and job', { timeout: 180_000 }, () => {
  it('lists the jobs sales got, filters them, and marks one delivered by hand', async () => {
    const { sandbox, cli } = await setUp();
    const body = tmp.file('body.txt');
    writeFileSync(body, 'Hi {firstName}, thanks for buying {product}.');
    const email = ['--email', '--subject', 'Thanks', '--body-file', body];
    expect((await cli(['rule', 'add', '--name', 'Thank you email', ...email])).code).toBe(0);
    expect((await cli(['jobs'])).stdout).toContain('No delivery jobs yet');
    await sessions(sandbox, 2);
    expect((await cli(['sync'])).code).toBe(0);

    const listed = await cli(['jobs']);
    expect(listed.stderr).toBe('');
    const lines = listed.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(
      /^ID\s+SALE\s+RULE\s+STATUS\s+ATTEMPTS\s+NEXT TRY \/ DONE\s+LAST ERROR$/,
    );
    expect(lines.slice(1)).toHaveLength(2);
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(100);
    expect(lines[1]).toMatch(/Thank you email\s+pending\s+0\/\d+/);

    const page = JSON.parse((await cli(['jobs', '--json', '--limit', '1'])).stdout) as {
      items: DeliveryJob[];
      total: number;
    };
    expect(page.total).toBe(2);
    const [job] = page.items;
    if (!job) throw new Error('no job listed');
    expect((await cli(['jobs', '--limit', '1'])).stdout).toContain('… 1 more (--offset 1).');

    const done = await cli(['job', 'done', String(job.id)]);
    expect(done.stdout).toBe(
      `Job ${job.id} (rule 'Thank you email', sale ${job.saleId}) is marked delivered by hand.\n`,
    );
    const doneList = await cli(['jobs', '--status', 'done']);
    expect(doneList.stdout).toMatch(
      new RegExp(`^${job.id}\\s+${job.saleId}\\s+.*done.*\\(by hand\\)`, 'm'),
    );
    const forSale = JSON.parse(
      (await cli(['jobs', '--sale', String(job.saleId), '--json'])).stdout,
    ) as {
      items: DeliveryJob[];
    };
    expect(forSale.items.map((j) => [j.id, j.status, j.doneBy])).toEqual([
      [job.id, 'done', 'merchant'],
    ]);

    const all = JSON.parse((await cli(['jobs', '--json'])).stdout) as { items: DeliveryJob[] };
    const other = all.items.find((j) => j.id !== job.id);
    const retried = await cli(['job', 'retry', String(other?.id), '--json']);
    expect(retried.stderr).toBe('');
    expect(JSON.parse(retried.stdout)).toMatchObject({ id: other?.id, status: 'pending' });
    // Its sale delivered by hand, the job is held: a retry says how to deliver it anyway.
    const saleId = String(other?.saleId);
    expect((await cli(['fulfillment', 'done', saleId])).code).toBe(0);
    const held = await cli(['job', 'retry', String(other?.id)]);
    expect(held.code).toBe(1);
    expect(held.stderr).toContain(
      `Sale ${saleId} is marked fulfilled, so its deliveries are held. To deliver it anyway, ` +
        `undo that first (in the sale, or \`checkout-console fulfillment undo ${saleId}\`).`,
    );
    // The list says so too, not "pending" with a next try that will not come.
    expect((await cli(['jobs', '--sale', saleId])).stdout).toMatch(
      new RegExp(
        `^${other?.id}\\s+${saleId}\\s+Thank you email\\s+held\\s+0/\\d+\\s+after undo`,
        'm',
      ),
    );
    const heldJson = async () =>
      (
        JSON.parse((await cli(['jobs', '--sale', saleId, '--json'])).stdout) as {
          items: ListedJob[];
        }
      ).items.map((j) => [j.status, j.held]);
    expect(await heldJson()).toEqual([['pending', true]]);
    expect((await cli(['fulfillment', 'undo', saleId])).code).toBe(0);
    expect(await heldJson()).toEqual([['pending', false]]);
    expect((await cli(['job', 'retry', String(other?.id)])).code).toBe(0);
    const missing = await cli(['job', 'retry', '999']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('No job 999; `checkout-console jobs` lists them.');
    const status = await cli(['jobs', '--status', 'failed']);
    expect(status.code).toBe(2);
    expect(status.stderr).toContain('--status failed is not a job status');
  });
});

describe('checkout-console keys', { timeout: 180_000 }, () => {
  it('adds keys from a file, skipping blanks and keys already there, and lists the pools', async () => {
    const { sandbox, cli } = await setUp();
    const code = await productCode(fastClient(sandbox));
    const added = await cli(['keys', 'add', code], 'KEY-AAA\n\n  KEY-BBB  \r\nKEY-AAA\n');
    expect(added.code).toBe(0);
    expect(added.stdout).toBe(
      `Added 2 keys to ${code} (1 skipped: already in the pool); 2 free, 0 taken.\n`,
    );
    expect(added.stderr).toContain(`Only 2 keys left for ${code}`);

    const again = JSON.parse(
      (await cli(['keys', 'add', code, '--json'], 'KEY-BBB\nKEY-CCC\n')).stdout,
    ) as {
      added: number;
      skipped: number;
      pool: LicenceKeyPool;
    };
    expect(again).toMatchObject({
      added: 1,
      skipped: 1,
      pool: { productCode: code, free: 3, taken: 0 },
    });

    const listed = await cli(['keys']);
    expect(listed.stdout).toMatch(/^PRODUCT\s+NAME\s+FREE\s+TAKEN$/m);
    expect(listed.stdout).toMatch(new RegExp(`^${code}\\s+.*\\s3\\s+0$`, 'm'));
    expect(JSON.parse((await cli(['keys', code, '--json'])).stdout)).toHaveLength(1);
    expect((await cli(['keys', 'NOPE'])).stdout).toContain('No licence keys for NOPE yet.');

    const empty = await cli(['keys', 'add', code], '\n\n');
    expect(empty.code).toBe(2);
    expect(empty.stderr).toContain('No keys on standard input');
    const long = await cli(['keys', 'add', code], `OK-1\n${'x'.repeat(600)}\n`);
    expect(long.code).toBe(2);
    expect(long.stderr).toContain('Line 2 of standard input: A key is at most 500 characters.');
  });
});

describe('checkout-console smtp', { timeout: 180_000 }, () => {
  it('sets the mail server with the password in the keychain and shows only whether one is stored', async () => {
    const { cli } = await setUp();
    expect((await cli(['smtp'])).stdout).toContain('No mail server is set');
    expect((await cli(['smtp', '--json'])).stdout).toBe('null\n');
    const flags = [
      '--host',
      '127.0.0.1',
      '--port',
      '2525',
      '--security',
      'none',
      '--user',
      'shop',
      '--from',
      'shop@example.com',
    ];

    const set = await cli(['smtp', 'set', ...flags], 'mail-password-1\n');
    expect(set.stderr).toBe('');
    expect(set.stdout).toBe(
      'Delivery emails go through 127.0.0.1:2525 (none) from shop@example.com; password: stored in the keychain.\n',
    );
    const shown = await cli(['smtp']);
    expect(shown.stdout).toMatch(/^password\s+stored in the keychain$/m);
    const json = await cli(['smtp', '--json']);
    expect(JSON.parse(json.stdout)).toEqual({
      ...LOOPBACK_SMTP,
      hasPassword: true,
    } satisfies SmtpSettings);
    expect(json.stdout + shown.stdout).not.toContain('mail-password-1');

    const kept = await cli(['smtp', 'set', ...flags, '--json']);
    expect(JSON.parse(kept.stdout)).toMatchObject({ hasPassword: true });
    const removed = await cli(['smtp', 'set', ...flags, '--no-password']);
    expect(removed.stdout).toContain('password: not set.');

    const security = await cli([
      'smtp',
      'set',
      ...flags.slice(0, 4),
      '--security',
      'ssl',
      '--from',
      'a@b.example',
    ]);
    expect(security.code).toBe(2);
    expect(security.stderr).toContain(
      '--security ssl: use tls (port 465), starttls (587) or none.',
    );
    const from = await cli(['smtp', 'set', ...flags.slice(0, 8), '--from', 'shop'], '');
    expect(from.code).toBe(2);
    expect(from.stderr).toContain('--from: Use an email address customers can reply to.');
    const missing = await cli(['smtp', 'set', '--host', 'x']);
    expect(missing.stderr).toContain('smtp set needs --port, --security, --from.');
  });
});
