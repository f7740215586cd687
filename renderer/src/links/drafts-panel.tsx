import './drafts.css';
import type { LinkDraft } from '../../../preload/contract';
import { customerDisplayName } from '../../../preload/customer-name';
import { ErrorNotice } from '../components/error-notice';
import { useFocusWhenRowLeaves } from '../hooks/use-focus-when-row-leaves';
import { useInvoke } from '../hooks/use-invoke';
import { CopyButton } from './copy-button';
import { customerName } from './link-format';
import { useDrafts } from './use-drafts';
import { useProducts } from './use-products';
import { CLOSE } from '../components/dismiss-words';

type ProductName = (code: string) => string;

function draftItems(draft: LinkDraft, nameOf: ProductName): string {
  return (draft.request?.items ?? [])
    .map((i) => (i.quantity > 1 ? `${i.quantity} × ${nameOf(i.product)}` : nameOf(i.product)))
    .join(', ');
}

function draftWho(draft: LinkDraft): string {
  const c = draft.request?.customer;
  if (!c) return 'A draft that could not be read';
  return customerDisplayName(c) ?? c.email;
}

function draftState(draft: LinkDraft): string {
  if (draft.status === 'refused')
    return `Quaderno refused it: ${draft.reason ?? 'no reason given'}`;
  return 'It will be created when Quaderno is back.';
}

/** A draft that became a link: ready to copy, until the merchant dismisses the notice. */
function ReadyNotice({ draft, onDismiss }: { draft: LinkDraft; onDismiss(): void }) {
  if (!draft.link) return null;
  return (
    <li className="list-card draft-ready">
      <p role="status">
        <strong>The link for {customerName(draft.link)} is ready.</strong> It was kept as a draft
        while Quaderno could not be reached.
      </p>
      <div className="link-actions">
        <CopyButton text={draft.link.permalink} label="Copy link" primary />
        <button type="button" className="button" onClick={onDismiss}>
          {CLOSE}
          <span className="visually-hidden"> the notice for {customerName(draft.link)}</span>
        </button>
      </div>
    </li>
  );
}

function DraftRow({
  draft,
  nameOf,
  onDiscard,
}: {
  draft: LinkDraft;
  nameOf: ProductName;
  onDiscard(): void;
}) {
  const who = draftWho(draft);
  const headingId = `draft-${draft.id}-customer`;
  return (
    <li className="list-card link-row draft-row" aria-labelledby={headingId}>
      <div className="link-row-main">
        <h3 className="link-customer" id={headingId}>
          {who}
        </h3>
        <span className="status status-draft">Draft</span>
      </div>
      <p className="link-items">{draftItems(draft, nameOf)}</p>
      <p className="link-meta">{draftState(draft)}</p>
      <div className="link-actions">
        <button type="button" className="button" onClick={onDiscard}>
          Discard<span className="visually-hidden"> the draft for {who}</span>
        </button>
      </div>
    </li>
  );
}

/** Links kept while Quaderno was unreachable, above the Links list; nothing when there are none. */
export function DraftsPanel() {
  const drafts = useDrafts();
  const discard = useInvoke('links.discardDraft');
  const { byCode } = useProducts();
  const nameOf: ProductName = (code) => byCode(code)?.name ?? code;
  const all = drafts.data ?? [];
  // A refused Discard may find the draft gone: the drafts are read again and its row (the last
  // one, perhaps, and the panel with it) goes, taking the focus. What main said takes it instead.
  const [refusedRef, watchRefused] = useFocusWhenRowLeaves<HTMLParagraphElement>((id) =>
    all.some((d) => d.id === id),
  );
  const remove = (id: number) =>
    void discard.run({ id }).then((outcome) => {
      watchRefused(outcome.ok ? null : id);
      drafts.reload();
    });
  const failed = discard.error === null || discard.error === undefined ? null : discard.error;
  const error = failed === null ? null : <ErrorNotice error={failed} ref={refusedRef} />;
  // No drafts: nothing, unless a Discard was just refused (main's words stay on the screen).
  if (all.length === 0)
    return error === null ? null : <section className="drafts">{error}</section>;
  const ready = all.filter((d) => d.status === 'created');
  const kept = all.filter((d) => d.status !== 'created');
  return (
    <section className="drafts" aria-labelledby={kept.length > 0 ? 'drafts-heading' : undefined}>
      {error}
      {ready.length > 0 ? (
        <ul className="drafts-ready" aria-label="Links made from drafts">
          {ready.map((d) => (
            <ReadyNotice key={d.id} draft={d} onDismiss={() => remove(d.id)} />
          ))}
        </ul>
      ) : null}
      {kept.length > 0 ? (
        <>
          <h2 id="drafts-heading">Drafts</h2>
          <ul className="drafts-list">
            {kept.map((d) => (
              <DraftRow key={d.id} draft={d} nameOf={nameOf} onDiscard={() => remove(d.id)} />
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}
