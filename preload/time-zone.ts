// Time zones by IANA name, for the contract's checks and for callers that send their own zone.
// No zod here: the renderer imports it, and the contract's schemas would come along.

/** True for a zone name Intl knows ("Europe/Madrid"; not "Etc/Unknown" or a typo). */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/**
 * This process's (or page's) IANA zone, to send as `timeZone` ({} when the runtime names none):
 * main then reads days between their own midnights, also those on the other side of a clock
 * change.
 */
export function localTimeZone(): { timeZone?: string } {
  const zone: string | undefined = Intl.DateTimeFormat().resolvedOptions().timeZone;
  return zone && isTimeZone(zone) ? { timeZone: zone } : {};
}
