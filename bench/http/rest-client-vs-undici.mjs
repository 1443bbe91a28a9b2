// RestClient.get against bare undici.request on a loopback keep-alive server (run in a child
// process so it does not share the client's event loop). Run after building:
//   npm run build && node bench/http/rest-client-vs-undici.mjs
import { fork } from "node:child_process";
import { createServer } from "node:http";
import { parseArgs } from "node:util";
import { Agent, Pool, request } from "undici";

// Flags: --rounds 15 --sample-ms 300 --concurrency 8
const { values: flags, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    rounds: { type: "string", default: "15" },
    "sample-ms": { type: "string", default: "300" },
    concurrency: { type: "string", default: "8" },
  },
});
const SAMPLE_MS = Number(flags["sample-ms"]);
const ROUNDS = Number(flags.rounds);
const CONCURRENCY = Number(flags.concurrency);
const BODY = JSON.stringify({ id: 42, name: "Ada Lovelace", roles: ["admin", "author"], active: true });

function serve() {
  const server = createServer((_request, response) => {
    response.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(BODY) });
    response.end(BODY);
  });
  server.keepAliveTimeout = 60_000;
  server.listen(0, "127.0.0.1", () => process.send?.(server.address().port));
  process.on("disconnect", () => {
    server.closeAllConnections();
    server.close();
  });
}

/** Requests per second with `CONCURRENCY` callers looping on `get` for about `SAMPLE_MS`. */
async function throughput(get) {
  const deadline = performance.now() + SAMPLE_MS;
  let completed = 0;
  const worker = async () => {
    while (performance.now() < deadline) {
      await get();
      completed += 1;
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return completed / ((performance.now() - started) / 1000);
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function main() {
  const { RestClient } = await import("@txo-toolkit/runtime");
  const child = fork(new URL(import.meta.url).pathname, ["serve"], { stdio: "inherit" });
  const port = await new Promise((resolve) => child.once("message", resolve));
  const origin = `http://127.0.0.1:${port}`;
  const agent = new Agent({ connections: 16, keepAliveTimeout: 60_000 });
  const pool = new Pool(origin, { connections: 16, keepAliveTimeout: 60_000 });
  // The client as scripts use it: retries, circuit breaker and a (never binding) rate limiter on.
  const client = new RestClient({
    baseUrl: origin,
    connectionsPerOrigin: 16,
    keepAliveTimeoutMs: 60_000,
    rateLimiter: { limits: [{ perSecond: 1e9, burst: 1e9 }] },
  });
  const contestants = {
    "undici.request": async () => (await request(`${origin}/user`, { dispatcher: agent })).body.json(),
    "undici Pool.request": async () => (await pool.request({ path: "/user", method: "GET" })).body.json(),
    "RestClient.get": () => client.get("/user"),
  };
  const names = Object.keys(contestants);
  const samples = Object.fromEntries(names.map((name) => [name, []]));
  for (const get of Object.values(contestants)) await throughput(get);
  // Rounds rotate the order and each round's contestants run back to back, so a ratio is taken
  // between samples that saw the same machine load; the median ratio is reported.
  for (let round = 0; round < ROUNDS; round++) {
    for (let offset = 0; offset < names.length; offset++) {
      const name = names[(round + offset) % names.length];
      samples[name].push(await throughput(contestants[name]));
    }
  }
  const rates = Object.fromEntries(names.map((name) => [name, median(samples[name])]));
  console.log(
    `node ${process.version}, ${CONCURRENCY} concurrent callers, ${ROUNDS} rounds of ${SAMPLE_MS} ms per contestant`,
  );
  for (const [name, rate] of Object.entries(rates))
    console.log(`  ${name.padEnd(20)} ${rate.toFixed(0).padStart(8)} req/s (median)`);
  const ours = samples["RestClient.get"];
  for (const bare of ["undici.request", "undici Pool.request"]) {
    const ratio = median(samples[bare].map((rate, round) => rate / ours[round]));
    console.log(
      `  overhead ratio, time per request RestClient.get / ${bare} (median of per-round ratios): ${ratio.toFixed(3)}  ${ratio <= 1.1 ? "OK (target ≤ 1.10)" : "ABOVE TARGET"}`,
    );
  }
  await client.close();
  await agent.close();
  await pool.close();
  child.disconnect();
}

if (positionals[0] === "serve") serve();
else await main();
