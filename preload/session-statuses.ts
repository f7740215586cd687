// A link's checkout session states, zod-free so the page's first screen can list them without
// the contract's schemas (issue 16, first paint); contract-links.ts re-exports them.

export const sessionStatuses = [
  'pending',
  'processing',
  'completed',
  'failed',
  'abandoned',
  'deleted',
] as const;
export type SessionStatus = (typeof sessionStatuses)[number];

export function isSessionStatus(value: string): value is SessionStatus {
  return (sessionStatuses as readonly string[]).includes(value);
}
