// `bench --scale 1m`: the index build schema 17 leaves to run after open (build-runner.ts), timed
// while a loopback HTTP server in the same process keeps answering, as the receiver in the app or
// `listen` does while the build's steps share its event loop. Each request's round trip is the
// wait a webhook would see; the same requests with no build running are the same-run baseline.
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RawDb } from '../support/raw-db';
import { median, type Report } from './report';

/** One GET to the server and its round trip in ms. */
function ping(port: number): Promise<number> {
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: '/' }, (res) => {
      res.resume();
      res.on('end', () => resolve(performance.now() - t0));
    });
    req.on('error', reject);
    req.end();
  });
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? Number.NaN;

function reportPings(report: Report, prefix: string, samples: number[]): void {
  const sorted = [...samples].sort((a, b) => a - b);
  report(`${prefix}_requests`, samples.length, 'requests');
  report(`${prefix}_median`, median(sorted), 'ms');
  report(`${prefix}_p99`, percentile(sorted, 0.99), 'ms');
  report(`${prefix}_max`, sorted.at(-1) ?? Number.NaN, 'ms');
}

const buildState = (db: RawDb) =>
  db.prepare("SELECT state FROM store_builds WHERE name = 'fulfillments_search'").pluck().get();

/**
 * Waits for the store's background build to finish, requests going to a server meanwhile; then
 * `baseline` requests with nothing building. Reports the build's time and both sets of requests.
 */
export async function timeBackgroundBuild(report: Report, db: RawDb, baseline = 500) {
  const server: Server = createServer((_req, res) => res.end('ok'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  try {
    const t0 = performance.now();
    const during: number[] = [];
    while (buildState(db) !== 'done') during.push(await ping(port));
    report('history1m.build.background_total', performance.now() - t0, 'ms');
    const idle: number[] = [];
    for (let i = 0; i < baseline; i++) idle.push(await ping(port));
    reportPings(report, 'history1m.build.request_during_build', during);
    reportPings(report, 'history1m.build.request_no_build', idle);
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
}
