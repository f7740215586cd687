import type { Settings } from '../../../preload/contract';
import { Checkbox } from '../components/choice-fields';
import { LinkOptionsFields } from '../components/link-options-fields';
import { TextField } from '../components/text-field';
import { linkDefaultFields, toLocale, toPatch } from '../link-defaults';
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
          <LinkOptionsFields
            options={{ ...shown, locale: toLocale(shown.locale) }}
            errors={errors.fields}
            onChange={edit}
            couponLabel="Let customers enter a coupon"
          >
            <Checkbox
              label="Show a desktop notification for each sale"
              name="notifications"
              checked={shown.notifications}
              onChange={(notifications) => edit({ notifications })}
            />
          </LinkOptionsFields>
          <TextField
            multiline
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
