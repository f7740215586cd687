// The command line read into flags and words, with the CLI's own sentences for the mistakes
// parseArgs catches (its messages speak of positionals and `--` escapes, not of this tool).
import { parseArgs, type ParseArgsConfig } from 'node:util';
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

/** Where to read more: the command's help when there is one, else the overview. */
export function seeHelp(words: string[]): string {
  const topic = helpTopic(words);
  return topic
    ? `Run \`checkout-console ${topic} --help\` to see its options.`
    : 'Run `checkout-console --help` to see the commands.';
}

/** The option name in a parseArgs message, e.g. "--price" from "Unknown option '--price'. …". */
function optionIn(message: string): string {
  const quoted = /'(-{1,2}[^' ]*)/.exec(message)?.[1] ?? '';
  return quoted.split('=')[0] ?? quoted;
}

export function parseCommandLine<T extends Options>(argv: string[], options: T) {
  try {
    return parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (e) {
    if (!(e instanceof TypeError) || !('code' in e)) throw e;
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
    if (e.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
      throw new UsageError(`Unknown option ${name}${where}. ${seeHelp(positionals)}`);
    }
    if (e.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && spec?.type === 'boolean') {
      throw new UsageError(`${name} takes no value. ${seeHelp(positionals)}`);
    }
    if (e.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
      throw new UsageError(
        `${name} needs a value (a value starting with "-" is written ${name}=VALUE). ${seeHelp(positionals)}`,
      );
    }
    throw new UsageError(`${e.message.split('. ')[0] ?? e.message}. ${seeHelp(positionals)}`);
  }
}
