import './drafts.css';
import type { LinkDraft } from '../../../preload/contract';
import { customerDisplayName } from '../../../preload/customer-name';
import { ErrorNotice } from '../components/error-notice';
import { useEffect, useRef } from 'react';
import { focusIfDropped } from '../hooks/use-focus-when-row-leaves';
import { useGoneNotice } from '../hooks/use-gone-notice';
import { useInvoke } from '../hooks/use-invoke';
import { CopyButton } from './copy-button';
import { customerName } from './link-format';
import { useDrafts } from './use-drafts';
import { useProducts } from './use-products';
import { CLOSE } from '../components/dismiss-words';

type ProductName = (code: string) => string;

function draftItems(draft: LinkDraft, nameOf: ProductName): string {
  const items = draft.request?.items ?? draft.unreadable?.items ?? [];
  const more = draft.request ? 0 : (draft.unreadable?.moreItems ?? 0);
  const named = items.map((i) =>
    i.quantity > 1 ? `${i.quantity} × ${nameOf(i.product)}` : nameOf(i.product),
  );
  if (more > 0) named.push(`and ${more.toLocaleString('en')} more`);
  return named.join(', ');
}

function draftWho(draft: LinkDraft): string {
  const c = draft.request?.customer;
  if (c) return customerDisplayName(c) ?? c.email;
  return draft.unreadable?.email ?? 'A draft that could not be read';
}

/** A draft main cannot read was never sent: the console's own reason, never "Quaderno refused". */
function draftState(draft: LinkDraft): string {
  if (!draft.request)
    return (
      draft.unreadable?.reason ??
      'This draft could not be read back. Discard it and create the link again.'
    );
  if (draft.status === 'refused')
    return `Quaderno refused it: ${draft.reason ?? 'no reason given'}`;
  return 'It will be created when Quaderno is back.';
}

/** What the panel does after a row's Discard (or Close): main agreed, or refused with `error`. */
interface DiscardOutcome {
  discarded(): void;
  refused(error: unknown): void;
}

/**
 * A row's own Discard: main's refusal shows in the row it is about (and goes with it, or at the
 * row's next try); the panel hears the outcome, to read the drafts again. `held`: the panel is
 * reading the drafts again after this row's refusal, which waits (if the row goes, the panel says
 * it instead: announced once).
 */
function useDiscard(id: number, outcome: DiscardOutcome, held: boolean) {
  const discard = useInvoke('links.discardDraft');
  // A second click while the first is under way is not a refusal (useInvoke's busy answer): it
  // must not reach the panel, which would say it above the drafts if the draft went meanwhile.
  const asking = useRef(false);
  const run = () => {
    if (asking.current) return;
    asking.current = true;
    void discard.run({ id }).then((o) => {
      asking.current = false;
      if (o.ok) outcome.discarded();
      else outcome.refused(o.error);
    });
  };
  return { run, refusal: held ? null : <ErrorNotice error={discard.error} /> };
}

/** A draft that became a link: ready to copy, until the merchant dismisses the notice. */
function ReadyNotice({
  draft,
  outcome,
  held,
}: {
  draft: LinkDraft;
  outcome: DiscardOutcome;
  held: boolean;
}) {
  const dismiss = useDiscard(draft.id, outcome, held);
  if (!draft.link) return null;
  return (
    <li className="list-card draft-ready" data-draft={draft.id}>
      <p role="status">
        <strong>The link for {customerName(draft.link)} is ready.</strong> It was kept as a draft
        while Quaderno could not be reached.
      </p>
      <div className="link-actions">
        <CopyButton text={draft.link.permalink} label="Copy link" primary />
        <button type="button" className="button" onClick={dismiss.run}>
          {CLOSE}
          <span className="visually-hidden"> the notice for {customerName(draft.link)}</span>
        </button>
      </div>
      {dismiss.refusal}
    </li>
  );
}

function DraftRow({
  draft,
  nameOf,
  outcome,
  held,
}: {
  draft: LinkDraft;
  nameOf: ProductName;
  outcome: DiscardOutcome;
  held: boolean;
}) {
  const discard = useDiscard(draft.id, outcome, held);
  const who = draftWho(draft);
  const headingId = `draft-${draft.id}-customer`;
  return (
    <li className="list-card link-row draft-row" aria-labelledby={headingId} data-draft={draft.id}>
      <div className="link-row-main">
        <h3 className="link-customer" id={headingId}>
          {who}
        </h3>
        <span className="status status-draft">Draft</span>
      </div>
      <p className="link-items">{draftItems(draft, nameOf)}</p>
      <p className="link-meta">{draftState(draft)}</p>
      <div className="link-actions">
        <button type="button" className="button" onClick={discard.run}>
          Discard<span className="visually-hidden"> the draft for {who}</span>
        </button>
      </div>
      {discard.refusal}
    </li>
  );
}

/** Links kept while Quaderno was unreachable, above the Links list; nothing when there are none. */
export function DraftsPanel() {
  const drafts = useDrafts();
  const { byCode } = useProducts();
  const nameOf: ProductName = (code) => byCode(code)?.name ?? code;
  const all = drafts.data ?? [];
  // A refused Discard may be about a draft main no longer has: the drafts are read again, and if
  // its row went (the last one, perhaps, and the panel with it) the panel says what main said,
  // with the focus if it went with the row. A row still there says it itself, once the drafts
  // have been read again.
  const gone = useGoneNotice((id) => all.some((d) => d.id === id), drafts.data, drafts.loading);
  const outcome = (id: number): DiscardOutcome => ({
    discarded: () => {
      gone.clear();
      drafts.reload();
    },
    refused: (error) => {
      gone.failed(id, error);
      drafts.reload();
    },
  });
  // The draft whose row last had the focus. When the drafts change and that row's button went
  // with it (the draft became a link, or main dropped it), the focus falls to <body>: it goes to
  // that link's Copy link, or else to the Drafts heading (after the panel's own notice, above).
  const section = useRef<HTMLElement>(null);
  const focusedDraft = useRef<string | null>(null);
  useEffect(() => {
    const id = focusedDraft.current;
    const here = section.current;
    if (id === null || here === null) return;
    focusIfDropped(
      here.querySelector<HTMLElement>(`.draft-ready[data-draft="${id}"] button`) ??
        here.querySelector<HTMLElement>('#drafts-heading'),
    );
    // A row that went fired no blur: the mark stays only while the focus is still in the panel
    // (else a later change would pull the focus back from wherever the merchant went).
    if (!here.contains(document.activeElement)) focusedDraft.current = null;
  }, [drafts.data]);
  // No drafts: nothing, unless a refused Discard found its draft gone (main's words stay).
  if (all.length === 0)
    return gone.notice === null ? null : <section className="drafts">{gone.notice}</section>;
  const ready = all.filter((d) => d.status === 'created');
  const kept = all.filter((d) => d.status !== 'created');
  return (
    <section
      ref={section}
      className="drafts"
      aria-labelledby={kept.length > 0 ? 'drafts-heading' : undefined}
      onFocus={(e) => {
        focusedDraft.current = e.target.closest('[data-draft]')?.getAttribute('data-draft') ?? null;
      }}
      onBlur={(e) => {
        if (!e.currentTarget.contains(e.relatedTarget)) focusedDraft.current = null;
      }}
    >
      {gone.notice}
      {ready.length > 0 ? (
        <ul className="drafts-ready" aria-label="Links made from drafts">
          {ready.map((d) => (
            <ReadyNotice key={d.id} draft={d} outcome={outcome(d.id)} held={gone.held(d.id)} />
          ))}
        </ul>
      ) : null}
      {kept.length > 0 ? (
        <>
          <h2 id="drafts-heading" tabIndex={-1}>
            Drafts
          </h2>
          <ul className="drafts-list">
            {kept.map((d) => (
              <DraftRow
                key={d.id}
                draft={d}
                nameOf={nameOf}
                outcome={outcome(d.id)}
                held={gone.held(d.id)}
              />
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}
