import { Checkbox, CheckboxGroup, SelectField } from '../components/choice-fields';
import { TextField } from '../components/text-field';
import { localeOptions, togglePaymentMethod } from '../link-defaults';
import type { OptionsDraft } from './link-draft';

interface AdvancedOptionsProps {
  options: OptionsDraft;
  fields: Partial<Record<string, string>>;
  onChange(options: OptionsDraft): void;
}

/** Folded away: most links use the defaults from Settings. Opens itself to show an error. */
export function AdvancedOptions({ options, fields, onChange }: AdvancedOptionsProps) {
  const edit = (patch: Partial<OptionsDraft>) => onChange({ ...options, ...patch });
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
      <TextField
        label="After payment, send the customer to"
        name="successUrl"
        type="url"
        value={options.successUrl}
        onChange={(e) => edit({ successUrl: e.target.value })}
        error={fields.successUrl}
      />
      <TextField
        label="If the customer cancels, send them to"
        name="cancelUrl"
        type="url"
        value={options.cancelUrl}
        onChange={(e) => edit({ cancelUrl: e.target.value })}
        error={fields.cancelUrl}
      />
      <SelectField
        label="Checkout language"
        name="locale"
        value={options.locale}
        options={localeOptions}
        onChange={(locale) => edit({ locale })}
        error={fields.locale}
      />
      <CheckboxGroup legend="Payment methods" error={fields.paymentMethods}>
        {(['card', 'paypal'] as const).map((m) => (
          <Checkbox
            key={m}
            name={`paymentMethods-${m}`}
            label={m === 'card' ? 'Card' : 'PayPal'}
            checked={options.paymentMethods.includes(m)}
            onChange={(on) =>
              edit({ paymentMethods: togglePaymentMethod(options.paymentMethods, m, on) })
            }
          />
        ))}
      </CheckboxGroup>
      <SelectField
        label="Billing details"
        name="billingDetailsCollection"
        value={options.billingDetailsCollection}
        options={[
          { value: 'auto', label: 'Ask only when taxes need them' },
          { value: 'required', label: 'Always ask' },
        ]}
        onChange={(billingDetailsCollection) => edit({ billingDetailsCollection })}
        error={fields.billingDetailsCollection}
      />
      <div className="field">
        <Checkbox
          label="Let the customer enter a coupon"
          name="couponCollection"
          checked={options.couponCollection}
          onChange={(couponCollection) => edit({ couponCollection })}
        />
      </div>
    </details>
  );
}
