// The fulfilment desk: activity log, sales totals and chart, CSV export (issue: fulfilment desk).
import type { Handlers } from '../dispatch';
import { ConsoleError } from '../errors';

export type DeskHandlers = Pick<
  Handlers,
  | 'activity.list'
  | 'events.get'
  | 'events.reprocess'
  | 'fulfillments.get'
  | 'fulfillments.totals'
  | 'fulfillments.chart'
  | 'export.csv'
>;

// Placeholder while the desk queries are being built in this folder.
const pending = async (): Promise<never> => {
  throw new ConsoleError('internal', 'The fulfilment desk is not available in this build yet.');
};

export function createDeskHandlers(): DeskHandlers {
  return {
    'activity.list': pending,
    'events.get': pending,
    'events.reprocess': pending,
    'fulfillments.get': pending,
    'fulfillments.totals': pending,
    'fulfillments.chart': pending,
    'export.csv': pending,
  };
}
