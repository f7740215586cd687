// cli.test.ts again, against the sandbox's observed profile (test/support/sandbox-profiles.ts).
import { runSuiteUnder } from '../../support/sandbox-profiles';

await runSuiteUnder('observed', () => import('./cli.test'));
