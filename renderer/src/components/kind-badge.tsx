import type { AccountKind } from '../../../preload/contract';
import { kindBadge } from '../account-kind';

export function KindBadge({ kind }: { kind: AccountKind }) {
  const badge = kindBadge(kind);
  return (
    <span className={badge.className} title={badge.description}>
      {badge.label}
    </span>
  );
}
