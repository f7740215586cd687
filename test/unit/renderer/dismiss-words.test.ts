// One vocabulary for leaving without doing (renderer/src/components/dismiss-words.ts): the
// words the issue replaced must not come back as a button's whole text anywhere in the screens.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(__dirname, '../../../renderer/src');
const RETIRED = ['Cancel', 'Done', 'Dismiss', 'Keep as it was', 'Add account'];

function tsxFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? tsxFiles(join(dir, e.name))
      : e.name.endsWith('.tsx')
        ? [join(dir, e.name)]
        : [],
  );
}

/** Retired words a file shows as a button's text or a label string, "file: word" each. */
export function retiredWords(file: string, source: string): string[] {
  return RETIRED.filter((w) => new RegExp(`>\\s*${w}\\s*<|'${w}'|"${w}"`).test(source)).map(
    (w) => `${file}: ${w}`,
  );
}

describe('dismiss buttons', () => {
  it('use Close, Discard, Discard changes or Keep it, never the retired words', () => {
    const found = tsxFiles(ROOT).flatMap((f) =>
      retiredWords(f.slice(ROOT.length + 1), readFileSync(f, 'utf8')),
    );
    expect(found).toEqual([]);
  });
});
