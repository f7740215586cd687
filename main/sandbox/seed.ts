import { createHash } from 'node:crypto';
import type { ItemRecord } from './state';

interface DemoProduct {
  name: string;
  description: string;
  unit_cost: string;
  currency: string;
  tax_class: string;
  stock: number | null;
}

// One-off products across the four demo currencies. Non-ASCII names on purpose:
// they catch encoding mistakes in the page, the ledger and the renderer.
const DEMO_PRODUCTS: DemoProduct[] = [
  {
    name: 'Sourdough Baking Course',
    description: 'Video course, lifetime access',
    unit_cost: '49.0',
    currency: 'EUR',
    tax_class: 'eservice',
    stock: null,
  },
  {
    name: 'Café Guide (ebook)',
    description: 'The little book of Barcelona cafés',
    unit_cost: '21.0',
    currency: 'EUR',
    tax_class: 'ebook',
    stock: null,
  },
  {
    name: 'Stock Photo Pack',
    description: '50 high-resolution photos',
    unit_cost: '15.0',
    currency: 'USD',
    tax_class: 'eservice',
    stock: null,
  },
  {
    name: 'Consulting Hour',
    description: 'One hour of remote consulting',
    unit_cost: '120.0',
    currency: 'USD',
    tax_class: 'consulting',
    stock: null,
  },
  {
    name: 'Washi Sticker Set',
    description: 'Twelve stickers, printed in Kyoto',
    unit_cost: '500.0',
    currency: 'JPY',
    tax_class: 'standard',
    stock: 250,
  },
  {
    name: 'Furoshiki Wrap',
    description: 'Cotton wrapping cloth, 70 × 70 cm',
    unit_cost: '2200.0',
    currency: 'JPY',
    tax_class: 'standard',
    stock: 40,
  },
  {
    name: 'Tea Sampler',
    description: 'Six loose-leaf teas',
    unit_cost: '12.5',
    currency: 'GBP',
    tax_class: 'standard',
    stock: 100,
  },
];

/**
 * Codes are derived from the name rather than random so every fresh demo, and
 * every test run, sees the same SKUs (`prod_` + 14 hex, as Quaderno's look).
 */
export function demoItems(firstId: number, now: string): ItemRecord[] {
  return DEMO_PRODUCTS.map((p, index) => ({
    id: firstId + index,
    code: 'prod_' + createHash('sha1').update(p.name).digest('hex').slice(0, 14),
    name: p.name,
    description: p.description,
    unit_cost: p.unit_cost,
    currency: p.currency,
    tax_class: p.tax_class,
    kind: 'one_off' as const,
    stock: p.stock,
    created_at: now,
  }));
}
