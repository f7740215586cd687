// Which Quaderno the sandbox imitates. `documented` follows the API reference as
// docs/quaderno-api.md reads it; `observed` adds every difference that public
// evidence shows for the real service (docs/quaderno-api.md, "Where the real
// service differs"), so the console can be tried against both.
export const SANDBOX_PROFILES = ['documented', 'observed'] as const;
export type SandboxProfile = (typeof SANDBOX_PROFILES)[number];

export function isSandboxProfile(value: unknown): value is SandboxProfile {
  return typeof value === 'string' && (SANDBOX_PROFILES as readonly string[]).includes(value);
}

/** Quaderno abandons a session after 30 minutes without activity (docs/quaderno-api.md). */
export const OBSERVED_ABANDON_AFTER_MS = 30 * 60_000;
/** Abandoned sessions are reportedly removed after about 7 days (docs/quaderno-api.md). */
export const OBSERVED_REMOVE_ABANDONED_AFTER_MS = 7 * 24 * 60 * 60_000;
/** The most sessions one observed list answer carries: it honours neither `limit` nor paging. */
export const OBSERVED_LIST_CAP = 1000;
