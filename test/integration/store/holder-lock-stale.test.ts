// A holder lock whose last holder was killed (kill -9, a power cut) leaves its `.pid` file behind;
// the OS dropped the lock itself. The next holder must not be taken for that dead process while it
// starts: a third one turned away meanwhile would be told to stop a pid that is gone, at an
// address nothing answers on.
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lockCliSandbox } from '../../../main/commands/sandbox-lock';
import { useTempDir } from '../../support/temp-dir';

const tmp = useTempDir('cc-holder-lock-');

describe('a holder lock left by a killed process', () => {
  it('forgets the dead holder as soon as a new one takes the lock', () => {
    const pidFile = join(tmp.path, 'sandbox-cli.lock.pid');
    writeFileSync(pidFile, JSON.stringify({ pid: 999_999, apiUrl: 'http://127.0.0.1:4711/api/' }));
    const starting = lockCliSandbox(tmp.path); // its sandbox not listening yet
    try {
      let refusal: unknown;
      try {
        lockCliSandbox(tmp.path).release();
      } catch (e) {
        refusal = e;
      }
      expect(refusal).toBeInstanceOf(Error);
      expect(String(refusal)).toContain('already running');
      expect(String(refusal)).not.toContain('999999');
      expect(String(refusal)).not.toContain('4711');
      expect(existsSync(pidFile)).toBe(false);
    } finally {
      starting.release();
    }
  });
});
