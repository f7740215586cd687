import { LinkOptionsFields } from '../components/link-options-fields';
import type { OptionsDraft } from './link-draft';

interface AdvancedOptionsProps {
  options: OptionsDraft;
  fields: Partial<Record<string, string>>;
  onChange(options: OptionsDraft): void;
}

/** Folded away: most links use the defaults from Settings. Opens itself to show an error. */
export function AdvancedOptions({ options, fields, onChange }: AdvancedOptionsProps) {
  const hasError = [
    'successUrl',
    'cancelUrl',
    'locale',
    'paymentMethods',
    'billingDetailsCollection',
  ].some((k) => fields[k]);
  return (
    <details className="advanced" open={hasError || undefined}>
      <summary>More options</summary>
      <p className="field-hint">
        Prefilled from Settings › Link defaults; changes apply to this link only.
      </p>
      <LinkOptionsFields
        options={options}
        errors={fields}
        onChange={(patch) => onChange({ ...options, ...patch })}
        couponLabel="Let the customer enter a coupon"
      />
    </details>
  );
}
