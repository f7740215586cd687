// The raw SQLite handle stays inside main/store: services get the repos openStore built, so no
// service can prepare a statement, open a transaction of its own or build a second set of repos
// with another clock. Parsed with the TypeScript compiler, so `.db` in a comment or a string
// does not count.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = join(__dirname, '..', '..', '..');
const MAIN = join(ROOT, 'main');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

/** Each place in `code` that reaches for the database itself, as "file:line what". */
function databaseUses(file: string, code: string): string[] {
  const source = ts.createSourceFile(file, code, ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const at = (node: ts.Node, what: string) => {
    const line = source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
    found.push(`${file}:${line} ${what}`);
  };
  const visit = (node: ts.Node): void => {
    if (ts.isPropertyAccessExpression(node) && node.name.text === 'db') at(node, '.db');
    if (
      (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) &&
      node.moduleSpecifier &&
      ts.isStringLiteral(node.moduleSpecifier) &&
      node.moduleSpecifier.text === 'better-sqlite3'
    ) {
      at(node, "imports 'better-sqlite3'");
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe('the database handle', () => {
  it('is used by no file under main/ outside main/store', () => {
    const offenders = sourceFiles(MAIN).flatMap((path) => {
      const file = relative(ROOT, path).split(sep).join('/');
      if (file.startsWith('main/store/')) return [];
      return databaseUses(file, readFileSync(path, 'utf8'));
    });
    expect(offenders).toEqual([]);
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
