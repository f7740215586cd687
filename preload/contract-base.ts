// Building blocks shared by the contract's domain files.
import { z } from 'zod';

export interface MethodSpec<I extends z.ZodType, R> {
  input: I;
  /** Phantom: carries the result type only. */
  result?: R;
}

export function method<R>() {
  return <I extends z.ZodType>(input: I): MethodSpec<I, R> => ({ input });
}

export interface EventSpec<P> {
  /** Phantom: carries the payload type only. */
  payload?: P;
}

/** An event main sends to the page; its name is the key it is listed under. */
export function event<P>(): EventSpec<P> {
  return {};
}

export const empty = z.object({}).strict();
export const byId = z.object({ id: z.number().int().positive() }).strict();
export const httpUrl = (message = 'Use an http(s) URL.') =>
  z.url({ protocol: /^https?$/, error: message });
