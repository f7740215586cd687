// The command line read into flags and words, with the CLI's own sentences for the mistakes
// parseArgs catches (its messages speak of positionals and `--` escapes, not of this tool).
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { errorCode } from '../error-code';
import { COMMAND_HELP } from './help';
import { UsageError } from './output';

type Options = NonNullable<ParseArgsConfig['options']>;

/** The help entry for these words: `link create` before `link`; undefined if none. */
export function helpTopic(words: string[]): string | undefined {
  const two = words.slice(0, 2).join(' ');
  if (words.length >= 2 && COMMAND_HELP[two] !== undefined) return two;
  const one = words[0];
  return one !== undefined && COMMAND_HELP[one] !== undefined ? one : undefined;
}

/** "Did you mean fulfillments?" for a word a typo or two from a command, else ''. */
export function didYouMean(word: string): string {
  const commands = [...new Set(Object.keys(COMMAND_HELP).map((t) => t.split(' ')[0] ?? t))];
  const close = commands
    .map((c) => ({ c, d: editDistance(word.toLowerCase(), c) }))
    .filter(({ d }) => d <= 2 && d < word.length)
    .sort((a, b) => a.d - b.d)[0];
  return close ? ` Did you mean ${close.c}?` : '';
}

function editDistance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    const next = [i];
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      next[j] = Math.min((row[j] ?? 0) + 1, (next[j - 1] ?? 0) + 1, (row[j - 1] ?? 0) + cost);
    }
    row = next;
  }
  return row[b.length] ?? 0;
}

/** Where to read more: the command's help when there is one, else the overview. */
export function seeHelp(words: string[]): string {
  const topic = helpTopic(words);
  return topic
    ? `Run \`checkout-console ${topic} --help\` to see its options.`
    : 'Run `checkout-console --help` to see the commands.';
}

// Every command takes these; the rest belong to one command or another.
const GLOBAL_OPTIONS = ['data-dir', 'utc', 'version', 'help'];

/**
 * A command's options, read from its help (the Usage lines and the lines that start with an
 * option), so what the help lists and what the command accepts cannot disagree.
 */
export function optionsOf(topic: string): Set<string> {
  const text = COMMAND_HELP[topic] ?? '';
  const usage = text.split('\n\n')[0] ?? '';
  const inUsage = [...usage.matchAll(/--([a-z][a-z-]*)/g)].map((m) => m[1] ?? '');
  const listed = text.split('\n').map((line) => line.match(/^\s+--([a-z][a-z-]*)/)?.[1] ?? '');
  return new Set([...GLOBAL_OPTIONS, ...inUsage, ...listed].filter((name) => name !== ''));
}

/** Refuses an option the command does not take, which would otherwise be silently ignored. */
export function refuseForeignOptions(words: string[], given: string[]): void {
  const topic = helpTopic(words);
  if (topic === undefined) return;
  const allowed = optionsOf(topic);
  const foreign = given.find((name) => !allowed.has(name));
  if (foreign !== undefined) {
    throw new UsageError(`${topic} does not take --${foreign}. ${seeHelp(words)}`);
  }
}

/** The option name in a parseArgs message, e.g. "--price" from "Unknown option '--price'. …". */
function optionIn(message: string): string {
  const quoted = message.match(/'(-{1,2}[^' ]*)/)?.[1] ?? '';
  return quoted.split('=')[0] ?? quoted;
}

export function parseCommandLine<T extends Options>(argv: string[], options: T) {
  try {
    return parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (e) {
    const code = errorCode(e);
    if (!(e instanceof TypeError) || code === undefined) throw e;
    // Lenient second reading, only to name the command in the sentence.
    const { positionals } = parseArgs({
      args: argv,
      options,
      allowPositionals: true,
      strict: false,
    });
    const where = positionals.length > 0 ? ` for ${positionals.slice(0, 2).join(' ')}` : '';
    const name = optionIn(e.message);
    const spec = options[name.replace(/^-+/, '')];
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
      throw new UsageError(`Unknown option ${name}${where}. ${seeHelp(positionals)}`);
    }
    if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && spec?.type === 'boolean') {
      throw new UsageError(`${name} takes no value. ${seeHelp(positionals)}`);
    }
    if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
      throw new UsageError(
        `${name} needs a value (a value starting with "-" is written ${name}=VALUE). ${seeHelp(positionals)}`,
      );
    }
    throw new UsageError(`${e.message.split('. ')[0] ?? e.message}. ${seeHelp(positionals)}`);
  }
}
