// The report is meant to be pasted into a support thread, so nothing in it may let someone act
// on the account: keys are cut out and emails reduced to a hint.
import type { DoctorCheck } from '../../preload/contract';

const EMAIL = /([A-Za-z0-9._%+-])[A-Za-z0-9._%+-]*@([A-Za-z0-9.-]+\.[A-Za-z]{2,})/g;
// Quaderno's key shapes, whatever else was sent (docs/quaderno-api.md › Connection).
const KEY_SHAPES = /\b[sp]k_(?:live|test)_[A-Za-z0-9]+/g;
const BASIC = /Basic\s+[A-Za-z0-9+/=]+/g;
// A user name and password in a URL (a public URL saved before such URLs were refused, and the
// webhook an older version registered with it): everything between "//" and the last "@" before
// the host, whatever characters the password holds.
const USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)[^\s/?#]*@/gi;
// The receiver's path token lets anyone post to it; a prefix is enough to tell hooks apart.
const HOOK_TOKEN = /(\/hooks\/)([A-Za-z0-9_-]{4})[A-Za-z0-9_-]*/g;

/** `jane@example.com` → `j***@example.com`. */
export function maskEmail(email: string): string {
  return email.replace(EMAIL, '$1***@$2');
}

export function redactText(text: string, secrets: Iterable<string>): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length >= 4) out = out.split(secret).join('[key]');
  }
  return maskEmail(
    out
      .replace(USERINFO, '$1[credentials]@')
      .replace(KEY_SHAPES, '[key]')
      .replace(BASIC, 'Basic [key]')
      .replace(HOOK_TOKEN, '$1$2…'),
  );
}

export function redactCheck(check: DoctorCheck, secrets: Iterable<string>): DoctorCheck {
  const list = [...secrets];
  const details: DoctorCheck['details'] = {};
  for (const [k, v] of Object.entries(check.details)) {
    details[k] = typeof v === 'string' ? redactText(v, list) : v;
  }
  return { ...check, summary: redactText(check.summary, list), details };
}
