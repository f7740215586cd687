// ingest: signed webhook deliveries at 50 connections for 10 s against the real receiver
// (durable commits, in its own process) and against a bare node:http server that answers
// 200 doing nothing — the baseline, measured in the same run.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createInterface } from 'node:readline';
import autocannon from 'autocannon';
import { makeTempDir } from '../support/temp-dir';
import { signedDeliveries } from './deliveries';
import type { Report } from './report';

const SECONDS = 10;
const CONNECTIONS = 50;

const BARE_SERVER = `
const http = require('node:http');
const server = http.createServer((req, res) => { req.resume(); req.on('end', () => { res.writeHead(200); res.end('ok'); }); });
server.listen(0, '127.0.0.1', () => process.stdout.write(JSON.stringify({ url: 'http://127.0.0.1:' + server.address().port + '/hooks/x' }) + '\\n'));
`;

async function startChild(args: string[]): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  const first = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
  const { url } = JSON.parse(first) as { url: string };
  return { child, url };
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

async function load(url: string, authKey: string) {
  const result = await autocannon({
    url,
    connections: CONNECTIONS,
    duration: SECONDS,
    requests: signedDeliveries(url, authKey, 1_000_000),
  });
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    timeouts: result.timeouts,
    total: result.requests.total,
  };
}

export async function bench(report: Report): Promise<void> {
  const tmp = makeTempDir('cc-bench-ingest-');
  const authKey = randomBytes(16).toString('base64url');
  const token = randomBytes(24).toString('base64url');
  try {
    const bare = await startChild(['-e', BARE_SERVER]);
    const baseline = await load(bare.url, authKey);
    await stop(bare.child);

    const receiver = await startChild([
      '--import',
      'tsx',
      'test/support/receiver-child.ts',
      tmp.file('bench.sqlite'),
      token,
      authKey,
    ]);
    const real = await load(receiver.url, authKey);
    await stop(receiver.child);

    report('ingest.bare.throughput', baseline.rps, 'req/s');
    report('ingest.receiver.throughput', real.rps, 'req/s');
    report('ingest.ratio', real.rps / baseline.rps, 'x', '>= 0.5');
    report('ingest.receiver.p50', real.p50, 'ms');
    report('ingest.receiver.p99', real.p99, 'ms', '< 20 ms');
    report('ingest.bare.p99', baseline.p99, 'ms');
    report('ingest.receiver.deliveries', real.total, 'count');
    report('ingest.receiver.non2xx', real.non2xx, 'count', '0');
    report('ingest.receiver.errors', real.errors, 'count');
    report('ingest.bare.errors', baseline.errors, 'count');
  } finally {
    tmp.remove();
  }
}
