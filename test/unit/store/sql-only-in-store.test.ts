// SQL lives only in main/store: every statement, transaction and pragma is the store's, so the
// next engineer finds each table's reads and writes in one place. Parsed with the TypeScript
// compiler rather than grepped, so a RegExp's .exec() or "Select a product" in a message is not
// taken for SQL, and SQL in a comment is not either. (main/accounts needs no allowance: it
// already reaches its tables through store.accounts and store.settings only.)
import Database from 'better-sqlite3';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../../main/store';

const ROOT = join(__dirname, '..', '..', '..');
const MAIN = join(ROOT, 'main');

const ALLOWED = ['main/store/'];

const SQL =
  /\b(SELECT\b[\s\S]*\bFROM|INSERT\s+INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM|CREATE\s+(TABLE|INDEX|TRIGGER|VIEW|VIRTUAL)|DROP\s+(TABLE|INDEX|TRIGGER)|ALTER\s+TABLE|PRAGMA\s+\w)/;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

/** Every source file under main/, as its path from the repository root with '/' separators. */
const mainFiles = (): Array<{ file: string; path: string }> =>
  sourceFiles(MAIN).map((path) => ({ path, file: relative(ROOT, path).split(sep).join('/') }));

/** What a check found in one file's syntax tree, as "file:line what". */
type Report = (node: ts.Node, what: string) => void;

/** Parses `code` (not type-checked) and lets `check` report on every node of it. */
function findIn(file: string, code: string, check: (node: ts.Node, at: Report) => void): string[] {
  const source = ts.createSourceFile(file, code, ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const at: Report = (node, what) => {
    const line = source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
    found.push(`${file}:${line} ${what}`);
  };
  const visit = (node: ts.Node): void => {
    check(node, at);
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** Runs `uses` on each file under main/ that `skip` does not rule out, and lists what it found. */
const offendersUnderMain = (
  skip: (file: string) => boolean,
  uses: (file: string, code: string) => string[],
): string[] =>
  mainFiles().flatMap(({ file, path }) =>
    skip(file) ? [] : uses(file, readFileSync(path, 'utf8')),
  );

const isLiteral = (node: ts.Node | undefined): boolean =>
  node !== undefined &&
  (ts.isStringLiteral(node) ||
    ts.isNoSubstitutionTemplateLiteral(node) ||
    ts.isTemplateExpression(node));

/** Names a database-ish receiver: `db`, `store.db`, `ctx.database`… */
const looksLikeDb = (expression: ts.Expression): boolean =>
  /(^|\.)(db|database)$/i.test(expression.getText());

/** Each place in `code` (a file under main/) that runs or holds SQL, as "file:line what". */
function sqlOutsideStore(file: string, code: string): string[] {
  return findIn(file, code, (node, at) => {
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression)) {
      const name = node.expression.name.text;
      const target = node.expression.expression;
      if (name === 'prepare') at(node, '.prepare(');
      if (name === 'exec' && (isLiteral(node.arguments[0]) || looksLikeDb(target))) {
        at(node, '.exec( with SQL');
      }
      if (name === 'pragma') at(node, '.pragma(');
      if (name === 'transaction' && looksLikeDb(target)) at(node, 'db.transaction(');
    }
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) {
      if (SQL.test(node.text)) at(node, 'SQL in a string');
    }
    if (ts.isTemplateExpression(node)) {
      const text = [node.head.text, ...node.templateSpans.map((s) => s.literal.text)].join(' ');
      if (SQL.test(text)) at(node, 'SQL in a template');
    }
  });
}

describe('where SQL lives', () => {
  it('finds no statement, transaction, pragma or SQL text under main/ outside main/store', () => {
    const allowed = (file: string) => ALLOWED.some((dir) => file.startsWith(dir));
    expect(offendersUnderMain(allowed, sqlOutsideStore)).toEqual([]);
  });

  it('tells SQL apart from a RegExp exec, a sentence and a comment', () => {
    const code = [
      'const m = /^a(b)$/.exec(path);',
      "const hint = 'Select a product from the list.';",
      '// SELECT id FROM sessions is what the store runs',
      "db.prepare('SELECT 1 FROM settings WHERE key = ?');",
      'const q = `DELETE FROM settings WHERE key = ${key}`;',
      "store.db.exec('PRAGMA foreign_keys = ON');",
      'ctx.db.transaction(() => 1)();',
    ].join('\n');
    expect(sqlOutsideStore('x.ts', code)).toEqual([
      'x.ts:4 .prepare(',
      'x.ts:4 SQL in a string',
      'x.ts:5 SQL in a template',
      'x.ts:6 .exec( with SQL',
      'x.ts:6 SQL in a string',
      'x.ts:7 db.transaction(',
    ]);
  });

  it('keeps runtime code off the migration files, whose constants are history', () => {
    const offenders = mainFiles().filter(({ file, path }) => {
      if (file.startsWith('main/store/migrations/')) return false;
      const code = readFileSync(path, 'utf8');
      // The store's migrate step reads the list through migrations/index.ts, nothing else.
      return /from '[^']*migrations\/\d{3}-[^']*'/.test(code);
    });
    expect(offenders.map(({ file }) => file)).toEqual([]);
  });
});

// The raw SQLite handle stays inside main/store too: services get the repos openStore built, so
// no service can prepare a statement, open a transaction of its own or build a second set of
// repos with another clock (`.db` in a comment or a string does not count).
/** Each place in `code` that reaches for the database itself, as "file:line what". */
function databaseUses(file: string, code: string): string[] {
  return findIn(file, code, (node, at) => {
    if (ts.isPropertyAccessExpression(node) && node.name.text === 'db') at(node, '.db');
    if (
      (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) &&
      node.moduleSpecifier &&
      ts.isStringLiteral(node.moduleSpecifier) &&
      node.moduleSpecifier.text === 'better-sqlite3'
    ) {
      at(node, "imports 'better-sqlite3'");
    }
  });
}

describe('the database handle', () => {
  it('is not handed out by the store: tests open their own connection (test/support/raw-db.ts)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cc-store-handle-'));
    const store = openStore(join(dir, 'console.db'));
    try {
      expect(Object.keys(store)).not.toContain('db');
      expect(Object.values(store).some((v) => v instanceof Database)).toBe(false);
    } finally {
      store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('is used by no file under main/ outside main/store', () => {
    const inStore = (file: string) => file.startsWith('main/store/');
    expect(offendersUnderMain(inStore, databaseUses)).toEqual([]);
  });

  it('is told apart from a comment, a string and a property merely named like it', () => {
    const code = [
      "import type { Database } from 'better-sqlite3';",
      '// store.db is the store’s own business',
      "const hint = 'see store.db';",
      'const sync = createSync({ db: store.db });',
      'const dbName = store.file;',
    ].join('\n');
    expect(databaseUses('x.ts', code)).toEqual(["x.ts:1 imports 'better-sqlite3'", 'x.ts:4 .db']);
  });
});
