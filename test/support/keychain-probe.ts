// Runs keychain operations through createKeychain in a child process and prints one JSON line,
// so tests can drive the REAL keychain under a throwaway D-Bus session (or without any bus).
// Usage: node --import tsx test/support/keychain-probe.ts '<json plan>'
import { z } from 'zod';
import { isConsoleError } from '../../main/errors';
import { createKeychain } from '../../main/secrets';

const step = z.discriminatedUnion('op', [
  z.object({ op: z.literal('set'), name: z.string(), value: z.string() }),
  z.object({ op: z.literal('get'), name: z.string() }),
  z.object({ op: z.literal('delete'), name: z.string() }),
]);

export const probePlan = z.object({
  service: z.string().optional(),
  timeoutMs: z.number().int().positive().optional(),
  steps: z.array(step),
});
export type ProbePlan = z.infer<typeof probePlan>;

export const probeOutput = z.object({
  results: z.array(z.union([z.string(), z.boolean(), z.null()])),
  error: z.object({ code: z.string(), message: z.string() }).optional(),
});
export type ProbeOutput = z.infer<typeof probeOutput>;

async function main(): Promise<ProbeOutput> {
  const plan = probePlan.parse(JSON.parse(process.argv[2] ?? '{}'));
  const keychain = createKeychain({
    ...(plan.service ? { service: plan.service } : {}),
    ...(plan.timeoutMs ? { timeoutMs: plan.timeoutMs } : {}),
  });
  const results: ProbeOutput['results'] = [];
  try {
    for (const s of plan.steps) {
      if (s.op === 'set') {
        await keychain.set(s.name, s.value);
        results.push(true);
      } else if (s.op === 'get') {
        results.push(await keychain.get(s.name));
      } else {
        results.push(await keychain.delete(s.name));
      }
    }
    return { results };
  } catch (e) {
    const error = isConsoleError(e)
      ? { code: e.code, message: e.message }
      : { code: 'uncaught', message: e instanceof Error ? e.message : String(e) };
    return { results, error };
  }
}

// Only when run as a script; tests import the schemas above.
if (process.argv[1]?.endsWith('keychain-probe.ts')) {
  const output = await main();
  process.stdout.write(`${JSON.stringify(output)}\n`);
  // keytar's native handles can keep the loop alive; the answer is already out.
  process.exit(0);
}
