// The sale chime, synthesised with Web Audio. The page's Content-Security-Policy has no media-src
// (default-src 'none'), so an <audio> element could play no file, data: or blob: WAV; oscillators
// fetch nothing. Web Audio also plays while the window is hidden in the tray.
import { useEvent } from '../hooks/use-event';

/** The part of AudioContext the chime needs, so a test can hand in a recorder. */
export type ChimeContext = Pick<
  AudioContext,
  'currentTime' | 'destination' | 'createOscillator' | 'createGain' | 'state' | 'resume'
>;

/** Two short bell notes, G6 then C7, about half a second in all. */
const NOTES = [
  { hz: 1568, at: 0, length: 0.35 },
  { hz: 2093, at: 0.09, length: 0.5 },
] as const;

let shared: ChimeContext | null = null;

function defaultContext(): ChimeContext | null {
  if (typeof AudioContext === 'undefined') return null;
  shared ??= new AudioContext();
  return shared;
}

/** Plays the chime; false where the page has no audio. */
export function playChime(context: ChimeContext | null = defaultContext()): boolean {
  if (!context) return false;
  if (context.state === 'suspended') void context.resume().catch(() => undefined);
  const start = context.currentTime;
  for (const note of NOTES) {
    const oscillator = context.createOscillator();
    const gain = context.createGain();
    oscillator.type = 'sine';
    oscillator.frequency.value = note.hz;
    gain.gain.setValueAtTime(0.0001, start + note.at);
    gain.gain.exponentialRampToValueAtTime(0.25, start + note.at + 0.01);
    gain.gain.exponentialRampToValueAtTime(0.0001, start + note.at + note.length);
    oscillator.connect(gain).connect(context.destination);
    oscillator.start(start + note.at);
    oscillator.stop(start + note.at + note.length + 0.05);
  }
  return true;
}

/**
 * Plays the chime when main says a sale the merchant wants to hear arrived (desk.saleSound: main
 * has already checked the setting and that the sale is a new paid one). Mount once, in the app.
 */
export function useSaleSound(play: () => void = () => void playChime()): void {
  useEvent('desk.saleSound', () => play());
}
