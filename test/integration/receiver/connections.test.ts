import { connect, type Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../../support/temp-dir';
import { deliver, eventually, startRig, succeededBody } from './helpers';

const tmp = useTempDir('cc-receiver-connections-');

/** Sockets that connect and never send a byte, as a slow or hostile client leaves them. */
async function openIdleSockets(port: number, count: number): Promise<Socket[]> {
  const sockets: Socket[] = [];
  await Promise.all(
    Array.from(
      { length: count },
      () =>
        new Promise<void>((resolve, reject) => {
          const socket = connect(port, '127.0.0.1');
          sockets.push(socket);
          socket.once('connect', () => resolve());
          socket.once('error', reject);
        }),
    ),
  );
  for (const s of sockets) s.on('error', () => undefined);
  return sockets;
}

describe('receiver connection cap', () => {
  it('answers signed deliveries while 512 idle sockets fill every connection slot', async () => {
    const rig = await startRig(tmp);
    const idle = await openIdleSockets(rig.receiver.port, 512);
    try {
      const sessions = Array.from({ length: 9 }, (_, i) => 1700 + i);
      const answers = await Promise.allSettled(
        sessions.map((session) => deliver(rig, succeededBody({ session }))),
      );
      expect(
        answers.map((a) => (a.status === 'fulfilled' ? a.value.status : a.reason.code)),
      ).toEqual(Array(9).fill(200));
      const repo = rig.store.fulfillments;
      await eventually(() => sessions.every((s) => repo.bySession(rig.accountId, s)));
    } finally {
      for (const s of idle) s.destroy();
    }
  });

  it('keeps at most the configured number of connections, closing idle ones first', async () => {
    const rig = await startRig(tmp, { limits: { maxConnections: 20 } });
    const idle = await openIdleSockets(rig.receiver.port, 20);
    const closedByServer = new Set<Socket>();
    for (const s of idle) s.once('close', () => closedByServer.add(s));
    try {
      // Sent at once, so each takes a connection of its own.
      const answers = await Promise.all(
        Array.from({ length: 5 }, (_, i) => deliver(rig, succeededBody({ session: 1750 + i }))),
      );
      expect(answers.map((a) => a.status)).toEqual(Array(5).fill(200));
      await eventually(() => closedByServer.size >= 5);
    } finally {
      for (const s of idle) s.destroy();
    }
  });
});
