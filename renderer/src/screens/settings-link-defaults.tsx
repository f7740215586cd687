import type { Settings } from '../../../preload/contract';
import { Checkbox } from '../components/choice-fields';
import { LinkOptionsFields } from '../components/link-options-fields';
import { PlaceholderUrlsWarning } from '../components/placeholder-urls-warning';
import { TextField } from '../components/text-field';
import { linkDefaultFields, toLocale, toPatch } from '../link-defaults';
import { emailTemplateProblems } from '../../../preload/email-template';
import { SettingsFormSection } from '../settings/settings-form-section';
import { useSettingsForm } from '../settings/use-settings-form';

export function SettingsLinkDefaults() {
  const form = useSettingsForm({
    fields: linkDefaultFields,
    fromSettings: (s: Settings) => s,
    toPatch,
  });
  const { edit, errors } = form;
  // A template saved before main checked it: still used (Copy email copes), but said here.
  const stored = form.settings.data?.emailTemplate;
  const storedProblems = stored === undefined ? [] : emailTemplateProblems(stored);

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
          <PlaceholderUrlsWarning fix={false} settings={form.settings.data} />
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
            hint="{firstName}, {items}, {total} and {link} are filled in for each customer; {link} is required."
            value={shown.emailTemplate}
            onChange={(e) => edit({ emailTemplate: e.target.value })}
            error={
              errors.fields.emailTemplate ??
              (shown.emailTemplate === stored && storedProblems.length > 0
                ? storedProblems.join(' ')
                : undefined)
            }
          />
          {shown.emailTemplate === stored && storedProblems.length > 0 ? (
            <p className="notice notice-warning">
              This email text was saved before it was checked. Copy email still works: it fills the
              placeholders as meant and adds the link at the end if it is missing. Fix it above so
              the email reads as you wrote it.
            </p>
          ) : null}
        </>
      )}
    </SettingsFormSection>
  );
}
