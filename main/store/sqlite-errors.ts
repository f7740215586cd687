import Database from 'better-sqlite3';

/** The extended SQLite result code of a better-sqlite3 error (e.g. SQLITE_CONSTRAINT_UNIQUE). */
export function sqliteCode(e: unknown): string | undefined {
  return e instanceof Database.SqliteError ? e.code : undefined;
}

export function isConstraintError(e: unknown, code = 'SQLITE_CONSTRAINT'): boolean {
  return sqliteCode(e)?.startsWith(code) ?? false;
}
