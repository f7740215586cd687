import type { Settings } from '../../../preload/contract';
import { Checkbox, CheckboxGroup, SelectField } from '../components/choice-fields';
import { TextAreaField } from '../components/text-area-field';
import { TextField } from '../components/text-field';
import {
  linkDefaultFields,
  localeOptions,
  toLocale,
  toPatch,
  togglePaymentMethod,
} from '../link-defaults';
import { SettingsFormSection } from '../settings/settings-form-section';
import { useSettingsForm } from '../settings/use-settings-form';

export function SettingsLinkDefaults() {
  const form = useSettingsForm({
    fields: linkDefaultFields,
    fromSettings: (s: Settings) => s,
    toPatch,
  });
  const { edit, errors } = form;

  return (
    <SettingsFormSection
      id="link-defaults-heading"
      title="Link defaults"
      intro="Every new checkout link starts with these choices."
      form={form}
      saveLabel="Save defaults"
      savedText="Saved. New links will use these defaults."
    >
      {(shown) => (
        <>
          <TextField
            label="After payment, send the customer to"
            name="successUrl"
            type="url"
            value={shown.successUrl}
            onChange={(e) => edit({ successUrl: e.target.value })}
            error={errors.fields.successUrl}
          />
          <TextField
            label="If the customer cancels, send them to"
            name="cancelUrl"
            type="url"
            value={shown.cancelUrl}
            onChange={(e) => edit({ cancelUrl: e.target.value })}
            error={errors.fields.cancelUrl}
          />
          <SelectField
            label="Checkout language"
            name="locale"
            value={toLocale(shown.locale)}
            options={localeOptions}
            onChange={(locale) => edit({ locale })}
            error={errors.fields.locale}
          />
          <CheckboxGroup legend="Payment methods" error={errors.fields.paymentMethods}>
            {(['card', 'paypal'] as const).map((m) => (
              <Checkbox
                key={m}
                name={`paymentMethods-${m}`}
                label={m === 'card' ? 'Card' : 'PayPal'}
                checked={shown.paymentMethods.includes(m)}
                onChange={(on) =>
                  edit({ paymentMethods: togglePaymentMethod(shown.paymentMethods, m, on) })
                }
              />
            ))}
          </CheckboxGroup>
          <SelectField
            label="Billing details"
            name="billingDetailsCollection"
            value={shown.billingDetailsCollection}
            options={[
              { value: 'auto', label: 'Ask only when taxes need them' },
              { value: 'required', label: 'Always ask' },
            ]}
            onChange={(billingDetailsCollection) => edit({ billingDetailsCollection })}
            error={errors.fields.billingDetailsCollection}
          />
          <div className="field">
            <Checkbox
              label="Let customers enter a coupon"
              name="couponCollection"
              checked={shown.couponCollection}
              onChange={(couponCollection) => edit({ couponCollection })}
            />
            <Checkbox
              label="Show a desktop notification for each sale"
              name="notifications"
              checked={shown.notifications}
              onChange={(notifications) => edit({ notifications })}
            />
          </div>
          <TextAreaField
            label="Email text for a new link"
            name="emailTemplate"
            rows={7}
            hint="{firstName}, {items}, {total} and {link} are filled in for each customer."
            value={shown.emailTemplate}
            onChange={(e) => edit({ emailTemplate: e.target.value })}
            error={errors.fields.emailTemplate}
          />
        </>
      )}
    </SettingsFormSection>
  );
}
