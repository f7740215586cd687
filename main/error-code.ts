// The `code` Node and the libraries under us put on an error: errno names (ENOENT,
// ECONNREFUSED), SQLite's (SQLITE_BUSY), Node's own (ERR_PARSE_ARGS_UNKNOWN_OPTION). One typed
// reading, so no caller narrows `'code' in e` by hand. (The sandbox keeps its own: it depends on
// nothing of ours; better-sqlite3's errors have `sqliteCode` in main/store.)

/** The error's code as text, or undefined when it carries none (or one that is not a code). */
export function errorCode(e: unknown): string | undefined {
  if (typeof e !== 'object' || e === null || !('code' in e)) return undefined;
  const { code } = e;
  if (typeof code === 'string') return code;
  return typeof code === 'number' ? String(code) : undefined;
}
