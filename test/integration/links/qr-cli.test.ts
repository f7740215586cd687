// A link's QR code from the command line (issue 15, item 4): the PNG is read back with a QR reader
// to the very permalink, and a link that can no longer be paid gets no code.
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { runLink } from '../../../main/commands/links';
import type { Io } from '../../../main/commands/output';
import { accountEnv, runCli, type Finished } from '../../support/run-process';
import { useRig } from '../../support/live-rig';
import { decodeQrPng } from '../../support/qr-decode';
import { useTempDir } from '../../support/temp-dir';
import type { Sandbox } from '../../../main/sandbox';

const tmp = useTempDir('cc-link-qr-');
const rig = useRig(tmp);

function cli(sandbox: Sandbox, args: string[]): Promise<Finished> {
  return runCli(['--data-dir', tmp.path, ...args], { env: accountEnv(tmp.path, sandbox) });
}

/**
 * A pending link for `email` on the sandbox's first product, made in this process: the processes
 * these tests run are the `link qr` calls themselves (cli.test.ts runs `link create` and
 * `link cancel` as processes), each one seconds under load.
 */
async function openLink(sandbox: Sandbox, email: string) {
  const cc = await rig.console(sandbox);
  const [product] = await cc.invoke('products.sync', {});
  if (!product) throw new Error('The sandbox has no product.');
  const { link } = await cc.invoke('links.create', {
    customer: { email },
    items: [{ product: product.code, quantity: 1 }],
  });
  return { cc, link };
}

/** `link create --qr FILE --json`'s answer, as far as these tests read it. */
const createdWithQr = z.object({
  id: z.number(),
  permalink: z.string(),
  reused: z.boolean(),
  qr: z.string(),
});

function capture(): Io & { outs: string[]; errs: string[] } {
  const outs: string[] = [];
  const errs: string[] = [];
  return {
    outs,
    errs,
    out: (line) => outs.push(line),
    err: (line) => errs.push(line),
    readStdin: async () => '',
  };
}

describe('checkout-console link qr', () => {
  it('writes a PNG whose code reads back as the permalink, and none for a cancelled link', async () => {
    const sandbox = await rig.sandbox();
    const { cc, link } = await openLink(sandbox, 'ana@example.com');
    const { id, permalink } = link;

    const file = tmp.file('ana.png');
    const qr = await cli(sandbox, ['link', 'qr', String(id), file]);
    expect(qr.code, qr.stderr).toBe(0);
    expect(qr.stdout).toContain(`Wrote the QR code of link ${id} (${permalink}) to ${file}.`);
    expect(decodeQrPng(readFileSync(file))).toBe(permalink);

    await cc.invoke('links.cancel', { id });
    const refused = await cli(sandbox, ['link', 'qr', String(id), tmp.file('cancelled.png')]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`Link ${id} is cancelled, so it has no QR code`);
    expect(existsSync(tmp.file('cancelled.png'))).toBe(false);
  });

  it('says how to call it when the id or the file is missing, and names an unknown link', async () => {
    const sandbox = await rig.sandbox();
    const missing = await cli(sandbox, ['link', 'qr', '12']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('link qr needs the link id and a PNG file');
    const unknown = await cli(sandbox, ['link', 'qr', '999999', tmp.file('x.png')]);
    expect(unknown.stderr).toContain('No link 999999; `checkout-console links` lists them.');
    expect(unknown.code).toBe(2);
    const { id } = (await openLink(sandbox, 'bo@example.com')).link;
    const bad = await cli(sandbox, ['link', 'qr', String(id), tmp.file('nowhere/x.png')]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain(`the folder ${tmp.file('nowhere')} does not exist`);
  });
});

describe('checkout-console link qr over a file that is there', () => {
  it('keeps an existing file unless --force, and never writes the database, even with --force', async () => {
    const sandbox = await rig.sandbox();
    const { cc, link } = await openLink(sandbox, 'eve@example.com');
    const args = (file: string) => ['qr', String(link.id), file];
    const file = tmp.file('eve.png');
    writeFileSync(file, 'a photo');
    await expect(runLink(cc, {}, capture(), args(file), tmp.path)).rejects.toThrow(
      `${file} already exists. Choose another file, or add --force to replace it.`,
    );
    expect(readFileSync(file, 'utf8')).toBe('a photo');
    await runLink(cc, { force: true }, capture(), args(file), tmp.path);
    expect(decodeQrPng(readFileSync(file))).toBe(link.permalink);

    // Another data folder than the rig's, whose console holds its database open.
    const dataDir = tmp.file('ledger');
    mkdirSync(dataDir);
    const db = join(dataDir, 'checkout-console.sqlite');
    writeFileSync(db, 'the ledger');
    symlinkSync(`${db}-shm`, tmp.file('shm.png'));
    for (const target of [db, `${db}-wal`, tmp.file('shm.png')]) {
      await expect(runLink(cc, { force: true }, capture(), args(target), dataDir)).rejects.toThrow(
        "is the console's live database",
      );
    }
    expect(readFileSync(db, 'utf8')).toBe('the ledger');
    expect(existsSync(`${db}-wal`) || existsSync(`${db}-shm`)).toBe(false);
  });
});

describe('link create --qr FILE', () => {
  // Through runLink: main/cli.ts's flag table and help.ts do not list --qr (nor --json for
  // `link qr`) yet, so as a process both are refused before reaching this code.
  it('writes the new link’s code beside printing its permalink, placeholder notice included', async () => {
    const sandbox = await rig.sandbox();
    const cc = await rig.console(sandbox);
    const [product] = await cc.invoke('products.sync', {});
    const io = capture();
    const file = tmp.file('new-link.png');
    await runLink(
      cc,
      { email: 'cy@example.com', item: [product!.code], qr: file },
      io,
      ['create'],
      tmp.path,
    );
    const permalink = io.outs[0] ?? '';
    expect(permalink).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/checkout\/session\//);
    expect(decodeQrPng(readFileSync(file))).toBe(permalink);
    expect(io.errs.at(-1)).toBe(`Wrote its QR code to ${file}.`);
    expect(io.errs.join('\n')).toContain('This link uses the placeholder');

    const reused = capture();
    const flags = { email: 'cy@example.com', item: [product!.code], json: true };
    await runLink(cc, { ...flags, qr: tmp.file('reused.png') }, reused, ['create'], tmp.path);
    const made = createdWithQr.parse(JSON.parse(reused.outs[0] ?? ''));
    expect(made).toMatchObject({ reused: true, permalink, qr: tmp.file('reused.png') });
    expect(decodeQrPng(readFileSync(made.qr))).toBe(permalink);

    const later = capture();
    await runLink(
      cc,
      { json: true },
      later,
      ['qr', String(made.id), tmp.file('later.png')],
      tmp.path,
    );
    expect(JSON.parse(later.outs[0] ?? '')).toEqual({
      id: made.id,
      permalink,
      qr: tmp.file('later.png'),
    });
    await expect(runLink(cc, { qr: file }, capture(), ['cancel', '1'], tmp.path)).rejects.toThrow(
      '--qr FILE goes with link create',
    );
  });

  it('makes no link when the QR file cannot be written, and prints the link before a QR failure found later', async () => {
    const sandbox = await rig.sandbox();
    const cc = await rig.console(sandbox);
    const [product] = await cc.invoke('products.sync', {});
    const flags = { email: 'fay@example.com', item: [product!.code], new: true };
    const links = async () => (await cc.invoke('links.list', {})).total;

    const nowhere = { ...flags, qr: tmp.file('nowhere', 'fay.png') };
    await expect(runLink(cc, nowhere, capture(), ['create'], tmp.path)).rejects.toThrow(
      `the folder ${tmp.file('nowhere')} does not exist`,
    );
    expect(await links()).toBe(0);

    for (const qr of [tmp.file('a-folder'), join(tmp.file('a-file'), 'fay.png')]) {
      mkdirSync(tmp.file('a-folder'), { recursive: true });
      writeFileSync(tmp.file('a-file'), '');
      await expect(runLink(cc, { ...flags, qr }, capture(), ['create'], tmp.path)).rejects.toThrow(
        `Cannot write the QR code to ${qr}`,
      );
    }
    expect(await links()).toBe(0);

    // A symlink into a folder that is not there (--force: it may be replaced): only the write
    // itself finds that out.
    symlinkSync(tmp.file('gone', 'fay.png'), tmp.file('fay.png'));
    const io = capture();
    await expect(
      runLink(cc, { ...flags, qr: tmp.file('fay.png'), force: true }, io, ['create'], tmp.path),
    ).rejects.toThrow(
      /^Link (\d+) was made \(printed above\), but its QR code was not written\. .*does not exist.*`checkout-console link qr \1 FILE\.png`/,
    );
    expect(io.outs[0]).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/checkout\/session\//);
    expect(await links()).toBe(1);
  });

  it('copies no image without the desktop app, and none for a cancelled link', async () => {
    const sandbox = await rig.sandbox();
    const { cc, link } = await openLink(sandbox, 'di@example.com');
    await expect(cc.invoke('links.copyQr', { id: link.id })).rejects.toThrow(
      'Copy as image needs the desktop app; use Save as PNG instead.',
    );
    await cc.invoke('links.cancel', { id: link.id });
    await expect(cc.invoke('links.copyQr', { id: link.id })).rejects.toMatchObject({
      code: 'conflict',
      message: expect.stringContaining('is cancelled, so it has no QR code') as unknown,
    });
  });
});
