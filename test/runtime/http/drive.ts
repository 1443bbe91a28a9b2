import { setTimeout as realDelay } from "node:timers/promises";
import type { ManualClock } from "../../../src/runtime/resilience/clock.js";

/**
 * Settles `promise` while moving the manual clock from sleeper to sleeper; real I/O in between
 * gets a real millisecond or so, so no test ever waits for simulated seconds.
 */
export async function drive<T>(promise: Promise<T>, clock: ManualClock, maxSteps = 10_000): Promise<T> {
  let settled = false;
  const watched = promise.finally(() => {
    settled = true;
  });
  watched.catch(() => undefined);
  for (let step = 0; step < maxSteps && !settled; step++) {
    if (clock.pendingSleeps > 0) await clock.runNext();
    else await realDelay(1);
  }
  return watched;
}
