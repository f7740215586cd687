// The overview (`checkout-console --help`) is written by hand beside each command's own help,
// which is what the parser reads a command's options from: an option a command takes and the
// overview does not show is an option a newcomer never learns of.
import { describe, expect, it } from 'vitest';
import { HELP } from '../../../main/cli';
import { helpTopic, optionsOf } from '../../../main/commands/args';
import { COMMAND_HELP } from '../../../main/commands/help';

const GLOBAL = new Set(['data-dir', 'utc', 'version', 'help']);

/** The overview's entries: a line starting with two spaces and a word, and the lines under it. */
function overviewEntries(): string[] {
  const entries: string[] = [];
  for (const line of HELP.split('\n')) {
    if (/^ {2}[a-z]/.test(line)) entries.push(line);
    else if (/^ {3,}\S/.test(line) && entries.length > 0)
      entries[entries.length - 1] += `\n${line}`;
  }
  return entries;
}

/** The help topic an entry speaks for: `rule edit ID` is rule edit's, `job retry|done ID` job's. */
function topicOf(entry: string): string | undefined {
  const words = entry
    .trim()
    .split(/\s+/)
    .slice(0, 2)
    .map((w) => w.split('|')[0] ?? w);
  return helpTopic(words);
}

describe('the overview help', () => {
  it('shows every option each command takes, or says [options] where its own help has them', () => {
    // `login --api-url URL` and `login --sandbox` are two entries of one command.
    const shown = new Map<string, Set<string>>();
    for (const entry of overviewEntries()) {
      const topic = topicOf(entry);
      if (topic === undefined) continue;
      const names = entry.includes('[options]')
        ? optionsOf(topic)
        : [...entry.matchAll(/--([a-z][a-z-]*)/g)].map((m) => m[1] ?? '');
      shown.set(topic, new Set([...(shown.get(topic) ?? []), ...names]));
    }
    // A command's own help (`rule`) speaks for all its entries (`rule add`, `rule remove`).
    const under = (topic: string) =>
      [...shown]
        .filter(([t]) => t === topic || t.startsWith(`${topic} `))
        .flatMap(([, n]) => [...n]);
    const missing = [...shown.keys()].flatMap((topic) =>
      [...optionsOf(topic)]
        .filter((name) => !GLOBAL.has(name) && !under(topic).includes(name))
        .map((name) => `${topic}: --${name}`),
    );
    expect(missing).toEqual([]);
  });

  it('has an entry for every command', () => {
    const commands = new Set(Object.keys(COMMAND_HELP).map((t) => t.split(' ')[0]));
    const listed = new Set(overviewEntries().map((entry) => topicOf(entry)?.split(' ')[0]));
    expect([...commands].filter((c) => c !== 'help' && !listed.has(c))).toEqual([]);
  });

  it('says what export writes in every format it takes', () => {
    const entry = overviewEntries()
      .filter((e) => e.trim().startsWith('export '))
      .join('\n');
    for (const format of ['csv', 'csv-excel', 'xero', 'qbo3', 'qbo4']) {
      expect(entry).toContain(format);
    }
  });
});
