// stale-status.test.ts again, against the sandbox's observed profile (test/support/sandbox-profiles.ts).
import { runSuiteUnder } from '../../support/sandbox-profiles';

await runSuiteUnder('observed', () => import('./stale-status.test'));
