import type { MethodInput, Settings } from '../../../preload/contract';
import { Checkbox, SelectField } from '../components/choice-fields';
import { playChime } from './desk-preferences-sound';
import { SettingsFormSection } from './settings-form-section';
import { useSettingsForm } from './use-settings-form';

interface DeskDraft {
  openAtLogin: boolean;
  /** null: not asked yet, kept as it is unless the merchant ticks or unticks the box. */
  saleSound: boolean | null;
  dailySummary: boolean;
  summaryHour: string;
}

const deskFields = ['openAtLogin', 'saleSound', 'dailySummary', 'summaryHour'] as const;

const hours = Array.from({ length: 24 }, (_, h) => ({
  value: String(h),
  label: `${String(h).padStart(2, '0')}:00`,
}));

function fromSettings(s: Settings): DeskDraft {
  return {
    openAtLogin: s.openAtLogin,
    saleSound: s.saleSound,
    dailySummary: s.dailySummary,
    summaryHour: String(s.summaryHour),
  };
}

/** Only this section's four settings: saving it never touches the others. */
function toPatch(d: DeskDraft): MethodInput<'settings.update'> {
  return { ...d, summaryHour: Number(d.summaryHour) };
}

/** Settings › Desk: how the app keeps the merchant company through the day. */
export function DeskPreferences() {
  const form = useSettingsForm({ fields: deskFields, fromSettings, toPatch });
  const { edit } = form;
  return (
    <SettingsFormSection
      id="desk-settings-heading"
      title="Desk"
      intro="Closing the window keeps Checkout Console receiving sales in the tray (the menu bar on macOS). Live sales stop only when you quit it."
      form={form}
      saveLabel="Save"
      savedText="Saved."
    >
      {(shown) => (
        <>
          <div className="field">
            <Checkbox
              label="Open at login, hidden in the tray"
              name="openAtLogin"
              checked={shown.openAtLogin}
              onChange={(openAtLogin) => edit({ openAtLogin })}
            />
          </div>
          <div className="field">
            <Checkbox
              label="Play a sound for each new sale"
              name="saleSound"
              checked={shown.saleSound === true}
              onChange={(saleSound) => edit({ saleSound })}
            />
            <p className="field-hint">
              Never for failed or abandoned checkouts. One chime when several sales arrive at once.
            </p>
            {/* In a div: the field's column would stretch the button across the form. */}
            <div>
              <button type="button" className="button" onClick={() => playChime()}>
                Play test sound
              </button>
            </div>
          </div>
          <div className="field">
            <Checkbox
              label="Daily summary of yesterday's sales"
              name="dailySummary"
              checked={shown.dailySummary}
              onChange={(dailySummary) => edit({ dailySummary })}
            />
          </div>
          <SelectField
            label="Summary time"
            name="summaryHour"
            value={shown.summaryHour}
            options={hours}
            disabled={!shown.dailySummary}
            onChange={(summaryHour) => edit({ summaryHour })}
            error={form.errors.fields.summaryHour}
          />
        </>
      )}
    </SettingsFormSection>
  );
}
