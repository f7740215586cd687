// A console double for the Links screen in Chromium: real contract validation
// through main/dispatch.ts, links kept in memory, products and settings fixed.
import {
  type EventName,
  type Events,
  type Link,
  type LinkResult,
  type MethodParsedInput,
  type Product,
  type Settings,
} from '../../../preload/contract';
import { formatMoney } from '../../../preload/money';
import { dispatch } from '../../../main/dispatch';
import { ConsoleError } from '../../../main/errors';
import { linkNotFound } from '../../../main/links';
import type { Page } from 'playwright-core';
import type { BridgedConsole } from '../../support/http-bridge';
import type { OpenOptions, RendererPages } from '../../support/renderer-pages';
import { fakeEvents, fakeHandlers, signedInHandlers } from './fake-console';

export const products: Product[] = [
  {
    code: 'prod_course',
    name: 'Sourdough Baking Course',
    description: 'Video course',
    unitAmount: 4900,
    currency: 'EUR',
    kind: 'one_off',
  },
  {
    code: 'prod_guide',
    name: 'Café Guide (ebook)',
    description: null,
    unitAmount: 2100,
    currency: 'EUR',
    kind: 'one_off',
  },
  {
    code: 'prod_washi',
    name: 'Washi Sticker Set',
    description: 'Twelve stickers',
    unitAmount: 500,
    currency: 'JPY',
    kind: 'one_off',
  },
];

export const settings: Settings = {
  successUrl: 'https://shop.example/thanks',
  cancelUrl: 'https://shop.example/cart',
  locale: 'auto',
  paymentMethods: ['card'],
  billingDetailsCollection: 'auto',
  couponCollection: false,
  emailTemplate: 'Hi {firstName}, here is your link for {items} ({total}): {link}',
  notifications: true,
  tunnelSubdomain: '',
  tunnelHost: '',
  publicUrl: '',
  receiverPort: 0,
  openAtLogin: false,
  saleSound: null,
  dailySummary: false,
  summaryHour: 9,
};

export interface LinksFake extends BridgedConsole {
  calls: Array<{ name: string; input: unknown }>;
  links: Link[];
  emit<E extends EventName>(name: E, payload: Events[E]): void;
  /** The next links.create fails with this error instead. */
  failNextCreate(error: ConsoleError): void;
}

type CreateInput = MethodParsedInput<'links.create'>;

/**
 * `unsynced`: products Quaderno's catalogue has that products.list leaves out (links.create
 * looks a product up in Quaderno's catalogue when the synced one lacks it).
 */
export function createLinksFake(options: { unsynced?: Product[] } = {}): LinksFake {
  const known = [...products, ...(options.unsynced ?? [])];
  const calls: LinksFake['calls'] = [];
  const links: Link[] = [];
  const events = fakeEvents();
  let nextFailure: ConsoleError | null = null;
  const { emit } = events;
  const record = (name: string, input: unknown) => calls.push({ name, input });
  const key = (i: CreateInput) => JSON.stringify([i.customer.email.toLowerCase(), i.items]);
  const keys = new Map<number, string>();

  const resultFor = (link: Link, reused: boolean): LinkResult => ({
    link,
    reused,
    emailText: `Hi ${link.customer.firstName ?? 'there'}, pay ${formatMoney(link.total, link.currency)} here: ${link.permalink}`,
  });

  function build(input: CreateInput, id: number): Link {
    const items = input.items.map((item) => {
      const product = known.find((p) => p.code === item.product);
      if (!product) {
        throw new ConsoleError('invalid_input', 'Unknown product.', {
          fields: {
            [`items.${input.items.indexOf(item)}.product`]:
              'This product is not in your catalogue.',
          },
        });
      }
      return {
        product: product.code,
        name: product.name,
        quantity: item.quantity,
        unitAmount: item.unitAmount ?? product.unitAmount,
        // Like Quaderno: a product without a currency is charged in the account's (EUR here).
        currency: product.currency ?? 'EUR',
      };
    });
    return {
      id,
      permalink: `https://acme.quadernoapp.com/checkout/session/${String(id).padStart(40, 'a')}`,
      status: 'pending',
      customer: {
        email: input.customer.email,
        firstName: input.customer.firstName ?? null,
        lastName: input.customer.lastName ?? null,
        company: input.customer.company ?? null,
        billingCountry: input.customer.billingCountry ?? null,
      },
      items,
      total: items.reduce((sum, i) => sum + i.unitAmount * i.quantity, 0),
      currency: items[0]?.currency ?? 'EUR',
      createdAt: '2026-11-27T10:15:00.000Z',
      updatedAt: '2026-11-27T10:15:00.000Z',
      reuseCount: 0,
    };
  }

  const handlers = fakeHandlers({
    ...signedInHandlers,
    'products.list': async () => products,
    'products.sync': async () => products,
    'settings.get': async () => settings,
    'links.create': async (input) => {
      record('links.create', input);
      if (nextFailure) {
        const failure = nextFailure;
        nextFailure = null;
        throw failure;
      }
      const open = input.forceNew
        ? undefined
        : links.find((l) => l.status === 'pending' && keys.get(l.id) === key(input));
      if (open) {
        open.reuseCount += 1;
        emit('links.changed', { ids: [open.id] });
        return resultFor(open, true);
      }
      const link = build(input, 100 + links.length);
      links.unshift(link);
      keys.set(link.id, key(input));
      emit('links.changed', { ids: [link.id] });
      return resultFor(link, false);
    },
    'links.list': async (input) => {
      record('links.list', input);
      const search = input.search?.toLowerCase();
      const items = links.filter(
        (l) =>
          (!input.status || l.status === input.status) &&
          (!search ||
            [
              l.customer.email,
              l.customer.firstName,
              l.customer.lastName,
              ...l.items.flatMap((i) => [i.product, i.name]),
            ].some((v) => v?.toLowerCase().includes(search))),
      );
      return { items: items.slice(input.offset, input.offset + input.limit), total: items.length };
    },
    'links.get': async ({ id }) => {
      const link = links.find((l) => l.id === id);
      if (!link) throw linkNotFound(id, true);
      return resultFor(link, false);
    },
    'links.update': async (input) => {
      record('links.update', input);
      const index = links.findIndex((l) => l.id === input.id);
      const old = links[index];
      if (!old) throw linkNotFound(input.id, true);
      const next = build(
        {
          customer: input.customer ?? { email: old.customer.email },
          items:
            input.items ?? old.items.map((i) => ({ product: i.product, quantity: i.quantity })),
          forceNew: false,
        },
        old.id,
      );
      links[index] = next;
      emit('links.changed', { ids: [old.id] });
      return resultFor(next, false);
    },
    'links.cancel': async ({ id }) => {
      record('links.cancel', { id });
      const link = links.find((l) => l.id === id);
      if (!link) throw linkNotFound(id, true);
      link.status = 'deleted';
      emit('links.changed', { ids: [id] });
      return link;
    },
  });

  return {
    calls,
    links,
    dispatch: (name, input) => dispatch(handlers, name, input),
    onAny: events.onAny,
    emit,
    failNextCreate(error) {
      nextFailure = error;
    },
  };
}

/** The Links screen (the app's first) against `fake`, once its heading is shown. */
export async function openLinksScreen(
  pages: RendererPages,
  fake: BridgedConsole,
  options: OpenOptions = {},
): Promise<Page> {
  const page = await pages.open(fake, options);
  await page.getByRole('heading', { level: 1, name: 'Links' }).waitFor();
  return page;
}

/** Picks a product in the form's picker labelled `label` by typing `search`. */
export async function pickProduct(
  page: Page,
  label: string,
  search = 'course',
  name: RegExp = /Sourdough/,
): Promise<void> {
  await page.getByRole('combobox', { name: label }).fill(search);
  await page.getByRole('option', { name }).click();
}
