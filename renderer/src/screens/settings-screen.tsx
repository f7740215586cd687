import { useState } from 'react';
import { SettingsFulfilment } from '../delivery/settings-fulfilment';
import { DeskPreferences } from '../settings/desk-preferences';
import { SettingsLive } from '../settings/settings-live';
import { SettingsAccounts } from './settings-accounts';
import { SettingsLinkDefaults } from './settings-link-defaults';
import {
  takeSettingsSection,
  useSettingsSectionRequests,
  type SettingsSection,
} from './settings-section-request';

// Fulfilment is only reached from here, so other screens' section requests need not know it.
type Section = SettingsSection | 'fulfilment' | 'desk';

const sections: ReadonlyArray<{ id: Section; label: string }> = [
  { id: 'accounts', label: 'Accounts' },
  { id: 'link-defaults', label: 'Link defaults' },
  { id: 'live', label: 'Webhooks and tunnel' },
  { id: 'fulfilment', label: 'Fulfilment' },
  { id: 'desk', label: 'Desk' },
];

export function SettingsScreen() {
  const [section, setSection] = useState<Section>(() => takeSettingsSection() ?? 'accounts');
  useSettingsSectionRequests(setSection);
  return (
    <>
      <h1>Settings</h1>
      <nav className="subnav" aria-label="Settings sections">
        {sections.map((s) => (
          <button
            key={s.id}
            type="button"
            className="subnav-item"
            aria-current={section === s.id ? 'page' : undefined}
            onClick={() => setSection(s.id)}
          >
            {s.label}
          </button>
        ))}
      </nav>
      {section === 'accounts' ? <SettingsAccounts /> : null}
      {section === 'link-defaults' ? <SettingsLinkDefaults /> : null}
      {section === 'live' ? <SettingsLive /> : null}
      {section === 'fulfilment' ? <SettingsFulfilment /> : null}
      {section === 'desk' ? <DeskPreferences /> : null}
    </>
  );
}
