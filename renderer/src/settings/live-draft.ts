import type { MethodInput } from '../../../preload/contract';

/** The form keeps the port as typed text so a half-typed value is never lost. */
export interface LiveDraft {
  publicUrl: string;
  tunnelSubdomain: string;
  tunnelHost: string;
  receiverPort: string;
}

export const liveFields = ['publicUrl', 'tunnelSubdomain', 'tunnelHost', 'receiverPort'] as const;

type Patch = MethodInput<'settings.update'>;

/** Only this form's four settings: saving it never overwrites the link defaults. */
export function toLivePatch(d: LiveDraft): Patch | { error: 'receiverPort' } {
  const port = d.receiverPort.trim() === '' ? 0 : Number(d.receiverPort.trim());
  if (!Number.isInteger(port) || !/^\d*$/.test(d.receiverPort.trim()))
    return { error: 'receiverPort' };
  return {
    publicUrl: d.publicUrl.trim(),
    tunnelSubdomain: d.tunnelSubdomain.trim().toLowerCase(),
    tunnelHost: d.tunnelHost.trim(),
    receiverPort: port,
  };
}
