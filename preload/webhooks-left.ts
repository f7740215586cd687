// What to do about the webhooks a logout could not delete at Quaderno, in one wording for
// `checkout-console logout` (stderr) and the app (renderer/src/components/webhooks-left-notice.tsx:
// Settings › Accounts after the row left, the welcome screen after the last account went).
// It names no screen and no button, since a terminal user reads it too, and no dashboard page:
// docs/quaderno-api.md names none for webhooks. It gives no reason: the same words are true when
// Quaderno could not be reached, answered too late, refused (a 503), or was not asked (the key
// was gone from the keychain), and a DELETE whose answer was lost may have worked.

/** The sentence for `webhooksLeft` (accounts.remove's answer); call it with one id or more. */
export function webhooksLeftAdvice(ids: readonly number[]): string {
  const [only] = ids;
  return ids.length === 1 && only !== undefined
    ? `Quaderno did not confirm deleting this console's webhook (id ${only}): delete it in Quaderno by hand.`
    : `Quaderno did not confirm deleting this console's webhooks (ids ${ids.join(', ')}): delete them in Quaderno by hand.`;
}

/**
 * The sentence for `secretsLeft` (accounts.remove's answer): the keychain entries a removal could
 * not delete, by the names the keychain shows under the service checkout-console.
 */
export function secretsLeftAdvice(names: readonly string[]): string {
  const listed = names.map((n) => `"${n}"`).join(', ');
  return names.length === 1
    ? `The keychain did not delete this console's entry ${listed} (service checkout-console): delete it in your keychain by hand.`
    : `The keychain did not delete this console's entries ${listed} (service checkout-console): delete them in your keychain by hand.`;
}
