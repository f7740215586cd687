// cli.test.ts again, against the sandbox's observed profile (test/support/sandbox-profiles.ts).
import { describe } from 'vitest';
import { runSuiteUnder } from '../../support/sandbox-profiles';

describe('observed sandbox', { timeout: 120_000 }, async () => {
  await runSuiteUnder('observed', () => import('./cli.test'));
});
