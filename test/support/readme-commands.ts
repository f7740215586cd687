// Reads README.md's shell blocks into the commands a newcomer would type, in order, and says
// how the README test treats each one. A line the table below does not know fails the test,
// so a new kind of command in the README cannot slip past unexecuted.

export interface ReadmeLine {
  section: string;
  /** 1-based line number in README.md where the command starts. */
  at: number;
  command: string;
  comment: string;
  /** A comment-only line telling the reader to stop a running command (see STOP_LINE). */
  stops?: string;
}

export type Treatment =
  | { kind: 'run' }
  | { kind: 'background'; ready: RegExp }
  | { kind: 'stop'; which: string }
  | { kind: 'skip'; reason: string }
  | { kind: 'unknown'; reason: string };

/** `npx checkout-console` commands that run until Ctrl+C, and the line that says they are up. */
export const LONG_RUNNING: Record<string, RegExp> = {
  sandbox: /running at|"apiUrl"/,
  listen: /Listening for sales|"event"/,
  demo: /https?:\/\/\S+/,
};

/**
 * What a reader is told a line needs (README: "Lines ending in `# needs …`"). These lines are
 * skipped, and the test says so.
 */
const NEEDS = /^needs (a real account|a tunnel|Electron|network access|macOS|Windows)\b/;

/** Set-up of the checkout this test runs in: re-running it here would be circular or offline. */
const DEVELOPMENT = [
  /^npm (install|ci|test|start|run \S+)\b/,
  /^ELECTRON_SKIP_BINARY_DOWNLOAD=1 npm install\b/,
  /^sudo apt-get install\b/,
];

const CLI = /^(printf [^|]*\|\s*)?npx checkout-console( |$)/;

/**
 * The README's instruction to stop a long-running command where a later step needs it stopped:
 * a comment line `# Ctrl+C in the terminal running \`listen\`…`. The test presses Ctrl+C there,
 * and nowhere else until the end.
 */
const STOP_LINE = /^#\s*Ctrl\+C in the terminal running `(\w+)`/;

/** The index of a `#` that starts a comment: outside quotes, after whitespace. */
function commentStart(line: string): number {
  let quote: string | null = null;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quote) {
      if (c === quote) quote = null;
    } else if (c === "'" || c === '"') quote = c;
    else if (c === '#' && (i === 0 || /\s/.test(line[i - 1] ?? ''))) return i;
  }
  return -1;
}

export function readmeLines(markdown: string): ReadmeLine[] {
  const lines = markdown.split('\n');
  const found: ReadmeLine[] = [];
  let section = '';
  let inShell = false;
  let inOther = false;
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i] ?? '';
    if (!inShell && !inOther && raw.startsWith('## ')) section = raw.slice(3).trim();
    // Fences may be indented (a block inside a list item).
    const fence = raw.trimStart();
    if (fence.startsWith('```')) {
      if (inShell || inOther) inShell = inOther = false;
      else if (/^```(sh|shell|bash|console)\s*$/.test(fence)) inShell = true;
      else inOther = true;
      continue;
    }
    if (!inShell) continue;
    let text = raw.trim();
    const at = i + 1;
    // A trailing backslash continues the command on the next line.
    while (text.endsWith('\\') && i + 1 < lines.length) {
      text = `${text.slice(0, -1)} ${(lines[++i] ?? '').trim()}`;
    }
    const hash = commentStart(text);
    const command = (hash < 0 ? text : text.slice(0, hash)).trim().replace(/\s+/g, ' ');
    const comment = hash < 0 ? '' : text.slice(hash + 1).trim();
    const stop = STOP_LINE.exec(text)?.[1];
    if (stop !== undefined) found.push({ section, at, command: '', comment, stops: stop });
    else if (command !== '') found.push({ section, at, command, comment });
  }
  return found;
}

export function subcommandOf(command: string): string | undefined {
  const words = command.replace(CLI, '').split(' ');
  return words.find((w) => !w.startsWith('-') && w !== '') ?? undefined;
}

export function treatmentOf(line: ReadmeLine): Treatment {
  if (line.stops !== undefined) return { kind: 'stop', which: line.stops };
  const needs = NEEDS.exec(line.comment);
  if (needs) return { kind: 'skip', reason: `marked "${needs[0]}"` };
  if (DEVELOPMENT.some((re) => re.test(line.command))) {
    return { kind: 'skip', reason: 'development set-up of the checkout this test runs in' };
  }
  if (CLI.test(line.command)) {
    const ready = LONG_RUNNING[subcommandOf(line.command) ?? ''];
    if (ready && !line.command.includes('--help')) return { kind: 'background', ready };
    return { kind: 'run' };
  }
  if (/^curl /.test(line.command)) return { kind: 'run' };
  return {
    kind: 'unknown',
    reason:
      'not a checkout-console or curl command, not development set-up, not marked "# needs …"',
  };
}

/** The words in capitals that stand for a value from earlier output, as the README explains. */
export const PLACEHOLDERS = ['ID', 'KEY'] as const;

/** Placeholders in a command (`link cancel ID`), as whole words. */
export function placeholdersIn(command: string): string[] {
  return [...command.matchAll(/(?<![\w$=-])([A-Z]{2,})(?![\w=])/g)]
    .map((m) => m[1] ?? '')
    .filter((w) => (PLACEHOLDERS as readonly string[]).includes(w));
}
