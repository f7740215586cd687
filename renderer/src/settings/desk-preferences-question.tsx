import { BusyButton } from '../components/busy-button';
import { useHeadingWhenGone } from '../hooks/use-heading-when-gone';
import { useInvoke } from '../hooks/use-invoke';
import { useQuery } from '../hooks/use-query';
import { playChime } from './desk-preferences-sound';

/**
 * The one-time question: a chime for each sale is the merchant's choice, not ours (an open-plan
 * office, a shop floor). Shown while the setting is null; either answer stores it and hides this.
 */
export function SaleSoundQuestion() {
  const settings = useQuery('settings.get', {});
  const update = useInvoke('settings.update');
  const answered = settings.data !== undefined && settings.data.saleSound !== null;
  // Answered, the question goes with the button that had the focus: the heading takes it.
  const started = useHeadingWhenGone(answered);
  if (answered || settings.data === undefined) return null;
  const answer = async (saleSound: boolean) => {
    started();
    const outcome = await update.run({ saleSound });
    if (outcome.ok) settings.set(outcome.value);
  };
  return (
    <section className="card sale-sound-question" aria-labelledby="sale-sound-question">
      <h2 id="sale-sound-question">Play a sound for each new sale?</h2>
      <p className="muted">
        A short chime, even while the window is closed to the tray. Never for failed or abandoned
        checkouts. You can change this in Settings › Desk.
      </p>
      <div className="form-actions">
        <button type="button" className="button" onClick={() => playChime()}>
          Play test sound
        </button>
        <BusyButton
          className="button button-primary"
          waiting={update.busy}
          onClick={() => void answer(true)}
        >
          Play a sound
        </BusyButton>
        <BusyButton className="button" waiting={update.busy} onClick={() => void answer(false)}>
          No sound
        </BusyButton>
      </div>
    </section>
  );
}
