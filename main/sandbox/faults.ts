import { z } from 'zod';
import { normalizePath } from './http';

export const faultInput = z.object({
  path: z.string().startsWith('/'),
  method: z
    .string()
    .transform((m) => m.toUpperCase())
    .optional(),
  times: z.number().int().min(1).default(1),
  status: z.number().int().min(100).max(599).optional(),
  delayMs: z.number().int().min(0).max(120_000).default(0),
  drop: z.boolean().default(false),
});

export type FaultInput = z.input<typeof faultInput>;

export interface Fault {
  path: string;
  method: string | undefined;
  remaining: number;
  /** Answer with this status instead of processing; undefined = process normally. */
  status: number | undefined;
  delayMs: number;
  /** Process normally, then destroy the socket before writing the answer. */
  drop: boolean;
}

export interface FaultPlan {
  status: number | undefined;
  delayMs: number;
  drop: boolean;
}

/**
 * Injected failures for the next N matching calls. Paths match ignoring
 * `.json`, a trailing slash and the query string. With neither status, delay
 * nor drop given, a fault means "answer 503", the overload answer Quaderno
 * documents.
 */
export class FaultTable {
  private faults: Fault[] = [];

  add(input: z.output<typeof faultInput>): Fault {
    const plain = input.status === undefined && input.delayMs === 0 && !input.drop;
    const fault: Fault = {
      path: normalizePath(new URL(input.path, 'http://x').pathname),
      method: input.method,
      remaining: input.times,
      status: plain ? 503 : input.status,
      delayMs: input.delayMs,
      drop: input.drop,
    };
    this.faults.push(fault);
    return fault;
  }

  clear(): void {
    this.faults = [];
  }

  /** Consumes one use of the first fault matching this call, if any. */
  take(method: string, normalizedPath: string): FaultPlan | null {
    const fault = this.faults.find(
      (f) => f.path === normalizedPath && (f.method === undefined || f.method === method),
    );
    if (!fault) return null;
    fault.remaining -= 1;
    if (fault.remaining <= 0) this.faults.splice(this.faults.indexOf(fault), 1);
    return { status: fault.status, delayMs: fault.delayMs, drop: fault.drop };
  }

  list(): Fault[] {
    return this.faults.map((f) => ({ ...f }));
  }
}
