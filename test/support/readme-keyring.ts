// A D-Bus session with an unlocked gnome-keyring that outlives single commands, so a README
// run can `login` in one process and use the key from the next, as a merchant's desktop does.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

export interface KeyringSession {
  /** DBUS_SESSION_BUS_ADDRESS for the commands that should see this keyring. */
  address: string;
  close(): Promise<void>;
}

const READY_BOUND_MS = 60_000;

export async function startKeyringSession(home: string): Promise<KeyringSession> {
  const unlock =
    "printf '%s' readme-password | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1";
  // `cat` keeps the session open until we close its stdin; dbus-run-session then ends the bus
  // and the keyring daemon with it.
  const child = spawn(
    'dbus-run-session',
    ['--', 'sh', '-c', `${unlock}; echo "$DBUS_SESSION_BUS_ADDRESS"; exec cat >/dev/null`],
    { env: { PATH: process.env.PATH, HOME: home } },
  );
  const exited = new Promise<void>((resolve) => child.once('close', () => resolve()));
  const address = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no D-Bus session address')), READY_BOUND_MS);
    createInterface({ input: child.stdout }).once('line', (line) => {
      clearTimeout(timer);
      resolve(line.trim());
    });
    child.once('error', reject);
    child.once('close', (code) => reject(new Error(`dbus-run-session exited with ${code}`)));
  });
  return {
    address,
    close: async () => {
      child.stdin.end();
      const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(killer);
    },
  };
}
