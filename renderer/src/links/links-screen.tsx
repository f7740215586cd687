import { useEffect, useRef, useState } from 'react';
import type { Link, LinkResult } from '../../../preload/contract';
import { MessageNotice } from '../components/error-notice';
import { PlaceholderUrlsWarning } from '../components/placeholder-urls-warning';
import { toErrorPayload } from '../errors';
import { useFocusFirstInvalid } from '../hooks/use-focus-first-invalid';
import { useInvoke } from '../hooks/use-invoke';
import { useQuery } from '../hooks/use-query';
import type { CreateInput } from './link-draft';
import { LinkForm } from './link-form';
import { DraftsPanel } from './drafts-panel';
import { LinksList } from './links-list';
import { ResultPanel } from './result-panel';
import './links.css';
import { shortcutKeys, shortcutLabel } from '../shortcuts';

type View =
  | { kind: 'list' }
  // `like`: "New link like this", prefilled from a link that can no longer be paid.
  | { kind: 'new'; like?: Link }
  | { kind: 'edit'; link: Link }
  | { kind: 'result'; result: LinkResult; input: CreateInput | null };

interface LinksScreenProps {
  /** Bumped by the app's Ctrl/Cmd+N shortcut; any new value opens the form. */
  newLinkSignal?: number;
}

export function LinksScreen({ newLinkSignal = 0 }: LinksScreenProps) {
  const [view, setView] = useState<View>(() =>
    newLinkSignal > 0 ? { kind: 'new' } : { kind: 'list' },
  );
  // A fresh form (and fresh focus) every time one is opened.
  const [formKey, setFormKey] = useState(0);
  const [signalSeen, setSignalSeen] = useState(newLinkSignal);
  const settings = useQuery('settings.get', {});
  const createNew = useInvoke('links.create');
  // "Create a new one instead" has no form of its own: its failure is moved to like a form's.
  const freshErrorRef = useRef<HTMLDivElement>(null);
  useFocusFirstInvalid(freshErrorRef, createNew.error);
  // Closing the form (or the result) removes what held the focus; New link takes it back.
  const newLinkRef = useRef<HTMLButtonElement>(null);
  const [closedAt, setClosedAt] = useState(0);
  useEffect(() => {
    if (closedAt > 0) newLinkRef.current?.focus();
  }, [closedAt]);
  const settingsReady = settings.data !== undefined || settings.error !== null;
  const freshInput = view.kind === 'result' ? view.input : null;

  function close() {
    setView({ kind: 'list' });
    setClosedAt((n) => n + 1);
  }

  function openNew() {
    setFormKey((k) => k + 1);
    setView({ kind: 'new' });
  }

  // The shortcut pressed while this screen is already shown (React's "adjust state on prop change").
  if (newLinkSignal !== signalSeen) {
    setSignalSeen(newLinkSignal);
    if (newLinkSignal > 0 && view.kind !== 'new') {
      setFormKey((k) => k + 1);
      setView({ kind: 'new' });
    }
  }

  useEffect(() => {
    if (view.kind === 'result') document.getElementById('result-heading')?.focus();
  }, [view]);

  async function createFresh(input: CreateInput) {
    const outcome = await createNew.run({ ...input, forceNew: true });
    if (outcome.ok) setView({ kind: 'result', result: outcome.value, input });
  }

  return (
    <>
      <div className="screen-header">
        <h1>Links</h1>
        {view.kind === 'new' ? null : (
          <button
            type="button"
            ref={newLinkRef}
            className="button button-primary"
            onClick={openNew}
            aria-keyshortcuts={shortcutKeys('N')}
            title={`New link (${shortcutLabel('N')})`}
          >
            New link
          </button>
        )}
      </div>
      <PlaceholderUrlsWarning />
      {view.kind === 'new' || view.kind === 'edit' ? (
        settingsReady ? (
          <LinkForm
            key={formKey}
            editing={view.kind === 'edit' ? view.link : undefined}
            like={view.kind === 'new' ? view.like : undefined}
            settings={settings.data}
            onDone={(result, input) => setView({ kind: 'result', result, input })}
            onClose={close}
          />
        ) : (
          <p className="muted">Loading your link defaults…</p>
        )
      ) : null}
      {view.kind === 'result' ? (
        <>
          <div ref={freshErrorRef}>
            <MessageNotice
              message={createNew.error ? toErrorPayload(createNew.error).message : null}
            />
          </div>
          <ResultPanel
            key={`${view.result.link.id}-${String(view.result.reused)}`}
            result={view.result}
            onCreateNew={freshInput ? () => void createFresh(freshInput) : undefined}
            creatingNew={createNew.busy}
            onNewLink={openNew}
            onClose={close}
          />
        </>
      ) : null}
      <DraftsPanel />
      <LinksList
        onEdit={(link) => {
          setFormKey((k) => k + 1);
          setView({ kind: 'edit', link });
        }}
        onLike={(link) => {
          setFormKey((k) => k + 1);
          setView({ kind: 'new', like: link });
        }}
      />
    </>
  );
}
