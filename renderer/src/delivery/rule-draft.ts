// The rule editor's draft and how it becomes rules.add / rules.edit input. Command rules are
// made with the CLI (they run under `checkout-console listen`), so the editor knows two actions.
import type { DeliveryRule, RuleAddRequest } from '../../../preload/contract-delivery';

export type EditableKind = 'email' | 'forward';

export interface RuleDraft {
  name: string;
  /** '' is every sale. */
  productCode: string;
  kind: EditableKind;
  subject: string;
  body: string;
  downloadUrl: string;
  url: string;
  /** '' keeps the stored secret (or sets none on a new rule). */
  secret: string;
  useLicenceKeys: boolean;
}

/** The fields main may name in a refusal, as its paths read. */
export const ruleFields = [
  'name',
  'productCode',
  'action.subject',
  'action.body',
  'action.downloadUrl',
  'action.url',
  'secret',
] as const;

const STARTER_BODY =
  'Hello {firstName},\n\nThank you for buying {product}.\n\n' +
  'If anything is wrong, just reply to this email.';

export function newRuleDraft(): RuleDraft {
  return {
    name: '',
    productCode: '',
    kind: 'email',
    subject: 'Your {product}',
    body: STARTER_BODY,
    downloadUrl: '',
    url: '',
    secret: '',
    useLicenceKeys: false,
  };
}

export function draftFromRule(rule: DeliveryRule): RuleDraft {
  const draft = { ...newRuleDraft(), name: rule.name, productCode: rule.productCode ?? '' };
  const { action } = rule;
  if (action.kind === 'forward') {
    return { ...draft, kind: 'forward', url: action.url, useLicenceKeys: rule.useLicenceKeys };
  }
  if (action.kind === 'email') {
    return {
      ...draft,
      subject: action.subject,
      body: action.body,
      downloadUrl: action.downloadUrl ?? '',
      useLicenceKeys: rule.useLicenceKeys,
    };
  }
  return draft;
}

/** What rules.add takes (rules.edit takes the same plus the id). */
export function toRuleInput(draft: RuleDraft): RuleAddRequest {
  const action =
    draft.kind === 'email'
      ? {
          kind: 'email' as const,
          subject: draft.subject,
          body: draft.body,
          downloadUrl: draft.downloadUrl.trim() === '' ? null : draft.downloadUrl.trim(),
        }
      : { kind: 'forward' as const, url: draft.url.trim() };
  return {
    name: draft.name,
    productCode: draft.productCode === '' ? null : draft.productCode,
    action,
    useLicenceKeys: draft.useLicenceKeys,
    ...(draft.kind === 'forward' && draft.secret !== '' ? { secret: draft.secret } : {}),
  };
}
