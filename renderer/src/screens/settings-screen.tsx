import { useState } from 'react';
import { SettingsAccounts } from './settings-accounts';
import { SettingsLinkDefaults } from './settings-link-defaults';

type Section = 'accounts' | 'link-defaults';

const sections: ReadonlyArray<{ id: Section; label: string }> = [
  { id: 'accounts', label: 'Accounts' },
  { id: 'link-defaults', label: 'Link defaults' },
];

export function SettingsScreen() {
  const [section, setSection] = useState<Section>('accounts');
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
      {section === 'accounts' ? <SettingsAccounts /> : <SettingsLinkDefaults />}
    </>
  );
}
