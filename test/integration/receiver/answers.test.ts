// The receiver's answers to deliveries are made once and sent to every delivery (server.ts):
// each must still carry its own status line, headers and text, however many went before.
import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import { signWebhook } from '../../../main/receiver';
import { useTempDir } from '../../support/temp-dir';
import { startRig, succeededBody, type Rig } from './helpers';

const tmp = useTempDir('cc-receiver-answers-');

interface FullAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function post(rig: Rig, body: string, signature: string): Promise<FullAnswer> {
  return new Promise((resolve, reject) => {
    const headers = { 'Content-Type': 'application/json', 'X-Quaderno-Signature': signature };
    const req = request(rig.url, { method: 'POST', headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body: Buffer.concat(chunks).toString(),
        }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

const signed = (rig: Rig, body: string) => post(rig, body, signWebhook(rig.authKey, rig.url, body));

/** What a client sees of an answer, minus the Date and keep-alive headers Node adds. */
const seen = (a: FullAnswer) => ({
  status: a.status,
  type: a.headers['content-type'],
  length: a.headers['content-length'],
  cache: a.headers['cache-control'],
  body: a.body,
});

const json = (text: string) => ({
  status: 200,
  type: 'application/json; charset=utf-8',
  length: String(Buffer.byteLength(text)),
  cache: 'no-store',
  body: text,
});

describe('receiver answers', () => {
  it('answers each delivery with its own outcome, again and again', async () => {
    const rig = await startRig(tmp);
    const stored = json('{"received":true,"duplicate":false}');
    const duplicate = json('{"received":true,"duplicate":true}');
    const unverified = json('{"received":true,"verified":false}');
    for (let round = 0; round < 3; round += 1) {
      const body = succeededBody();
      expect(seen(await signed(rig, body))).toEqual(stored);
      expect(seen(await signed(rig, body))).toEqual(duplicate);
      const forged = succeededBody();
      expect(seen(await post(rig, forged, 'AAAAAAAAAAAAAAAAAAAAAAAAAAA='))).toEqual(unverified);
    }
  });
});
