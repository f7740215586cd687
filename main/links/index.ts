// Checkout links: create-or-reuse, edit and cancel checkout sessions (issue: checkout links).
import type { Handlers } from '../dispatch';
import { ConsoleError } from '../errors';

export type LinkHandlers = Pick<
  Handlers,
  'links.create' | 'links.list' | 'links.get' | 'links.update' | 'links.cancel'
>;

// Placeholder while the links service is being built in this folder.
const pending = async (): Promise<never> => {
  throw new ConsoleError('internal', 'Checkout links are not available in this build yet.');
};

export function createLinkHandlers(): LinkHandlers {
  return {
    'links.create': pending,
    'links.list': pending,
    'links.get': pending,
    'links.update': pending,
    'links.cancel': pending,
  };
}
