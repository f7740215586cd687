// How webhook deliveries prove they come from Quaderno, in the words the status strip shows;
// zod-free for the page's first screen (issue 16, first paint); contract-live.ts re-exports it.

/** How the account's webhook deliveries prove they come from Quaderno (the last one seen). */
export type SignatureSchemeState = 'documented' | 'ruby_snippet' | 'sorted_params' | 'unverifiable';

export const signatureSchemeLabels: Record<SignatureSchemeState, string> = {
  documented: 'verified (documented scheme)',
  ruby_snippet: 'verified (Ruby snippet scheme)',
  sorted_params: 'verified (sorted-parameters scheme)',
  unverifiable: "not verifiable: sales confirmed through Quaderno's API",
};
