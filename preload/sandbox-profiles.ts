// The built-in sandbox's profiles, zod-free so onboarding (a first screen) can offer them
// without the contract's schemas (issue 16, first paint); contract.ts re-exports them.

/** `documented` follows Quaderno's reference; `observed` answers as the real service is seen to. */
export const sandboxProfiles = ['documented', 'observed'] as const;
export type SandboxProfileName = (typeof sandboxProfiles)[number];
/**
 * The profile a NEW built-in sandbox starts with (main/accounts/sandbox-host.ts uses it, the
 * app's sandbox choice shows it first). Flip to 'observed' once the console copes with it.
 */
export const newSandboxProfile: SandboxProfileName = 'observed';
