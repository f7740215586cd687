// How far V8 lets the heap grow while an export writes its rows. An export allocates ~11 KB a
// sale and holds about two days of sales waiting for their paid-time order, long enough for V8
// to promote them: nearly every sale becomes old-generation garbage. With V8's default growth
// (up to ~4x what survived the last full GC, as the app's main process keeps it) a 1,000,000-sale
// export through the save dialog grew the app's memory by 96-105 MB while ~20 MB was live
// (issue 16). A fixed factor of 1.5 collects near the live size, as `listen` runs all the time.
// V8's flag is the whole process's, so it is held for an export's rows and given back after:
// the receiver, which shares the process, collects a little more often only meanwhile.
import { setFlagsFromString } from 'node:v8';

/** The old generation may grow by this percent of what survived the last full GC. */
export const NEAR_LIVE_GROWING_PERCENT = 50;

// 0 is V8's own default: a factor following its GC speed against the allocation rate.
const V8_DEFAULT_GROWING_PERCENT = 0;

let holds = 0;

const setGrowingPercent = (percent: number) =>
  setFlagsFromString(`--heap-growing-percent=${percent}`);

/**
 * Keeps V8's heap near what is live until the returned release is called (once; later calls do
 * nothing). Holds are counted: two exports at once, or `listen`'s hold for the whole process,
 * keep it until the last is released.
 */
export function holdHeapNearLive(): () => void {
  holds += 1;
  if (holds === 1) setGrowingPercent(NEAR_LIVE_GROWING_PERCENT);
  let held = true;
  return () => {
    if (!held) return;
    held = false;
    holds -= 1;
    if (holds === 0) setGrowingPercent(V8_DEFAULT_GROWING_PERCENT);
  };
}
