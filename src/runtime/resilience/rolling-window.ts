/**
 * Success/failure counts over the last `windowMs`, kept in a ring of fixed time buckets. Recording
 * an outcome touches one bucket; moving time forward clears at most `bucketCount` expired buckets,
 * so the cost per call is bounded no matter how many outcomes the window holds.
 */
export class RollingWindow {
  readonly #bucketMs: number;
  readonly #successes: Float64Array;
  readonly #failures: Float64Array;
  #currentBucket: number;
  #successTotal = 0;
  #failureTotal = 0;

  constructor(windowMs: number, bucketCount: number, now: number) {
    this.#bucketMs = windowMs / bucketCount;
    this.#successes = new Float64Array(bucketCount);
    this.#failures = new Float64Array(bucketCount);
    this.#currentBucket = Math.floor(now / this.#bucketMs);
  }

  record(now: number, failed: boolean): void {
    const slot = this.#advance(now);
    if (failed) {
      this.#failures[slot] = countAt(this.#failures, slot) + 1;
      this.#failureTotal += 1;
    } else {
      this.#successes[slot] = countAt(this.#successes, slot) + 1;
      this.#successTotal += 1;
    }
  }

  /** Outcomes recorded within the window ending at `now`. */
  volume(now: number): number {
    this.#advance(now);
    return this.#successTotal + this.#failureTotal;
  }

  /** Failures as a fraction of the window's outcomes (0 for an empty window). */
  failureRate(now: number): number {
    const volume = this.volume(now);
    return volume === 0 ? 0 : this.#failureTotal / volume;
  }

  reset(now: number): void {
    this.#successes.fill(0);
    this.#failures.fill(0);
    this.#successTotal = 0;
    this.#failureTotal = 0;
    this.#currentBucket = Math.floor(now / this.#bucketMs);
  }

  /** Expires buckets that fell out of the window; returns the slot for `now`. */
  #advance(now: number): number {
    const size = this.#successes.length;
    const target = Math.floor(now / this.#bucketMs);
    const steps = Math.min(target - this.#currentBucket, size);
    for (let step = 1; step <= steps; step++) {
      const slot = (((this.#currentBucket + step) % size) + size) % size;
      this.#successTotal -= countAt(this.#successes, slot);
      this.#failureTotal -= countAt(this.#failures, slot);
      this.#successes[slot] = 0;
      this.#failures[slot] = 0;
    }
    if (target > this.#currentBucket) this.#currentBucket = target;
    return ((this.#currentBucket % size) + size) % size;
  }
}

/** A bucket's count; slots are reduced modulo the ring size, so a miss is a bug in that arithmetic. */
function countAt(counts: Float64Array, slot: number): number {
  const count = counts[slot];
  if (count === undefined) throw new RangeError(`RollingWindow: slot ${String(slot)} is outside the ring`);
  return count;
}
