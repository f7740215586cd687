import { isObserved, type SandboxContext } from './context';
import { json, notFound, type Reply } from './http';
import { paginate } from './pagination';
import type { ItemRecord } from './state';

export function renderItem(ctx: SandboxContext, item: ItemRecord): Record<string, unknown> {
  if (isObserved(ctx)) {
    // Quaderno's recorded all_items.yml: no currency, kind, description or created_at. The
    // product tax type defaults to excluded; `accounting_code` stands for fields we do not
    // know of yet (docs/quaderno-api.md, "Where the real service differs").
    return {
      id: item.id,
      code: item.code,
      name: item.name,
      unit_cost: item.unit_cost,
      stock: item.stock,
      tax_class: item.tax_class,
      tax_type: 'excluded',
      accounting_code: null,
      url: `${ctx.apiUrl}items/${item.id}`,
    };
  }
  return {
    id: item.id,
    code: item.code,
    name: item.name,
    description: item.description,
    // A decimal string in major units, as Quaderno sends it (docs/quaderno-api.md).
    unit_cost: item.unit_cost,
    currency: item.currency,
    tax_class: item.tax_class,
    kind: item.kind,
    stock: item.stock,
    url: `${ctx.apiUrl}items/${item.id}`,
    created_at: item.created_at,
  };
}

export function listItems(ctx: SandboxContext, url: URL): Reply {
  return paginate(url, ctx.state.items, (i) => renderItem(ctx, i));
}

export function getItem(ctx: SandboxContext, rawId: string | undefined): Reply {
  const item =
    rawId && /^\d+$/.test(rawId) ? ctx.state.items.find((i) => i.id === Number(rawId)) : undefined;
  return item ? json(200, renderItem(ctx, item)) : notFound();
}
