// A main/ folder is entered through its index.ts: the lint rule that holds it, run through the
// project's own ESLint config so the rule's wiring and its allow-list are checked too.
import { join } from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const ROOT = join(__dirname, '..', '..', '..');
const RULE = 'local/folder-faces';

async function offences(code: string, file: string): Promise<string[]> {
  const eslint = new ESLint({ cwd: ROOT });
  const [result] = await eslint.lintText(code, { filePath: join(ROOT, file) });
  return (result?.messages ?? [])
    .filter((m) => m.ruleId === RULE)
    .map((m) => `${m.line}: ${m.message}`);
}

describe('folder faces under main/', () => {
  it('finds no file that reaches into another main/ folder past its index.ts', async () => {
    const eslint = new ESLint({ cwd: ROOT });
    const results = await eslint.lintFiles(['main/**/*.ts']);
    const found = results.flatMap((r) =>
      r.messages
        .filter((m) => m.ruleId === RULE)
        .map((m) => `${r.filePath.slice(ROOT.length + 1)}:${m.line} ${m.message}`),
    );
    expect(found).toEqual([]);
  }, 120_000);

  it("flags another folder's inner file and names the face to import instead", async () => {
    const code = [
      "import type { NewEvent } from '../store/events';",
      "export { normalizeSession } from '../quaderno/normalize';",
      "export const later = () => import('../sync/recheck-open');",
    ].join('\n');
    expect(await offences(code, 'main/receiver/example.ts')).toEqual([
      "1: '../store/events' reaches inside main/store/. Import '../store' (its index.ts) and export what you need there.",
      "2: '../quaderno/normalize' reaches inside main/quaderno/. Import '../quaderno' (its index.ts) and export what you need there.",
      "3: '../sync/recheck-open' reaches inside main/sync/. Import '../sync' (its index.ts) and export what you need there.",
    ]);
  }, 60_000);

  it("lets through a folder's face, the folder's own files, main's top files and preload", async () => {
    const code = [
      "import { openStore } from '../store';",
      "import { createEventsRepo } from '../store/index';",
      "import { ingest } from './ingest';",
      "import { ConsoleError } from '../errors';",
      "import type { Envelope } from '../../preload/contract';",
      'export const used = [openStore, createEventsRepo, ingest, ConsoleError] as unknown as Envelope<1>;',
    ].join('\n');
    expect(await offences(code, 'main/receiver/example.ts')).toEqual([]);
  }, 60_000);

  it('allows main/cli.ts, and only it, to import the command files', async () => {
    const code = "export { runLinks } from './commands/links';";
    expect(await offences(code, 'main/cli.ts')).toEqual([]);
    expect(await offences(code, 'main/console.ts')).toEqual([
      "1: './commands/links' reaches inside main/commands/. Import './commands' (its index.ts) and export what you need there.",
    ]);
  }, 60_000);
});
