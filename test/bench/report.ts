// Every benchmark prints `bench <name> <value> <unit>` lines and hands the same
// figures to the runner, which writes them all to bench-results.json (git-ignored).
import { pollUntil } from '../support/poll';
import type { CheckoutConsole } from '../../main/console';

export interface Figure {
  name: string;
  value: number;
  unit: string;
  target?: string;
}

export type Report = (name: string, value: number, unit: string, target?: string) => void;

export function createReporter(sink: Figure[]): Report {
  return (name, value, unit, target) => {
    const rounded = Number.isInteger(value) ? value : Number(value.toFixed(value < 10 ? 3 : 1));
    sink.push({ name, value: rounded, unit, ...(target ? { target } : {}) });
    process.stdout.write(
      `bench ${name} ${rounded} ${unit}${target ? `  (target ${target})` : ''}\n`,
    );
  };
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  if (sorted.length === 0) return Number.NaN;
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

/** Polls `probe` every `everyMs` (a benchmark waits closely: the wait is part of a figure). */
export function waitFor<T>(
  probe: () => T | undefined | null | false | Promise<T | undefined | null | false>,
  timeoutMs = 30_000,
  everyMs = 2,
): Promise<T> {
  return pollUntil('a benchmark outcome', probe, { timeoutMs, everyMs });
}

/**
 * A new console's start-up work (the sandbox, its catalogue) is over: the sandbox account's
 * products are in the store, so the first page a bench opens does not race it.
 */
export function sandboxCatalogueReady(cc: Pick<CheckoutConsole, 'call'>): Promise<true> {
  return waitFor(
    async () => {
      const products = await cc.call('products.list', {});
      return products.ok && products.value.length > 0;
    },
    30_000,
    20,
  );
}

/**
 * Whether a figure meets its target ('< 20 ms', '<= 200', '>= 0.5', '= 1', '0': the unit is
 * the figure's own). Undefined when there is no target or it cannot be read.
 */
export function meetsTarget(figure: Figure): boolean | undefined {
  const match = /^(<=|>=|<|>|=)?\s*(-?\d+(?:\.\d+)?)/.exec(figure.target?.trim() ?? '');
  if (!match) return undefined;
  const bound = Number(match[2]);
  switch (match[1] ?? '=') {
    case '<':
      return figure.value < bound;
    case '<=':
      return figure.value <= bound;
    case '>':
      return figure.value > bound;
    case '>=':
      return figure.value >= bound;
    default:
      return figure.value === bound;
  }
}
