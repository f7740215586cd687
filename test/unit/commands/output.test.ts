// The CLI's sentences for failures that are not its own: the app's generic message and
// Node's errors, turned into what a terminal user can act on.
import { describe, expect, it } from 'vitest';
import { failureMessage, formatTime, valueOf } from '../../../main/commands/output';
import { toErrorPayload } from '../../../main/errors';

describe('CLI failure messages', () => {
  it('replaces the app’s "restart the app" for an unexpected failure', () => {
    const envelope = { ok: false as const, error: toErrorPayload(new Error('boom')) };
    expect(() => valueOf(envelope)).toThrow(/^The command failed unexpectedly\. Run it again/);
    expect(() => valueOf(envelope)).not.toThrow(/restart the app|boom/);
  });

  it('says which path could not be used and why, without the syscall text', () => {
    const e = Object.assign(new Error("ENOTDIR: not a directory, open '/etc/passwd/x.json'"), {
      code: 'ENOTDIR',
      path: '/etc/passwd/x.json',
    });
    expect(failureMessage(e)).toBe(
      'Cannot use /etc/passwd/x.json: a part of the path is a file, not a folder. Choose another file or folder.',
    );
  });

  it('names the taken port and --port for EADDRINUSE', () => {
    const e = Object.assign(new Error('listen EADDRINUSE'), { code: 'EADDRINUSE', port: 8080 });
    expect(failureMessage(e)).toBe(
      'Port 8080 is already in use. Pass another --port, or --port 0 for any free port.',
    );
  });
});

describe('CLI times', () => {
  it('prints UTC with its name under --utc, to the minute', () => {
    expect(formatTime('2026-11-29T22:07:45.123Z', true)).toBe('2026-11-29 22:07 UTC');
  });

  it('leaves a value that is not a time as it is', () => {
    expect(formatTime('soon')).toBe('soon');
  });
});
