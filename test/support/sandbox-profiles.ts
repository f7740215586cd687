// Runs a suite against each Quaderno the sandbox can imitate (main/sandbox/README.md,
// "Profiles"), and finds demo products by currency under either: the observed profile's
// /items carries no currency, so a test cannot pick "a EUR product" from the list itself.
import { describe } from 'vitest';
import { SANDBOX_PROFILES, type SandboxProfile } from '../../main/sandbox';
import { unitCostToMinorUnits } from '../../main/quaderno';
import { demoItems } from '../../main/sandbox/seed';

export const PROFILES: readonly SandboxProfile[] = SANDBOX_PROFILES;

/**
 * `describe.each` over the profiles: the body gets the profile to hand to startSandbox (or a
 * world helper). Pass a subset to run a costly suite's main cases only under one profile.
 */
export function describeEachProfile(
  title: string,
  body: (profile: SandboxProfile) => void,
  profiles: readonly SandboxProfile[] = PROFILES,
): void {
  describe.each(profiles.map((p) => [p] as const))(`${title} (%s sandbox)`, body);
}

// Codes are derived from the names, so they are the same in every sandbox that seeds.
const DEMO_CURRENCY = new Map(demoItems(0, '').map((item) => [item.code, item.currency]));
const DEMO_UNIT_COST = new Map(demoItems(0, '').map((item) => [item.code, item.unit_cost]));

/**
 * A seeded demo product's price in its currency's minor units, whether or not the answer that
 * listed it said the currency (without one, the catalogue reads the price in hundredths).
 */
export function unitAmountOf(product: {
  code: string;
  unitAmount: number;
  currency?: string | null;
}): number {
  const currency = currencyOf(product);
  const cost = DEMO_UNIT_COST.get(product.code);
  if (product.currency || !currency || cost === undefined) return product.unitAmount;
  return unitCostToMinorUnits(String(cost), currency);
}

/** The currency of a seeded demo product, whether or not the answer that listed it said so. */
export function currencyOf(product: { code: string; currency?: string | null }): string | null {
  return product.currency ?? DEMO_CURRENCY.get(product.code) ?? null;
}

let current: SandboxProfile = 'documented';

/** The profile this test file's sandboxes imitate: documented unless it ran `runSuiteUnder`. */
export const suiteProfile = (): SandboxProfile => current;

/**
 * Runs an existing suite file again with every sandbox it starts (through `suiteProfile()`)
 * imitating `profile`. A file `x.observed.test.ts` holding
 * `await runSuiteUnder('observed', () => import('./x.test'))` doubles `x.test.ts` without
 * touching its tests; each test file has its own module state, so the documented run is unchanged.
 */
export async function runSuiteUnder(
  profile: SandboxProfile,
  load: () => Promise<unknown>,
): Promise<void> {
  current = profile;
  await load();
}
