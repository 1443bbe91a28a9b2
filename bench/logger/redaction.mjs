// Cost of the runtime logger's redaction, side by side with plain JSON.stringify and pino's
// `redact`. Run after building:
//   npm run build && node bench/logger/redaction.mjs   # flags: --rounds 9 --sample-ms 300 --only <title part>
//
// pino's redact only blanks the key paths it is given; txo's Redactor also scans every string for
// bearer tokens, JWTs, API keys, PEM blocks, key=value secrets and secrets-file values, at any
// depth. Every row does the same job per line: take a record's fields, add time/level/msg, and
// write one JSON line to a sink. Records are built before each timed batch (fresh objects and,
// where the record says so, fresh strings), so the numbers measure serialisation, not the
// record factory. Rows run in alternating order, round after round, and the median ns per line
// is reported with its ratio to JSON.stringify: that ratio is what redaction costs.
import { Writable } from "node:stream";
import { parseArgs } from "node:util";
import pino from "pino";
import { createLogger, Redactor } from "@txo-toolkit/runtime";

const { values: flags } = parseArgs({
  options: {
    rounds: { type: "string", default: "9" },
    "sample-ms": { type: "string", default: "300" },
    only: { type: "string", default: "" },
  },
});
const ROUNDS = Number(flags.rounds);
const SAMPLE_MS = Number(flags["sample-ms"]);
const BATCH = 1000;

class NullStream extends Writable {
  _write(_chunk, _encoding, done) {
    done();
  }
}

/** A string sink: the cheapest possible stream, so the numbers measure serialisation. */
const sink = {
  bytes: 0,
  write(chunk) {
    this.bytes += chunk.length;
    return true;
  },
};

/** A request log line with secrets in it: a bearer JWT in a header and a password in a body. */
const recordWithSecrets = () => ({
  orgId: "acme",
  request: {
    method: "POST",
    url: "https://api.example.com/v1/users?page=2",
    headers: {
      authorization: "Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.c2lnbmF0dXJlLXZhbHVl",
      accept: "application/json",
      "user-agent": "txo-runtime/1.0",
    },
    body: {
      name: "Ada Lovelace",
      email: "ada@example.com",
      password: "correct horse battery staple",
      roles: ["admin", "reviewer"],
    },
  },
  response: { status: 201, durationMs: 183, id: "123e4567-e89b-12d3-a456-426614174000" },
  note: "user created after 2 retries; the upstream answered 429 once",
});

/** The common log line: the same shape without anything secret, the same strings every time. */
const recordWithoutSecrets = () => ({
  orgId: "acme",
  request: {
    method: "GET",
    url: "https://api.example.com/v1/users?page=2",
    headers: { accept: "application/json", "user-agent": "txo-runtime/1.0" },
  },
  response: { status: 200, durationMs: 83, items: 25, etag: 'W/"5e-1a2b"' },
  retries: 0,
  note: "listed users for the weekly export",
});

/** The common line with new values on every call, so no string is one the redactor has seen before. */
function freshRecordsWithoutSecrets() {
  let counter = 0;
  return () => {
    counter++;
    const record = recordWithoutSecrets();
    record.requestId = `req-${counter.toString(36)}-${(counter * 7919).toString(16)}`;
    record.request.url = `https://api.example.com/v1/users?page=${counter % 500}`;
    record.response.durationMs = counter % 997;
    record.note = `listed ${counter % 100} users for the weekly export (attempt ${counter % 3})`;
    return record;
  };
}

/** A long message (about 2 kB of prose, the same every time) with a few ordinary fields. */
const longDetail = Array.from(
  { length: 24 },
  (_, index) =>
    `batch ${index} of the weekly user export was written to the archive after checking ${index * 40} rows;`,
).join(" ");
const longMessageRecord = () => ({ orgId: "acme", step: "sync-users", detail: longDetail });

const secrets = ["file-secret-value-123", "another-secret-456"];
const redactor = new Redactor({ secrets });
const txoLogger = createLogger({ stream: sink, context: { orgId: "acme" }, secrets });
const pinoPaths = ["request.headers.authorization", "request.body.password", "*.password", "*.token", "*.secret"];
const pinoRedacting = pino({ redact: pinoPaths, base: { orgId: "acme" } }, new NullStream());
// fast-redact's best case (static paths, no wildcards), which its README puts at ~2% over
// JSON.stringify; its cost here is this row against "pino without redact".
const pinoStaticPaths = pino(
  { redact: pinoPaths.filter((path) => !path.includes("*")), base: { orgId: "acme" } },
  new NullStream(),
);
const pinoPlain = pino({ base: { orgId: "acme" } }, new NullStream());

const line = (record) => ({ time: Date.now(), level: "info", msg: "user created", ...record });
const contestants = {
  "JSON.stringify (no redaction)": (record) => sink.write(`${JSON.stringify(line(record))}\n`),
  "txo Redactor.stringify": (record) => sink.write(`${redactor.stringify(line(record))}\n`),
  "txo Redactor.redact + JSON.stringify (copying)": (record) =>
    sink.write(`${JSON.stringify(redactor.redact(line(record)))}\n`),
  "txo createLogger().info": (record) => txoLogger.info("user created", record),
  "pino with redact paths": (record) => pinoRedacting.info(record, "user created"),
  "pino with static redact paths only": (record) => pinoStaticPaths.info(record, "user created"),
  "pino without redact": (record) => pinoPlain.info(record, "user created"),
};

/** ns per line of `write`, over fresh batches of records, for about SAMPLE_MS. */
function nsPerLine(write, makeRecord) {
  const budget = BigInt(SAMPLE_MS) * 1_000_000n;
  let spent = 0n;
  let lines = 0;
  while (spent < budget) {
    const records = Array.from({ length: BATCH }, makeRecord);
    const started = process.hrtime.bigint();
    for (const record of records) write(record);
    spent += process.hrtime.bigint() - started;
    lines += BATCH;
  }
  return Number(spent) / lines;
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

function scenario(title, makeRecord) {
  if (!title.includes(flags.only)) return;
  const names = Object.keys(contestants);
  const samples = new Map(names.map((name) => [name, []]));
  for (const name of names) nsPerLine(contestants[name], makeRecord);
  for (let round = 0; round < ROUNDS; round++) {
    for (let offset = 0; offset < names.length; offset++) {
      const name = names[(round + offset) % names.length];
      samples.get(name).push(nsPerLine(contestants[name], makeRecord));
    }
  }
  const baseline = median(samples.get(names[0]));
  console.log(`\n${title}`);
  for (const name of names) {
    const ns = median(samples.get(name));
    const spread = samples.get(name).map((value) => value / baseline);
    console.log(
      `  ${name.padEnd(48)} ${ns.toFixed(0).padStart(6)} ns/line  ${(ns / baseline).toFixed(2)}×  (rounds ${Math.min(...spread).toFixed(2)}–${Math.max(...spread).toFixed(2)}×)`,
    );
  }
}

console.log(
  `node ${process.version}, ${ROUNDS} rounds of ${SAMPLE_MS} ms per row; ratio = time per line / JSON.stringify's`,
);
scenario("record with secrets (bearer JWT, password)", recordWithSecrets);
scenario("record without secrets (the common line, same strings every time)", recordWithoutSecrets);
scenario("the common line with new values every time", freshRecordsWithoutSecrets());
scenario("record with a 2 kB message", longMessageRecord);
