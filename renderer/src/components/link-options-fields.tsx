import type { ReactNode } from 'react';
import type { Settings } from '../../../preload/contract';
import { localeOptions, togglePaymentMethod, type Locale } from '../link-defaults';
import { Checkbox, CheckboxGroup, SelectField } from './choice-fields';
import { TextField, textBinder } from './text-field';

/** The choices a checkout link carries: a new link's own, or the defaults in Settings. */
export interface LinkOptions {
  successUrl: string;
  cancelUrl: string;
  locale: Locale;
  paymentMethods: Settings['paymentMethods'];
  billingDetailsCollection: Settings['billingDetailsCollection'];
  couponCollection: boolean;
}

interface LinkOptionsFieldsProps {
  options: LinkOptions;
  errors: Partial<Record<string, string>>;
  onChange(patch: Partial<LinkOptions>): void;
  couponLabel: string;
  /** More checkboxes, grouped with the coupon one. */
  children?: ReactNode;
}

/** One set of link-option fields, so Links and Settings › Link defaults ask the same way. */
export function LinkOptionsFields({
  options,
  errors,
  onChange,
  couponLabel,
  children,
}: LinkOptionsFieldsProps) {
  const text = textBinder<'successUrl' | 'cancelUrl'>(options, onChange, errors);
  return (
    <>
      <TextField label="After payment, send the customer to" type="url" {...text('successUrl')} />
      <TextField label="If the customer cancels, send them to" type="url" {...text('cancelUrl')} />
      <SelectField
        label="Checkout language"
        name="locale"
        value={options.locale}
        options={localeOptions}
        onChange={(locale) => onChange({ locale })}
        error={errors.locale}
      />
      <CheckboxGroup legend="Payment methods" error={errors.paymentMethods}>
        {(['card', 'paypal'] as const).map((m) => (
          <Checkbox
            key={m}
            name={`paymentMethods-${m}`}
            label={m === 'card' ? 'Card' : 'PayPal'}
            checked={options.paymentMethods.includes(m)}
            onChange={(on) =>
              onChange({ paymentMethods: togglePaymentMethod(options.paymentMethods, m, on) })
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
        onChange={(billingDetailsCollection) => onChange({ billingDetailsCollection })}
        error={errors.billingDetailsCollection}
      />
      <div className="field">
        <Checkbox
          label={couponLabel}
          name="couponCollection"
          checked={options.couponCollection}
          onChange={(couponCollection) => onChange({ couponCollection })}
        />
        {children}
      </div>
    </>
  );
}
