import { useState } from 'react';
import type { DeliveryRule } from '../../../preload/contract-delivery';
import { BusyButton } from '../components/busy-button';
import { ErrorNotice } from '../components/error-notice';
import { toErrorPayload } from '../errors';
import { useInvoke } from '../hooks/use-invoke';
import { useQuery } from '../hooks/use-query';

/**
 * The saved rule's email as a sample customer would get it, and a button that sends it to the
 * merchant's own address. Mount it keyed by the rule's `updatedAt` so each save reads it again.
 */
export function RulePreview({ rule }: { rule: DeliveryRule }) {
  const preview = useQuery('rules.preview', { id: rule.id });
  const sendTest = useInvoke('rules.sendTest');
  const [sentTo, setSentTo] = useState<string | null>(null);
  const email = preview.data;
  const headingId = `rule-${rule.id}-preview`;

  async function send() {
    setSentTo(null);
    const outcome = await sendTest.run({ id: rule.id });
    if (outcome.ok) setSentTo(outcome.value.sentTo);
  }

  return (
    <section className="email-preview" aria-labelledby={headingId}>
      <h5 id={headingId}>Preview for a sample sale</h5>
      <ErrorNotice error={preview.error} />
      {email === undefined ? (
        preview.error ? null : (
          <p className="muted">Loading…</p>
        )
      ) : (
        <>
          <p>
            <strong>To:</strong> {email.to}
          </p>
          <p>
            <strong>Subject:</strong> {email.subject}
          </p>
          <pre tabIndex={0} role="region" aria-label="Email text">
            {email.body}
          </pre>
        </>
      )}
      <div className="form-actions">
        <BusyButton className="button" waiting={sendTest.busy} onClick={() => void send()}>
          {sendTest.busy ? 'Sending…' : 'Send a test to me'}
        </BusyButton>
        <p className={sendTest.error ? 'save-status field-error' : 'save-status'} role="status">
          {sendTest.busy
            ? ''
            : sentTo
              ? `Sent a test to ${sentTo}.`
              : sendTest.error
                ? `The test was not sent: ${toErrorPayload(sendTest.error).message}`
                : ''}
        </p>
      </div>
    </section>
  );
}
