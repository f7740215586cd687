import { spawn } from 'node:child_process';
import { connect } from 'node:net';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { startSandbox } from '../../../main/sandbox/index';
import { statusOnFreshConnection } from '../../support/fresh-request';
import { bundledScript } from '../../support/script-bundle';
import { call, createSession, sandbox } from './helpers';

/** A GET on its own connection, so the test chooses the Host header. */
const rawGet = (port: number, path: string, headers: Record<string, string>) =>
  statusOnFreshConnection(`http://127.0.0.1:${port}${path}`, { headers });

describe('sandbox lifecycle and guards', () => {
  it('lets the process exit after close() even with a delivery retry pending', async () => {
    const fixture = await bundledScript(
      fileURLToPath(new URL('./fixtures/close-with-pending-retry.ts', import.meta.url)),
    );
    const child = spawn(process.execPath, [fixture], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const exit = await new Promise<number | string>((resolve) => {
      const killer = setTimeout(() => {
        child.kill('SIGKILL');
        resolve('still running: something kept the event loop alive');
      }, 20_000);
      child.on('exit', (code) => {
        clearTimeout(killer);
        resolve(code ?? -1);
      });
    });
    expect(exit, output).toBe(0);
    expect(output).toContain('closed after 1 delivery');
  });

  it('closes connections that are still open when close() is called', async () => {
    const sb = await startSandbox();
    const socket = connect(sb.port, '127.0.0.1');
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    // Half a request: without closing connections the server would wait on it.
    socket.write('GET /api/ping HTTP/1.1\r\nHost: 127.0.0.1\r\n');
    const ended = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    socket.on('error', () => undefined);
    await sb.close();
    await ended;
    expect(socket.destroyed).toBe(true);
  });

  it('refuses requests addressed to another host name', async () => {
    const sb = await sandbox();
    const ok = await rawGet(sb.port, '/api/ping', {
      Host: `localhost:${sb.port}`,
      Authorization: 'Basic ' + Buffer.from(`${sb.apiKey}:x`).toString('base64'),
    });
    expect(ok).toBe(200);
    expect(await rawGet(sb.port, '/api/ping', { Host: `evil.example:${sb.port}` })).toBe(403);
  });

  it('refuses checkout page posts coming from another site', async () => {
    const sb = await sandbox();
    const s = await createSession(sb);
    const res = await fetch(s.permalink, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded',
        Origin: 'https://evil.example',
      },
      body: 'action=pay',
    });
    expect(res.status).toBe(403);
    expect((await call(sb, 'GET', `checkout/sessions/${s.id}`)).body).toMatchObject({
      status: 'pending',
    });
    const same = await fetch(s.permalink, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: sb.origin },
      body: 'action=pay',
    });
    expect(same.status).toBe(200);
  });
});
