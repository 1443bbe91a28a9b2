// Per-call overhead of txo-toolkit's breaker, retry and limiter, side by side with cockatiel 3 and
// opossum 9, on the success path and on failing paths. Run after building:
//   npm run build && node bench/resilience/overhead.mjs
import { parseArgs } from "node:util";
import {
  bulkhead,
  circuitBreaker,
  ConsecutiveBreaker,
  ConstantBackoff,
  ExponentialBackoff,
  handleAll,
  retry as cockatielRetry,
  SamplingBreaker,
} from "cockatiel";
import OpossumBreaker from "opossum";
import { CircuitBreaker, RateLimiter, RetryPolicy } from "@txo-toolkit/runtime";

// Flags: --rounds 9 --sample-ms 200
const { values: flags } = parseArgs({
  options: { rounds: { type: "string", default: "9" }, "sample-ms": { type: "string", default: "200" } },
});
const SAMPLE_MS = Number(flags["sample-ms"]);
const ROUNDS = Number(flags.rounds);
const noop = () => undefined;
const ok = () => Promise.resolve(1);
const failure = new Error("remote down");
const fail = () => Promise.reject(failure);

/** ns per awaited call of `run`, calling it in batches of 1000 for about `SAMPLE_MS`. */
async function nsPerCall(run) {
  const started = process.hrtime.bigint();
  const budget = BigInt(SAMPLE_MS) * 1_000_000n;
  let calls = 0;
  while (process.hrtime.bigint() - started < budget) {
    for (let index = 0; index < 1000; index++) await run();
    calls += 1000;
  }
  return Number(process.hrtime.bigint() - started) / calls;
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** Runs the contestants in alternating rounds (so drift hits all alike) and returns median ns/call. */
async function scenario(name, contestants) {
  const samples = new Map(Object.keys(contestants).map((key) => [key, []]));
  for (const run of Object.values(contestants)) await nsPerCall(run); // warm-up (and fills windows)
  const keys = Object.keys(contestants);
  for (let round = 0; round < ROUNDS; round++) {
    for (let offset = 0; offset < keys.length; offset++) {
      const key = keys[(round + offset) % keys.length];
      samples.get(key).push(await nsPerCall(contestants[key]));
    }
  }
  const result = Object.fromEntries([...samples].map(([key, values]) => [key, median(values)]));
  report(name, result);
  return result;
}

function report(name, result) {
  const baseline = result.baseline;
  const overhead = (key) => Math.max(0, result[key] - baseline);
  const rivals = Object.keys(result).filter((key) => key !== "baseline" && !key.startsWith("txo"));
  const fastest =
    rivals.length === 0 ? undefined : rivals.reduce((best, key) => (overhead(key) < overhead(best) ? key : best));
  console.log(`\n${name}`);
  for (const key of Object.keys(result)) {
    const extra = key === "baseline" ? "" : `  overhead ${overhead(key).toFixed(0).padStart(6)} ns`;
    console.log(`  ${key.padEnd(22)} ${result[key].toFixed(0).padStart(7)} ns/call${extra}`);
  }
  if (fastest !== undefined) {
    const ratio = overhead("txo") / Math.max(1, overhead(fastest));
    console.log(
      `  ratio txo / fastest (${fastest}) overhead: ${ratio.toFixed(2)}  ${ratio <= 1 ? "OK (target ≤ 1)" : "ABOVE TARGET"}`,
    );
  }
}

async function breakerScenarios() {
  const ours = new CircuitBreaker({ failureThreshold: 5, resetTimeoutMs: 30_000 });
  const cockatiel = circuitBreaker(handleAll, { halfOpenAfter: 30_000, breaker: new ConsecutiveBreaker(5) });
  const opossum = new OpossumBreaker(ok, { timeout: false, resetTimeout: 30_000 });
  await scenario("circuit breaker, success path", {
    baseline: ok,
    txo: () => ours.execute(ok),
    cockatiel: () => cockatiel.execute(ok),
    opossum: () => opossum.fire(),
  });

  await failingWindowScenario();
  await openCircuitScenario();
}

/** Thousands of failures recorded in a 10 s rolling window that never trips (volume floor too high). */
async function failingWindowScenario() {
  const oursWindow = new CircuitBreaker({
    failureThreshold: 1e12,
    failureRate: { threshold: 1, windowMs: 10_000, minimumVolume: 1e12, buckets: 10 },
  });
  const cockatielWindow = circuitBreaker(handleAll, {
    halfOpenAfter: 30_000,
    breaker: new SamplingBreaker({ threshold: 0.99, duration: 10_000, minimumRps: 1e12 }),
  });
  const opossumWindow = new OpossumBreaker(fail, {
    timeout: false,
    errorThresholdPercentage: 100,
    volumeThreshold: 1e12,
    rollingCountTimeout: 10_000,
    rollingCountBuckets: 10,
  });
  // opossum re-sorts the window's latency samples on every failure unless percentiles are off.
  const opossumLean = new OpossumBreaker(fail, {
    timeout: false,
    errorThresholdPercentage: 100,
    volumeThreshold: 1e12,
    rollingCountTimeout: 10_000,
    rollingCountBuckets: 10,
    rollingPercentilesEnabled: false,
  });
  await scenario("circuit breaker, failing path (thousands of failures in the rolling window)", {
    baseline: () => fail().catch(noop),
    txo: () => oursWindow.execute(fail).catch(noop),
    cockatiel: () => cockatielWindow.execute(fail).catch(noop),
    opossum: () => opossumWindow.fire().catch(noop),
    "opossum, percentiles off": () => opossumLean.fire().catch(noop),
  });
}

async function openCircuitScenario() {
  const oursOpen = new CircuitBreaker({ failureThreshold: 1, resetTimeoutMs: 1e12 });
  await oursOpen.execute(fail).catch(noop);
  const cockatielOpen = circuitBreaker(handleAll, { halfOpenAfter: 1e12, breaker: new ConsecutiveBreaker(1) });
  await cockatielOpen.execute(fail).catch(noop);
  const opossumOpen = new OpossumBreaker(ok, { timeout: false, resetTimeout: 1e9 });
  opossumOpen.open();
  await scenario("circuit breaker, open circuit (calls rejected at once)", {
    baseline: () => fail().catch(noop),
    txo: () => oursOpen.execute(ok).catch(noop),
    cockatiel: () => cockatielOpen.execute(ok).catch(noop),
    opossum: () => opossumOpen.fire().catch(noop),
  });
}

async function retryScenarios() {
  const ours = new RetryPolicy({ maxRetries: 3 });
  const cockatiel = cockatielRetry(handleAll, { maxAttempts: 3, backoff: new ExponentialBackoff() });
  await scenario("retry, success path", {
    baseline: ok,
    txo: () => ours.execute(ok),
    cockatiel: () => cockatiel.execute(ok),
  });

  // Two failures then success with a zero delay: measures the retry machinery, not the wait.
  const oursZero = new RetryPolicy({ maxRetries: 3, baseDelayMs: 0, jitter: "none" });
  const cockatielZero = cockatielRetry(handleAll, { maxAttempts: 3, backoff: new ConstantBackoff(0) });
  const flaky = (attempt) => (attempt % 3 < 2 ? fail() : ok());
  let oursCounter = 0;
  let cockatielCounter = 0;
  let baselineCounter = 0;
  await scenario("retry, failing path (2 failures then success, zero delay)", {
    baseline: async () => {
      for (;;)
        if (
          await flaky(baselineCounter++).then(
            () => true,
            () => false,
          )
        )
          return;
    },
    txo: () => oursZero.execute(() => flaky(oursCounter++)),
    cockatiel: () => cockatielZero.execute(() => flaky(cockatielCounter++)),
  });
}

async function limiterScenarios() {
  const ours = new RateLimiter({ limits: [{ perSecond: 1e12, burst: 1e12 }] });
  const admission = bulkhead(1e9);
  await scenario(
    "rate limiter, token available (neither cockatiel nor opossum has a rate limiter; cockatiel's bulkhead is the nearest admission policy)",
    {
      baseline: ok,
      txo: () => ours.run(ok),
      "txo acquire().then": () => ours.acquire().then(ok),
      "cockatiel-bulkhead": () => admission.execute(ok),
    },
  );
  ours.close();

  // burst 1, the smooth configuration scripts use.
  const smooth = new RateLimiter({ limits: [{ perSecond: 1e12, burst: 1 }] });
  await scenario("rate limiter, burst 1 at a rate never reached", {
    baseline: ok,
    txo: () => smooth.run(ok),
    "cockatiel-bulkhead": () => admission.execute(ok),
  });
  smooth.close();
}

console.log(`node ${process.version}, ${ROUNDS} rounds of ~${SAMPLE_MS} ms per contestant, median ns/call`);
await breakerScenarios();
await retryScenarios();
await limiterScenarios();
