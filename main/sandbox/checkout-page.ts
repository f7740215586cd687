import { isObserved, isoNow, type SandboxContext } from './context';
import { countryOf, sessionTotalCents, TAX_BY_COUNTRY } from './events';
import { escapeHtml, page } from './html';
import type { Reply } from './http';
import type { SessionRecord } from './state';
import { applyCheckoutAction, isPayable, type CheckoutAction } from './transitions';

const INTL_LOCALE: Record<string, string> = { auto: 'en', no: 'nb' };

function formatMoney(session: SessionRecord, cents: number, currency: string): string {
  const locale = INTL_LOCALE[session.locale] ?? session.locale;
  // Session amounts are hundredths of the major unit for every currency (see session-build.ts).
  return new Intl.NumberFormat(locale, { style: 'currency', currency }).format(cents / 100);
}

const html = (status: number, title: string, body: string): Reply => ({
  status,
  html: page(title, body),
});

export function findByToken(ctx: SandboxContext, token: string): SessionRecord | undefined {
  return ctx.state.sessions.find((s) => s.token === token);
}

function itemsTable(ctx: SandboxContext, session: SessionRecord): string {
  const currency = session.items[0]?.currency ?? 'EUR';
  const rows = session.items
    .map(
      (i) =>
        `<tr><td>${escapeHtml(i.name)}<br><span class="note">${escapeHtml(i.description)}</span></td>` +
        `<td class="num">${i.quantity}</td><td class="num">${escapeHtml(formatMoney(session, i.amount, i.currency))}</td></tr>`,
    )
    .join('\n');
  const net = sessionTotalCents(session);
  const money = (cents: number) => escapeHtml(formatMoney(session, cents, currency));
  const row = (label: string, cents: number) =>
    `<tr><th colspan="2">${escapeHtml(label)}</th><th class="num">${money(cents)}</th></tr>`;
  // The observed profile charges tax on top (docs/quaderno-api.md, "Where the real service
  // differs"), as events-observed.ts computes it: the page shows what the customer pays.
  const [taxName, rate] = TAX_BY_COUNTRY[countryOf(session)] ?? ['VAT', 21.0];
  const gross = isObserved(ctx) ? Math.round(net * (1 + rate / 100)) : net;
  const taxRows =
    gross === net ? '' : row('Subtotal', net) + row(`${taxName} ${rate}%`, gross - net);
  return `<table><thead><tr><th>Item</th><th class="num">Qty</th><th class="num">Price</th></tr></thead>
<tbody>${rows}</tbody>
<tfoot>${taxRows}${row('Total', gross)}</tfoot></table>`;
}

function field(name: string, label: string, value: string | null, type = 'text'): string {
  return `<label>${label} <input type="${type}" name="${name}" value="${escapeHtml(value)}"></label>`;
}

function checkoutForm(ctx: SandboxContext, session: SessionRecord, problem?: string): string {
  const c = session.customer;
  return `<h1>Checkout</h1>
${itemsTable(ctx, session)}
<form method="post" action="/checkout/session/${escapeHtml(session.token)}">
<fieldset><legend>Customer</legend>
${field('first_name', 'First name', c.first_name)}
${field('last_name', 'Last name', c.last_name)}
${field('email', 'Email', c.email, 'email')}
${c.company ? `<p>Company: ${escapeHtml(c.company)}</p>` : ''}
</fieldset>
${problem ? `<p class="error" role="alert">${escapeHtml(problem)}</p>` : ''}
<div class="actions">
<button type="submit" name="action" value="pay">Pay</button>
<button type="submit" name="action" value="fail" formnovalidate>Fail</button>
<button type="submit" name="action" value="abandon" formnovalidate>Abandon</button>
</div>
<p class="note">Sandbox: no money moves. Pay succeeds, Fail simulates a declined card.</p>
</form>`;
}

function closedPage(ctx: SandboxContext, session: SessionRecord): Reply {
  return html(
    409,
    'Checkout closed',
    `<h1>This checkout is no longer payable</h1>
<p>Its status is <strong>${escapeHtml(session.status)}</strong>.</p>${itemsTable(ctx, session)}`,
  );
}

export const unknownCheckout = (): Reply =>
  html(
    404,
    'Checkout not found',
    '<h1>Checkout not found</h1><p>Check the link you were sent.</p>',
  );

export function renderCheckoutPage(ctx: SandboxContext, token: string): Reply {
  const session = findByToken(ctx, token);
  if (!session) return unknownCheckout();
  if (!isPayable(session)) return { ...closedPage(ctx, session), status: 200 };
  // A customer looking at the page is activity: it holds off the observed profile's abandonment.
  session.active_at = isoNow(ctx);
  ctx.persist.changed();
  return html(200, 'Checkout', checkoutForm(ctx, session));
}

/** A form past the body cap: no customer sends one, so it is refused before anything changes. */
export const checkoutFormTooLarge = (): Reply =>
  html(
    413,
    'Checkout',
    '<h1>The form sent was too large</h1><p>Go back to the checkout link and try again.</p>',
  );

const ACTIONS: Record<string, [CheckoutAction, string, 'success_url' | 'cancel_url']> = {
  pay: ['complete', 'Payment complete', 'success_url'],
  fail: ['fail', 'Payment failed', 'cancel_url'],
  abandon: ['abandon', 'Checkout abandoned', 'cancel_url'],
};

/** The hosted page's buttons: update the customer from the form, then move the session. */
export function submitCheckoutPage(ctx: SandboxContext, token: string, formBody: string): Reply {
  const session = findByToken(ctx, token);
  if (!session) return unknownCheckout();
  const form = new URLSearchParams(formBody);
  const chosen = ACTIONS[form.get('action') ?? ''];
  if (!chosen)
    return html(400, 'Checkout', checkoutForm(ctx, session, 'Choose Pay, Fail or Abandon.'));
  if (!isPayable(session)) return closedPage(ctx, session);
  const [action, title, target] = chosen;
  if (action !== 'abandon') {
    const email = form.get('email')?.trim();
    if (email && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) {
      return html(422, 'Checkout', checkoutForm(ctx, session, 'Enter a valid email address.'));
    }
    for (const key of ['first_name', 'last_name', 'email'] as const) {
      const value = form.get(key)?.trim();
      if (value) session.customer[key] = value;
    }
  }
  applyCheckoutAction(ctx, session, action);
  const link = session[target];
  return html(
    200,
    title,
    `<h1>${escapeHtml(title)}</h1>
<p><a href="${escapeHtml(link)}">Return to the merchant</a></p>`,
  );
}
