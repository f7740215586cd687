// A hand-written SMTP server on 127.0.0.1 for the ways a mail server fails that smtp-sink's real
// one cannot be made to: taking the whole email and then answering late, never, or by closing
// the connection; closing at a given command; answering a recipient with a reply of any length.
import { createServer, type Socket } from 'node:net';

export interface FaultyOptions {
  /** After the end of DATA: answer 250 (after `answerAfterMs`), stay silent, or close at once. */
  afterData?: 'answer' | 'silent' | 'drop';
  answerAfterMs?: number;
  /** Close the connection on this command (upper case, e.g. 'RCPT') instead of answering it. */
  dropAt?: string;
  /** Close every connection as soon as it is taken, before the greeting. */
  dropAtConnect?: boolean;
  /** The whole reply (CRLF-ended lines) to RCPT TO instead of 250. */
  rcptReply?: string;
}

export interface FaultySmtp {
  host: '127.0.0.1';
  port: number;
  /** The Message-ID of each email the server received in full, in order. */
  received: string[];
  close(): Promise<void>;
}

export async function startFaultySmtp(options: FaultyOptions = {}): Promise<FaultySmtp> {
  const received: string[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    if (options.dropAtConnect) return void socket.destroy();
    let buffer = '';
    let inData = false;
    socket.write('220 faulty ESMTP\r\n');
    socket.on('data', (chunk: Buffer) => {
      buffer += chunk.toString('latin1');
      // Bounded: each turn takes one line or one message off the buffer, or waits for more.
      for (let turn = 0; turn < 10_000 && !socket.destroyed; turn += 1) {
        if (inData) {
          const end = buffer.indexOf('\r\n.\r\n');
          if (end < 0) return;
          const message = buffer.slice(0, end);
          buffer = buffer.slice(end + 5);
          inData = false;
          received.push(/^Message-ID: *(<[^>]+>)/im.exec(message)?.[1] ?? '');
          if (options.afterData === 'drop') return void socket.destroy();
          if (options.afterData === 'silent') continue;
          setTimeout(() => {
            if (!socket.destroyed) socket.write('250 2.0.0 queued\r\n');
          }, options.answerAfterMs ?? 0);
          continue;
        }
        const lineEnd = buffer.indexOf('\r\n');
        if (lineEnd < 0) return;
        const command = buffer.slice(0, lineEnd).slice(0, 4).toUpperCase();
        buffer = buffer.slice(lineEnd + 2);
        if (command === options.dropAt) return void socket.destroy();
        if (command === 'EHLO') socket.write('250-faulty\r\n250 8BITMIME\r\n');
        else if (command === 'DATA') {
          inData = true;
          socket.write('354 go ahead\r\n');
        } else if (command === 'RCPT' && options.rcptReply) socket.write(options.rcptReply);
        else if (command === 'QUIT') socket.end('221 bye\r\n');
        else socket.write('250 ok\r\n');
      }
    });
  });
  const port = await new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      if (address === null || typeof address === 'string') reject(new Error('no port'));
      else resolve(address.port);
    });
  });
  return {
    host: '127.0.0.1',
    port,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
