import type { Settings } from '../../../preload/contract';
import { TextField, textBinder } from '../components/text-field';
import { useQuery } from '../hooks/use-query';
import { LiveDetails } from '../status/live-details';
import { liveFields, toLivePatch, type LiveDraft } from './live-draft';
import { publicUrlHint } from './public-url-hint';
import { SettingsFormSection } from './settings-form-section';
import { useSettingsForm } from './use-settings-form';

/** How Quaderno's webhooks reach this computer now, and the tunnel or the merchant's own public URL. */
export function SettingsLive() {
  const form = useSettingsForm({
    fields: liveFields,
    fromSettings,
    toPatch: toLivePatch,
  });
  const { shown, edit, errors } = form;
  const apiUrl = useQuery('app.info', {}).data?.activeAccount?.apiUrl ?? null;

  const localPortError =
    shown && 'error' in toLivePatch(shown) ? 'Use digits only, e.g. 8700, or 0.' : undefined;
  const manual = shown?.publicUrl.trim() !== '';
  // The tunnel's own settings rest while the merchant's public URL is used instead.
  const tunnelOnly = (hint: string) => ({
    hint: manual ? 'Not used while a public URL is set.' : hint,
    disabled: manual,
  });
  return (
    <>
      {/* What the strip's one sentence sums up, in full: port, URLs, webhook, signatures, sync. */}
      <LiveDetails />
      <SettingsFormSection
        id="live-settings-heading"
        title="Webhooks and tunnel"
        intro="Quaderno sends each sale to this computer. By default a tunnel gives it a public address; if you already forward one to this computer, enter it and no tunnel is opened."
        form={form}
        saveLabel="Save"
        savedText="Saved. The receiver restarts with these settings."
        canSave={localPortError === undefined}
      >
        {(shown) => {
          const text = textBinder(shown, edit, errors.fields);
          return (
            <>
              <TextField
                label="Your own public URL (optional)"
                type="url"
                placeholder="https://hooks.example.com"
                hint={publicUrlHint(shown.publicUrl, apiUrl)}
                {...text('publicUrl')}
              />
              <TextField
                label="Tunnel subdomain (optional)"
                placeholder="my-shop-desk"
                {...tunnelOnly(
                  'Asks the tunnel server for this name; it may give another if taken.',
                )}
                {...text('tunnelSubdomain')}
              />
              <TextField
                label="Tunnel server (optional)"
                type="url"
                placeholder="https://localtunnel.me"
                {...tunnelOnly(
                  'Leave empty for localtunnel.me, or use your own localtunnel server.',
                )}
                {...text('tunnelHost')}
              />
              <TextField
                label="Receiver port"
                inputMode="numeric"
                hint="0 picks a free port. Set one if your own forwarding needs a fixed port."
                {...text('receiverPort')}
                error={errors.fields.receiverPort ?? localPortError}
              />
            </>
          );
        }}
      </SettingsFormSection>
    </>
  );
}

function fromSettings(s: Settings): LiveDraft {
  return {
    publicUrl: s.publicUrl,
    tunnelSubdomain: s.tunnelSubdomain,
    tunnelHost: s.tunnelHost,
    receiverPort: String(s.receiverPort),
  };
}
