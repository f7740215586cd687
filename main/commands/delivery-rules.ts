// `rules` and `rule add|edit|remove|enable|disable`: the delivery rules from the command line,
// through the same contract methods as Settings › Delivery (preload/contract-delivery.ts).
import { readFile } from 'node:fs/promises';
import type { z } from 'zod';
import type { Envelope } from '../../preload/contract';
import type {
  DeliveryRule,
  RuleAction,
  ruleActionInput,
  RuleActionKind,
} from '../../preload/contract-delivery';
import type { CheckoutConsole } from '../console';
import { fileProblem } from '../paths';
import { seeHelp } from './args';
import { readSecret, type Terminal } from './delivery-input';
import { wholeNumber } from './whole-number';
import { type Io, table, UsageError, valueOf } from './output';

export interface RuleFlags {
  name?: string;
  product?: string;
  'every-sale'?: boolean;
  email?: boolean;
  subject?: string;
  'body-file'?: string;
  'download-url'?: string;
  forward?: string;
  command?: string;
  timeout?: string;
  keys?: boolean;
  'no-keys'?: boolean;
  'new-secret'?: boolean;
  json?: boolean;
}

type ActionInput = z.input<typeof ruleActionInput>;

const SECRET_SOURCE = 'the signing secret (standard input)';
export const SECRET_PROMPT =
  'Type the signing secret for this forward (it is not shown; at least 16 characters) and press Enter: ';

/** The contract's fields (preload/contract-delivery.ts) → what the merchant typed them as. */
const FLAG_OF: Record<string, string> = {
  name: '--name',
  productCode: '--product',
  'action.subject': '--subject',
  'action.body': '--body-file',
  'action.downloadUrl': '--download-url',
  'action.url': '--forward',
  'action.command': '--command',
  'action.timeoutSeconds': '--timeout',
  secret: SECRET_SOURCE,
};

const FIELDS_OF_KIND: Record<RuleActionKind, Array<keyof RuleFlags>> = {
  email: ['subject', 'body-file', 'download-url'],
  forward: [],
  command: ['timeout'],
};

/** A refused field as the flag that set it (exit 2); other answers unchanged. */
function inFlagWords<T>(answer: Envelope<T>, words: string[]): Envelope<T> {
  if (answer.ok || answer.error.code !== 'invalid_input') return answer;
  for (const [field, message] of Object.entries(answer.error.fields ?? {})) {
    const flag = FLAG_OF[field];
    if (flag === undefined) continue;
    const limit = message.match(/<=\s*(\d+)/)?.[1];
    const text =
      field === 'action.timeoutSeconds'
        ? 'use a whole number of seconds from 1 to 600.'
        : limit !== undefined
          ? `use at most ${limit} characters.`
          : message;
    throw new UsageError(`${flag}: ${text} ${seeHelp(words)}`);
  }
  return answer;
}

const noRule = (id: number) =>
  new UsageError(`No rule ${id}; \`checkout-console rules\` lists them.`);

/** `rule ID` answered "not found": the list to look in is a command. */
function knownRule<T>(answer: Envelope<T>, id: number): Envelope<T> {
  if (!answer.ok && answer.error.code === 'not_found') throw noRule(id);
  return answer;
}

function kindOf(flags: RuleFlags): RuleActionKind | undefined {
  const kinds = (['email', 'forward', 'command'] as const).filter((k) => flags[k] !== undefined);
  if (kinds.length > 1) {
    throw new UsageError(
      'A rule does one thing: give one of --email, --forward URL or --command CMD.',
    );
  }
  return kinds[0];
}

async function bodyOf(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (e) {
    throw new UsageError(`--body-file ${path}: cannot read it (${fileProblem(e)}).`);
  }
}

/**
 * The action the flags describe, on top of `current` when they keep its kind (so `rule edit 3
 * --subject S` changes only the subject); undefined when no action flag was given.
 */
export async function actionFromFlags(
  flags: RuleFlags,
  current?: RuleAction,
): Promise<ActionInput | undefined> {
  const named = kindOf(flags);
  const fieldFlags = (Object.keys(FIELDS_OF_KIND) as RuleActionKind[]).flatMap((k) =>
    FIELDS_OF_KIND[k].filter((f) => flags[f] !== undefined).map((f) => ({ kind: k, flag: f })),
  );
  const kind = named ?? (fieldFlags.length > 0 ? current?.kind : undefined);
  const stray = fieldFlags.find((f) => f.kind !== kind);
  if (stray) throw new UsageError(`--${stray.flag} goes with --${stray.kind}.`);
  if (kind === undefined) return undefined;
  const same = current?.kind === kind ? current : undefined;
  if (kind === 'forward') {
    const url = flags.forward ?? (same?.kind === 'forward' ? same.url : '');
    return { kind, url };
  }
  if (kind === 'command') {
    const command = flags.command ?? (same?.kind === 'command' ? same.command : '');
    const timeout =
      flags.timeout === undefined
        ? same?.kind === 'command'
          ? same.timeoutSeconds
          : undefined
        : wholeNumber('--timeout', flags.timeout);
    return timeout === undefined ? { kind, command } : { kind, command, timeoutSeconds: timeout };
  }
  const old = same?.kind === 'email' ? same : undefined;
  const subject = flags.subject ?? old?.subject;
  const bodyFile = flags['body-file'];
  const body = bodyFile === undefined ? old?.body : await bodyOf(bodyFile);
  if (subject === undefined || body === undefined) {
    throw new UsageError('An email rule needs --subject S and --body-file F (the email’s text).');
  }
  const url = flags['download-url'];
  const downloadUrl = url === undefined ? (old?.downloadUrl ?? null) : url === '' ? null : url;
  return { kind, subject, body, downloadUrl };
}

function keysFlag(flags: RuleFlags): boolean | undefined {
  if (flags.keys && flags['no-keys']) throw new UsageError('Give --keys or --no-keys, not both.');
  return flags.keys ? true : flags['no-keys'] ? false : undefined;
}

function productFlag(flags: RuleFlags): string | null | undefined {
  if (flags['every-sale'] && flags.product !== undefined) {
    throw new UsageError('Give --product CODE or --every-sale, not both.');
  }
  return flags['every-sale'] ? null : flags.product;
}

async function secretFrom(terminal: Terminal, words: string[]): Promise<string> {
  const secret = await readSecret(terminal, SECRET_PROMPT);
  if (secret === '') {
    throw new UsageError(
      `A forward rule signs each request with a secret read from standard input, e.g. printf %s "$SECRET" | checkout-console ${words.join(' ')} … --forward URL. ${seeHelp(words)}`,
    );
  }
  return secret;
}

async function add(cc: CheckoutConsole, flags: RuleFlags, io: Io, terminal: Terminal) {
  const words = ['rule', 'add'];
  if (flags.name === undefined) throw new UsageError(`rule add needs --name N. ${seeHelp(words)}`);
  const action = await actionFromFlags(flags);
  if (action === undefined) {
    throw new UsageError(
      `rule add needs --email, --forward URL or --command CMD. ${seeHelp(words)}`,
    );
  }
  const useLicenceKeys = keysFlag(flags);
  const secret =
    action.kind === 'forward' && !terminal.forwardSecretInEnv
      ? await secretFrom(terminal, words)
      : undefined;
  const answer = await cc.call('rules.add', {
    name: flags.name,
    productCode: productFlag(flags) ?? null,
    action,
    ...(useLicenceKeys === undefined ? {} : { useLicenceKeys }),
    ...(secret === undefined ? {} : { secret }),
  });
  const rule = valueOf(inFlagWords(answer, words));
  if (flags.json) return io.out(JSON.stringify(rule));
  io.out(`Added rule ${rule.id} ${describe(rule)}.`);
}

async function edit(cc: CheckoutConsole, id: number, flags: RuleFlags, io: Io, terminal: Terminal) {
  const words = ['rule', 'edit'];
  const current = valueOf(await cc.call('rules.list', {})).find((r) => r.id === id);
  if (current === undefined) throw noRule(id);
  const action = await actionFromFlags(flags, current.action);
  const kind = action?.kind ?? current.action.kind;
  if (flags['new-secret'] && kind !== 'forward') {
    throw new UsageError('--new-secret is for forward rules, which sign what they send.');
  }
  const needsSecret =
    flags['new-secret'] ||
    (kind === 'forward' && current.action.kind !== 'forward' && !terminal.forwardSecretInEnv);
  const secret = needsSecret ? await secretFrom(terminal, words) : undefined;
  const productCode = productFlag(flags);
  const useLicenceKeys = keysFlag(flags);
  const patch = {
    ...(flags.name === undefined ? {} : { name: flags.name }),
    ...(productCode === undefined ? {} : { productCode }),
    ...(action === undefined ? {} : { action }),
    ...(useLicenceKeys === undefined ? {} : { useLicenceKeys }),
    ...(secret === undefined ? {} : { secret }),
  };
  if (Object.keys(patch).length === 0) {
    throw new UsageError(`rule edit ${id}: give what to change. ${seeHelp(words)}`);
  }
  const answer = await cc.call('rules.edit', { id, ...patch });
  const rule = valueOf(inFlagWords(knownRule(answer, id), words));
  if (flags.json) return io.out(JSON.stringify(rule));
  io.out(`Changed rule ${rule.id} ${describe(rule)}.`);
}

const ACTIONS = ['add', 'edit', 'remove', 'enable', 'disable'];

export async function runRule(
  cc: CheckoutConsole,
  flags: RuleFlags,
  io: Io,
  args: string[],
  terminal: Terminal,
): Promise<void> {
  const [action, idText, ...extra] = args;
  if (action === undefined || !ACTIONS.includes(action)) {
    throw new UsageError(
      `Use \`rule add\`, \`rule edit ID\`, \`rule remove ID\`, \`rule enable ID\` or \`rule disable ID\`. ${seeHelp(['rule'])}`,
    );
  }
  const words = ['rule', action];
  const stray = action === 'add' ? idText : extra[0];
  if (stray !== undefined) {
    throw new UsageError(`Unexpected argument ${JSON.stringify(stray)}. ${seeHelp(words)}`);
  }
  if (action === 'add') return add(cc, flags, io, terminal);
  if (idText === undefined) {
    throw new UsageError(
      `rule ${action} needs the rule's id; \`checkout-console rules\` lists them.`,
    );
  }
  const id = wholeNumber(`rule ${action}`, idText);
  if (action === 'edit') return edit(cc, id, flags, io, terminal);
  if (action === 'remove') {
    const removed = valueOf(knownRule(await cc.call('rules.remove', { id }), id));
    if (flags.json) return io.out(JSON.stringify(removed));
    return io.out(`Removed rule ${id}; sales from now on do not get it (its jobs stay listed).`);
  }
  const enabled = action === 'enable';
  const rule = valueOf(knownRule(await cc.call('rules.setEnabled', { id, enabled }), id));
  if (flags.json) return io.out(JSON.stringify(rule));
  io.out(`Rule ${rule.id} ${describe(rule)}.`);
}

function actionText(action: RuleAction): string {
  if (action.kind === 'email') return 'email to customer';
  if (action.kind === 'command') return 'command';
  try {
    return `forward to ${new URL(action.url).host}`;
  } catch {
    return 'forward';
  }
}

const productText = (rule: DeliveryRule) => rule.productCode ?? 'every sale';

/** "'Ebook email' (on): EBOOK → email to customer, with licence keys". */
function describe(rule: DeliveryRule): string {
  const keys = rule.useLicenceKeys ? ', with licence keys' : '';
  const state = rule.enabled ? 'on' : 'off';
  return `'${rule.name}' (${state}): ${productText(rule)} → ${actionText(rule.action)}${keys}`;
}

export async function runRules(cc: CheckoutConsole, flags: { json?: boolean }, io: Io) {
  const rules = valueOf(await cc.call('rules.list', {}));
  if (flags.json) return io.out(JSON.stringify(rules));
  if (rules.length === 0) {
    return io.out('No delivery rules yet. Add one with `checkout-console rule add --help`.');
  }
  const rows = [
    ['ID', 'ON/OFF', 'NAME', 'PRODUCT', 'ACTION', 'KEYS'],
    ...rules.map((r) => [
      String(r.id),
      r.enabled ? 'on' : 'off',
      r.name,
      productText(r),
      actionText(r.action),
      r.useLicenceKeys ? 'yes' : 'no',
    ]),
  ];
  for (const line of table(rows)) io.out(line);
}
