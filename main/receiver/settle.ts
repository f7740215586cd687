/** Waits for `pending` to settle, but at most `ms`: shutdown must not hang on a stuck call. */
export async function settleWithin(pending: Iterable<Promise<unknown>>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, ms);
  });
  await Promise.race([Promise.all(pending), limit]);
  clearTimeout(timer);
}
