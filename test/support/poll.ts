// Waiting for an outcome something else brings about (a sandbox, a child process, the event
// loop): ask again every few milliseconds until it comes or the time is up.
type Probe<T> = () => T | undefined | null | false | Promise<T | undefined | null | false>;

/** The first truthy answer of `probe`; throws "timed out waiting for `what`" after `timeoutMs`. */
export async function pollUntil<T>(
  what: string,
  probe: Probe<T>,
  { timeoutMs = 30_000, everyMs = 25 }: { timeoutMs?: number; everyMs?: number } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
