import { setTimeout as realDelay } from "node:timers/promises";
import type { ManualClock } from "../../../src/runtime/resilience/clock.js";

/**
 * Settles `promise` while moving the manual clock from sleeper to sleeper; real I/O in between
 * gets a real millisecond or so, so no test ever waits for simulated seconds.
 */
export async function drive<T>(promise: Promise<T>, clock: ManualClock, maxSteps = 10_000): Promise<T> {
  // An object, so the loop re-reads what the callback wrote (a `let` looks constant to the checker).
  const state = { settled: false };
  const watched = promise.finally(() => {
    state.settled = true;
  });
  watched.catch(() => undefined);
  for (let step = 0; step < maxSteps && !state.settled; step++) {
    if (clock.pendingSleeps > 0) await clock.runNext();
    else await realDelay(1);
  }
  return watched;
}
