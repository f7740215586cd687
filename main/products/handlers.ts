// The products.* contract methods: the catalogue as stored, and a fresh copy from Quaderno.
import type { Handlers } from '../dispatch';
import type { ProductsService } from './index';

export type ProductHandlers = Pick<Handlers, 'products.list' | 'products.sync'>;

export function createProductHandlers(products: ProductsService): ProductHandlers {
  return {
    'products.list': async () => products.list(),
    'products.sync': async () => products.sync(),
  };
}
