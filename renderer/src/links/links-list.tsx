import { useState } from 'react';
import { sessionStatuses, type Link, type SessionStatus } from '../../../preload/contract';
import { SelectField } from '../components/choice-fields';
import { BusyButton } from '../components/busy-button';
import { EmptyState } from '../components/empty-state';
import { ErrorNotice } from '../components/error-notice';
import { TextField } from '../components/text-field';
import { useHeadingWhenGone } from '../hooks/use-heading-when-gone';
import { LinkRow } from './link-row';
import { statusLabels } from './link-format';
import { useDebounced } from './use-debounced';
import { useLinks } from './use-links';
import { shortcutLabel } from '../shortcuts';

const PAGE = 50;
const statusOptions: ReadonlyArray<{ value: SessionStatus | ''; label: string }> = [
  { value: '', label: 'Any status' },
  ...sessionStatuses.map((s) => ({ value: s, label: statusLabels[s] })),
];

/** Every link made from this console, newest first, filtered by status or customer. */
export function LinksList({
  onEdit,
  onLike,
}: {
  onEdit(link: Link): void;
  onLike(link: Link): void;
}) {
  const [status, setStatus] = useState<SessionStatus | ''>('');
  const [typed, setTyped] = useState('');
  const search = useDebounced(typed, 250);
  const [limit, setLimit] = useState(PAGE);
  const links = useLinks({ status, search, limit });
  const page = links.data;
  const filtered = status !== '' || search.trim() !== '';
  // The last page shown takes Show more away: the screen's heading takes the focus it had.
  const moreAsked = useHeadingWhenGone(page !== undefined && page.total <= page.items.length);

  return (
    <section aria-labelledby="links-list-heading" className="links-list">
      <h2 id="links-list-heading">Your links</h2>
      <div className="list-filters" role="search">
        <TextField
          label="Search by email or name"
          hint="Or by product name or code."
          name="search"
          type="search"
          value={typed}
          onChange={(e) => {
            setTyped(e.target.value);
            setLimit(PAGE);
          }}
        />
        <SelectField
          label="Status"
          name="status"
          value={status}
          options={statusOptions}
          onChange={(s) => {
            setStatus(s);
            setLimit(PAGE);
          }}
        />
      </div>
      <ErrorNotice error={links.error} />
      {page === undefined ? (
        links.loading ? (
          <p className="muted">Loading links…</p>
        ) : null
      ) : page.items.length === 0 ? (
        filtered ? (
          <p className="muted" role="status">
            No links match. Clear the search or pick another status.
          </p>
        ) : (
          <EmptyState title="No checkout links yet">
            <p>
              Create one with New link ({shortcutLabel('N')}). Sending the same customer the same
              purchase again reuses their open link instead of making a second one.
            </p>
          </EmptyState>
        )
      ) : (
        <>
          <p className="muted list-count" role="status">
            {page.total === page.items.length
              ? `${page.total} ${page.total === 1 ? 'link' : 'links'}`
              : `Showing ${page.items.length} of ${page.total}${page.totalIsLowerBound ? '+' : ''} links`}
          </p>
          <ul className="stack-list link-list" aria-label="Links">
            {page.items.map((link) => (
              <LinkRow key={link.id} link={link} onEdit={onEdit} onLike={onLike} />
            ))}
          </ul>
          {page.total > page.items.length ? (
            <BusyButton
              className="button"
              waiting={links.loading}
              onClick={() => {
                moreAsked();
                setLimit((l) => l + PAGE);
              }}
            >
              Show more
            </BusyButton>
          ) : null}
        </>
      )}
    </section>
  );
}
