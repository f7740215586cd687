// A link's QR code written as a PNG where the merchant says (`link qr`, `link create --qr`).
import { accessSync, constants, statSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { Link } from '../../preload/contract';
import { ConsoleError } from '../errors';
import { linkQrPng } from '../links';
import { cannotWriteOut, type OutFileRules, refuseOutFile } from './out-file';

/** A refusal found by looking, worded as the write would have been refused. */
const errno = (code: string) => Object.assign(new Error(code), { code });

function cannotWriteQr(path: string, e: unknown): ConsoleError {
  return cannotWriteOut(
    path,
    e,
    (why) =>
      `Cannot write the QR code to ${path}: ${why}. Name a file in a folder you can write to.`,
  );
}

/**
 * The full path the QR code goes to, checked as far as can be before anything is written:
 * `link create --qr` checks it before it makes the link, so a mistyped folder makes no link.
 */
export function qrTarget(file: string, rules: OutFileRules): string {
  const path = resolve(file);
  refuseOutFile(path, rules);
  try {
    if (!statSync(dirname(path)).isDirectory()) throw errno('ENOTDIR');
    if (statSync(path, { throwIfNoEntry: false })?.isDirectory()) throw errno('EISDIR');
    accessSync(dirname(path), constants.W_OK);
  } catch (e) {
    throw cannotWriteQr(path, e);
  }
  return path;
}

/** Writes the link's QR code as a PNG at `file` and returns the full path it was written to. */
export async function writeQr(link: Link, file: string, rules: OutFileRules): Promise<string> {
  const path = qrTarget(file, rules);
  const png = await linkQrPng(link);
  // 'wx': a file that appeared since the check is kept.
  await writeFile(path, png, { flag: rules.force ? 'w' : 'wx' }).catch((e: unknown) => {
    throw cannotWriteQr(path, e);
  });
  return path;
}
