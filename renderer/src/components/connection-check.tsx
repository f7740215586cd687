import { useState } from 'react';
import type { DoctorReport, DoctorStatus } from '../../../preload/contract';
import { useInvoke } from '../hooks/use-invoke';
import { CopyButton } from '../links/copy-button';
import { BusyButton } from './busy-button';
import { ErrorNotice } from './error-notice';

const LABEL: Record<DoctorStatus, string> = { pass: 'OK', note: 'Note', fail: 'Failed' };

function outcome(report: DoctorReport): string {
  const failed = report.checks.filter((c) => c.status === 'fail').length;
  if (failed === 0) return 'Every check passed.';
  return `${failed} check${failed === 1 ? '' : 's'} failed.`;
}

/**
 * "Check connection" for the account in use: each step Quaderno was asked about, and the
 * redacted report (no keys, emails masked) to paste into a message to support.
 */
export function ConnectionCheck({ accountName }: { accountName: string }) {
  const check = useInvoke('accounts.checkConnection');
  const [report, setReport] = useState<DoctorReport | null>(null);
  const reportId = `connection-report-${accountName.replace(/\W+/g, '-')}`;

  async function run() {
    setReport(null);
    const result = await check.run({});
    if (result.ok) setReport(result.value);
  }

  return (
    <div className="connection-check">
      <BusyButton
        className="button"
        waiting={check.busy}
        aria-controls={reportId}
        onClick={() => void run()}
      >
        {check.busy ? 'Checking…' : 'Check connection'}
      </BusyButton>
      <ErrorNotice error={check.error} />
      <div id={reportId} aria-live="polite">
        {report ? (
          <section className="connection-report" aria-label={`Connection check for ${accountName}`}>
            <p className="connection-outcome">{outcome(report)}</p>
            <ul className="connection-steps">
              {report.checks.map((c) => (
                <li key={c.name} className={`connection-step connection-${c.status}`}>
                  <strong>{LABEL[c.status]}</strong> {c.name}: {c.summary}
                </li>
              ))}
            </ul>
            <CopyButton text={report.text} label="Copy report" />
          </section>
        ) : null}
      </div>
    </div>
  );
}
