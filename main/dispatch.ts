// Validates a raw call against the contract and runs the handler. Every
// transport (Electron IPC, in-process, the HTTP test bridge) goes through here,
// so no service ever sees unvalidated input.
import { z } from 'zod';
import {
  isMethodName,
  methods,
  type Envelope,
  type MethodName,
  type MethodParsedInput,
  type MethodResult,
} from '../preload/contract';
import { ConsoleError, toErrorPayload } from './errors';

export type Handlers = {
  [N in MethodName]: (input: MethodParsedInput<N>) => Promise<MethodResult<N>>;
};

export function fieldErrors(error: z.ZodError): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.length > 0 ? issue.path.join('.') : '_';
    fields[key] ??= issue.message;
  }
  return fields;
}

export function validateInput<N extends MethodName>(name: N, raw: unknown): MethodParsedInput<N> {
  const parsed = methods[name].input.safeParse(raw ?? {});
  if (!parsed.success) {
    const fields = fieldErrors(parsed.error);
    const first = Object.values(fields)[0] ?? 'Check the highlighted fields.';
    throw new ConsoleError('invalid_input', first, { fields });
  }
  return parsed.data as MethodParsedInput<N>;
}

/** A call whose name the caller knows: the envelope carries that method's result type. */
export function dispatch<N extends MethodName>(
  handlers: Handlers,
  name: N,
  raw: unknown,
): Promise<Envelope<MethodResult<N>>>;
/** A call from outside (IPC, HTTP): any name, checked here before a handler runs. */
export function dispatch(
  handlers: Handlers,
  name: unknown,
  raw: unknown,
): Promise<Envelope<unknown>>;
export async function dispatch(
  handlers: Handlers,
  name: unknown,
  raw: unknown,
): Promise<Envelope<unknown>> {
  try {
    if (!isMethodName(name)) {
      throw new ConsoleError('invalid_input', `Unknown method ${JSON.stringify(String(name))}.`);
    }
    return { ok: true, value: await run(handlers, name, validateInput(name, raw)) };
  } catch (e) {
    return { ok: false, error: toErrorPayload(e) };
  }
}

function run<N extends MethodName>(
  handlers: Handlers,
  name: N,
  input: MethodParsedInput<N>,
): Promise<MethodResult<N>> {
  const handler: Handlers[N] = handlers[name];
  return handler(input);
}

/** The value of a reply, or its failure as the ConsoleError main threw (code and fields kept). */
export function valueOrThrow<T>(envelope: Envelope<T>): T {
  if (envelope.ok) return envelope.value;
  const { code, message, fields } = envelope.error;
  throw new ConsoleError(code, message, fields ? { fields } : {});
}
