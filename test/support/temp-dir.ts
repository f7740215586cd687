// Temp folders for tests that need real files (SQLite, keyrings, state files).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach } from 'vitest';

export interface TempDir {
  readonly path: string;
  /** An absolute path inside the folder (the file itself is not created). */
  file(...segments: string[]): string;
  remove(): void;
}

export function makeTempDir(prefix = 'checkout-console-'): TempDir {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return {
    path,
    file: (...segments) => join(path, ...segments),
    // Retries cover Windows, where a just-closed SQLite file can stay locked for a moment.
    remove: () => rmSync(path, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 }),
  };
}

/** A fresh folder for each test in the calling file, removed after it. */
export function useTempDir(prefix?: string): TempDir {
  let current: TempDir | undefined;
  beforeEach(() => {
    current = makeTempDir(prefix);
  });
  afterEach(() => {
    current?.remove();
    current = undefined;
  });
  const active = (): TempDir => {
    if (!current) throw new Error('useTempDir() is only usable inside a test.');
    return current;
  };
  return {
    get path() {
      return active().path;
    },
    file: (...segments) => active().file(...segments),
    remove: () => active().remove(),
  };
}
