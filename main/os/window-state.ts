// The window's size and position, remembered in the data folder so the app reopens where
// the merchant left it, on a display that is still there.
import { writeFileSync } from 'node:fs';
import { z } from 'zod';
import { readSmallText } from '../small-file';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}
export interface WindowState {
  bounds: Rect;
  maximized: boolean;
}
export interface WindowPlacement {
  /** x/y are absent when the window should be centred on the primary display. */
  bounds: Partial<Pick<Rect, 'x' | 'y'>> & Pick<Rect, 'width' | 'height'>;
  maximized: boolean;
}

export const WINDOW_STATE_FILE = 'window-state.json';
const DEFAULT_SIZE = { width: 1280, height: 800 };
const MIN_SIZE = { width: 900, height: 700 };
/** How much of the title bar must sit on a display for the window to count as reachable. */
const GRIP = { width: 120, height: 40 };

const rect = z.object({
  x: z.number().int(),
  y: z.number().int(),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
});
const windowStateSchema = z.object({ bounds: rect, maximized: z.boolean() });

function overlap(a: Rect, b: Rect): { width: number; height: number } {
  const width = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const height = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return { width: Math.max(0, width), height: Math.max(0, height) };
}

/**
 * Where to open the window: the saved place if its title bar is still on a display (the
 * monitor may be gone, or the resolution smaller), else centred at a size that fits.
 */
export function placeWindow(saved: unknown, workAreas: readonly Rect[]): WindowPlacement {
  const parsed = windowStateSchema.safeParse(saved);
  const primary = workAreas[0];
  const fit = (size: { width: number; height: number }, area: Rect | undefined) => ({
    width: Math.max(MIN_SIZE.width, area ? Math.min(size.width, area.width) : size.width),
    height: Math.max(MIN_SIZE.height, area ? Math.min(size.height, area.height) : size.height),
  });
  if (!parsed.success) return { bounds: fit(DEFAULT_SIZE, primary), maximized: false };
  const { bounds, maximized } = parsed.data;
  const titleBar: Rect = { x: bounds.x, y: bounds.y, width: bounds.width, height: GRIP.height };
  const home = workAreas.find((area) => {
    const o = overlap(titleBar, area);
    return o.width >= Math.min(GRIP.width, bounds.width) && o.height >= GRIP.height;
  });
  if (!home) return { bounds: fit(bounds, primary), maximized };
  const size = fit(bounds, home);
  // Keep the top-left corner on the display so the title bar stays grabbable.
  const x = Math.min(
    Math.max(bounds.x, home.x),
    home.x + home.width - Math.min(size.width, home.width),
  );
  const y = Math.min(
    Math.max(bounds.y, home.y),
    home.y + home.height - Math.min(size.height, home.height),
  );
  return { bounds: { x, y, ...size }, maximized };
}

export function readWindowState(file: string): unknown {
  try {
    return JSON.parse(readSmallText(file));
  } catch {
    return null; // first run, or a damaged file: open at the default place
  }
}

export function writeWindowState(file: string, state: WindowState): void {
  try {
    writeFileSync(file, JSON.stringify(state));
  } catch {
    // Remembering the window is a nicety; a read-only data folder must not break quitting.
  }
}

export interface PlacedWindow {
  on(event: 'close' | 'resize' | 'move', listener: () => void): unknown;
  getNormalBounds(): Rect;
  isMaximized(): boolean;
}

/**
 * Saves the window's place when it closes, and shortly after it is moved or resized, so a
 * crash or a forced quit still reopens it where the merchant left it.
 */
export function rememberWindowState(window: PlacedWindow, file: string, settleMs = 1000): void {
  let timer: ReturnType<typeof setTimeout> | null = null;
  // The normal (unmaximised) bounds, so a maximised window restores to its old size.
  const save = (): void =>
    writeWindowState(file, { bounds: window.getNormalBounds(), maximized: window.isMaximized() });
  const later = (): void => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = null;
      save();
    }, settleMs);
    timer.unref?.();
  };
  window.on('resize', later);
  window.on('move', later);
  window.on('close', () => {
    if (timer) clearTimeout(timer);
    timer = null;
    save();
  });
}
