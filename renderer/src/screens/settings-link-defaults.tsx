import type { Settings } from '../../../preload/contract';
import { ErrorNotice } from '../components/error-notice';
import { useQuery } from '../hooks/use-query';

const localeNames: Record<string, string> = {
  auto: 'Automatic (customer’s browser)',
  ca: 'Catalan',
  de: 'German',
  en: 'English',
  es: 'Spanish',
  fi: 'Finnish',
  fr: 'French',
  hu: 'Hungarian',
  nl: 'Dutch',
  sv: 'Swedish',
  no: 'Norwegian',
};

function rows(s: Settings): Array<[string, string]> {
  return [
    ['After payment, go to', s.successUrl],
    ['If the customer cancels, go to', s.cancelUrl],
    ['Checkout language', localeNames[s.locale] ?? s.locale],
    ['Payment methods', s.paymentMethods.map((m) => (m === 'card' ? 'Card' : 'PayPal')).join(', ')],
    [
      'Billing details',
      s.billingDetailsCollection === 'required' ? 'Always ask' : 'Only when needed',
    ],
    ['Coupons', s.couponCollection ? 'Customers can enter a coupon' : 'Off'],
    ['Desktop notifications', s.notifications ? 'On' : 'Off'],
  ];
}

/** Read-only for now: editing arrives with the links screen. */
export function SettingsLinkDefaults() {
  const settings = useQuery('settings.get', {});
  return (
    <section aria-labelledby="link-defaults-heading">
      <h2 id="link-defaults-heading">Link defaults</h2>
      <p className="section-intro">Every new checkout link starts with these choices.</p>
      <ErrorNotice error={settings.error} />
      {settings.data ? (
        <dl className="definition-list">
          {rows(settings.data).map(([term, value]) => (
            <div key={term} className="definition">
              <dt>{term}</dt>
              <dd>{value}</dd>
            </div>
          ))}
        </dl>
      ) : settings.loading ? (
        <p className="muted">Loading…</p>
      ) : null}
    </section>
  );
}
