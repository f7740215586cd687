import { LicenceKeys } from './licence-keys';
import { RulesList } from './rules-list';
import { SmtpForm } from './smtp-form';
import './delivery.css';

/** Settings › Fulfilment: how sales are delivered without a click. */
export function SettingsFulfilment() {
  return (
    <section aria-labelledby="fulfilment-heading">
      <h2 id="fulfilment-heading">Fulfilment</h2>
      <p className="section-intro">
        Deliver each sale the moment it is paid: the console emails the customer or tells your own
        system, tries again when that fails, and tells you when a sale needs you.
      </p>
      <RulesList />
      <SmtpForm />
      <LicenceKeys />
    </section>
  );
}
