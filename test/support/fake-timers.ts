// Vitest's fake timers for every test of the calling file, real ones restored after each.
import { afterEach, beforeEach, vi } from 'vitest';

export function useFakeTimersEach(): void {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });
}
