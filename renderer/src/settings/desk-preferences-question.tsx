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
  if (settings.data?.saleSound !== null || settings.data === undefined) return null;
  const answer = async (saleSound: boolean) => {
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
        <button
          type="button"
          className="button button-primary"
          disabled={update.busy}
          onClick={() => void answer(true)}
        >
          Play a sound
        </button>
        <button
          type="button"
          className="button"
          disabled={update.busy}
          onClick={() => void answer(false)}
        >
          No sound
        </button>
      </div>
    </section>
  );
}
