import type { AccountKind } from '../../preload/contract';

export interface KindBadge {
  label: string;
  className: string;
  description: string;
}

const badges: Record<AccountKind, KindBadge> = {
  live: {
    label: 'LIVE',
    className: 'badge badge-live',
    description: 'Live account: links take real payments.',
  },
  test: {
    label: 'TEST',
    className: 'badge badge-test',
    description: 'Test account: payments are simulated by Quaderno.',
  },
  sandbox: {
    label: 'SANDBOX',
    className: 'badge badge-sandbox',
    description: 'Built-in sandbox: everything stays on this computer.',
  },
};

export function kindBadge(kind: AccountKind): KindBadge {
  return badges[kind];
}
