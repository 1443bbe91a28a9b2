/**
 * One `abort` listener per signal, however many waits share it. A caller that passes one signal
 * to 50 concurrent requests would otherwise put 50 listeners on it (and a limiter wait, a back-off
 * sleep and a call scope each add their own), and Node prints `MaxListenersExceededWarning` past
 * ten. Raising the limit on a caller's signal would hide real leaks; fanning out keeps the count
 * at one per signal and per process, with a removal that is O(1).
 */

interface Fanout {
  readonly callbacks: Set<() => void>;
  readonly listener: () => void;
}

/**
 * Process-wide on purpose (allowed in txo.config.json): Node counts listeners per signal across the
 * whole process, so every component must share the one listener. Keyed weakly by the signal, it
 * holds nothing once a signal is gone and shares nothing between callers with different signals.
 */
const fanoutBySignal = new WeakMap<AbortSignal, Fanout>();

function createFanout(signal: AbortSignal): Fanout {
  const callbacks = new Set<() => void>();
  const listener = (): void => {
    fanoutBySignal.delete(signal);
    // A callback may unsubscribe others while they run; the copy keeps the iteration stable.
    for (const callback of [...callbacks]) callback();
    callbacks.clear();
  };
  signal.addEventListener("abort", listener, { once: true });
  const fanout = { callbacks, listener };
  fanoutBySignal.set(signal, fanout);
  return fanout;
}

/**
 * Calls `callback` once when `signal` aborts (not if it already has: check `signal.aborted` first).
 * Returns the function that unsubscribes; the signal's listener goes when its last callback does.
 */
export function onAbort(signal: AbortSignal, callback: () => void): () => void {
  const fanout = fanoutBySignal.get(signal) ?? createFanout(signal);
  fanout.callbacks.add(callback);
  return () => {
    if (!fanout.callbacks.delete(callback) || fanout.callbacks.size > 0 || fanoutBySignal.get(signal) !== fanout)
      return;
    fanoutBySignal.delete(signal);
    signal.removeEventListener("abort", fanout.listener);
  };
}
