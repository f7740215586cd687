// The report as plain text: what a merchant pastes into an email to support.
import type { DoctorCheck, DoctorReport } from '../../preload/contract';

const LABEL = { pass: 'PASS', note: 'NOTE', fail: 'FAIL' } as const;

function detailLine([key, value]: [string, DoctorCheck['details'][string]]): string {
  return `        ${key.replace(/_/g, ' ')}: ${value === null ? '—' : String(value)}`;
}

export function formatReport(report: Omit<DoctorReport, 'text'>): string {
  const failed = report.checks.filter((c) => c.status === 'fail').length;
  const notes = report.checks.filter((c) => c.status === 'note').length;
  const noted = notes === 0 ? '' : ` (${notes} note${notes === 1 ? '' : 's'})`;
  const lines = [
    `Checkout Console connection check — ${report.account.name} (${report.account.kind})`,
    `API: ${report.account.apiUrl}`,
    `From ${report.startedAt} to ${report.finishedAt}`,
    '',
  ];
  for (const check of report.checks) {
    lines.push(`${LABEL[check.status]}  ${check.name}: ${check.summary}`);
    lines.push(...Object.entries(check.details).map(detailLine));
  }
  lines.push(
    '',
    failed === 0
      ? `Result: every check passed${noted}.`
      : `Result: ${failed} check${failed === 1 ? '' : 's'} failed${noted}.`,
  );
  return lines.join('\n');
}
