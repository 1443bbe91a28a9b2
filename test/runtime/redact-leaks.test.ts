import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createLogger, type LogStream } from "../../src/runtime/logger.js";
import { REDACTED, Redactor } from "../../src/runtime/redact.js";

/** The leak shapes a security review found in log lines, each with the part that must never print. */

class Collector implements LogStream {
  text = "";
  write(chunk: string): boolean {
    this.text += chunk;
    return true;
  }
}

const alnum = (min: number, max: number) => fc.stringMatching(new RegExp(`^[A-Za-z0-9]{${min},${max}}$`));
const upperDigits = (length: number) => fc.stringMatching(new RegExp(`^[A-Z0-9]{${length}}$`));
/** A secret worth looking for in the output: long enough that finding it there can only be a leak. */
const secret = fc
  .tuple(alnum(6, 20), fc.nat(9), fc.constantFrom("Q", "x", "Z"))
  .map(([body, digit, letter]) => `${letter}${body}${digit}`);
const user = fc.constantFrom("admin", "svc_reader", "bob", "app-user");
const host = fc.constantFrom("db.example.com", "10.0.0.5:5432", "cluster0.abcde.mongodb.net", "localhost");

interface Leak {
  readonly text: string;
  readonly secret: string;
}

const leakShapes: Record<string, fc.Arbitrary<Leak>> = {
  dsn: fc
    .tuple(
      fc.constantFrom("postgres", "postgresql", "mysql", "mongodb+srv", "redis", "amqps", "https"),
      user,
      secret,
      host,
    )
    .map(([scheme, name, pass, at]) => ({ text: `${scheme}://${name}:${pass}@${at}/app`, secret: pass })),
  urlQuery: fc
    .tuple(
      fc.constantFrom(
        "token",
        "access_token",
        "refresh_token",
        "sig",
        "X-Amz-Signature",
        "X-Amz-Security-Token",
        "client_secret",
        "api_key",
        "password",
        "apikey",
      ),
      secret,
    )
    .map(([key, value]) => ({
      text: `https://files.example.com/c/report.csv?sv=2022-11-02&${key}=${value}&se=2030`,
      secret: value,
    })),
  curl: fc.tuple(fc.constantFrom("-u ", "--user ", "--user=", "-u="), user, secret).map(([flag, name, pass]) => ({
    text: `curl -sS ${flag}${name}:${pass} https://api.example.com/v1`,
    secret: pass,
  })),
  argvText: fc
    .tuple(
      fc.constantFrom(
        "--password ",
        "--password=",
        "-password ",
        "--token ",
        "--token=",
        "--client-secret ",
        "--api-key=",
        "--passphrase ",
        "--sig ",
      ),
      secret,
    )
    .map(([flag, value]) => ({ text: `node sync.js --org acme ${flag}${value} --dry-run`, secret: value })),
  awsSecret: fc
    .tuple(alnum(12, 12), alnum(12, 12), alnum(11, 11), fc.constantFrom("/", "+"), fc.constantFrom("/", "+"))
    .map(([a, b, c, s1, s2]) => ({ text: `K${a}${s1}${b}${s2}${c}z9`, secret: `K${a}${s1}${b}${s2}${c}z9` })),
  slackWebhook: fc
    .tuple(upperDigits(8), upperDigits(10), alnum(24, 24))
    .map(([team, bot, key]) => ({ text: `https://hooks.slack.com/services/T${team}/B${bot}/${key}`, secret: key })),
  github: fc
    .oneof(
      alnum(36, 36).map((key) => `ghp_${key}`),
      fc.tuple(alnum(22, 22), alnum(59, 59)).map(([a, b]) => `github_pat_${a}_${b}`),
    )
    .map((token) => ({ text: token, secret: token.slice(4) })),
  stripe: fc
    .tuple(fc.constantFrom("sk_live_", "sk_test_", "rk_live_", "whsec_"), alnum(24, 40))
    .map(([prefix, key]) => ({ text: `${prefix}${key}`, secret: key })),
  slackToken: fc
    .tuple(fc.constantFrom("xoxb-", "xoxp-", "xoxe-", "xapp-1-"), fc.stringMatching(/^[0-9]{10,13}$/), alnum(24, 24))
    .map(([prefix, id, key]) => ({ text: `${prefix}${id}-${key}`, secret: key })),
  awsKeyId: fc
    .tuple(fc.constantFrom("AKIA", "ASIA"), upperDigits(16))
    .map(([prefix, id]) => ({ text: `${prefix}${id}`, secret: `${prefix}${id}` })),
};

/** How a leak shape reaches the logger: in text, under an ordinary key, or inside a container. */
function placements(leak: Leak): Record<string, unknown> {
  return {
    message: `request failed for ${leak.text} (retrying)`,
    field: { target: leak.text },
    nested: { job: { steps: [{ cmd: leak.text }] } },
    jsonText: JSON.stringify({ connection: leak.text, attempt: 2 }),
    urlObject: URL.canParse(leak.text) ? new URL(leak.text) : leak.text,
    map: new Map([["target", leak.text]]),
    set: new Set([leak.text]),
    headers: new Headers({ "x-target": leak.text }),
    aggregate: new AggregateError([new Error(`first ${leak.text}`), new Error("second")], "both failed"),
    error: new Error("wrapped", { cause: new Error(leak.text) }),
  };
}

function printedBy(redactor: Redactor, value: unknown): string[] {
  const stream = new Collector();
  createLogger({ stream }).error("ctx", { value });
  return [redactor.stringify(value), JSON.stringify(redactor.redact(value)), stream.text];
}

describe("redaction of the reported leak shapes (generated variants)", () => {
  const redactor = new Redactor();
  for (const [name, shape] of Object.entries(leakShapes)) {
    it(`never prints the secret of a ${name}, wherever it is placed`, () => {
      fc.assert(
        fc.property(shape, (leak) => {
          for (const [where, value] of Object.entries(placements(leak))) {
            for (const output of printedBy(redactor, value)) {
              if (output.includes(leak.secret)) throw new Error(`${name} leaked in ${where}: ${output}`);
            }
          }
        }),
        { numRuns: 100 },
      );
    });
  }

  it("keeps what identifies the shape (user, host, flag, header name) readable", () => {
    expect(redactor.redactString("postgres://admin:Pa55word1@db.example.com/app")).toBe(
      `postgres://admin:${REDACTED}@db.example.com/app`,
    );
    expect(redactor.redactString("curl -u admin:Pa55word1 https://x")).toBe(`curl -u admin:${REDACTED} https://x`);
    expect(redactor.redactString('pino-mq -u "amqp://guest:guest1@localhost/"')).toBe(
      `pino-mq -u "amqp://guest:${REDACTED}@localhost/"`,
    );
    expect(redactor.redactString("run --password Pa55word1 --verbose")).toBe(`run --password ${REDACTED} --verbose`);
    expect(redactor.redactString("https://hooks.slack.com/services/T0000/B0000/abcdefghijkl")).toBe(
      `https://hooks.slack.com/services/${REDACTED}`,
    );
    expect(redactor.redactString("see https://x.example/a?sig=abc123&sv=1")).toBe(
      `see https://x.example/a?sig=${REDACTED}&sv=1`,
    );
  });

  it("does not treat ordinary flags, paths and URLs as secrets", () => {
    for (const text of [
      "run --verbose output.txt",
      "npm install --save-dev typescript",
      "see https://api.example.com/v1/users?page=2&sort=name",
      "/usr/local/lib/node_modules/typescript/lib/tsc.js",
      "https://user@example.com/profile",
      "pino-http-send -u http://localhost:8080/logs",
      "a well-known non-blocking path/to/SomeFile2024/x",
    ]) {
      expect(redactor.redactString(text)).toBe(text);
    }
  });
});

describe("redaction by key name and by shape", () => {
  const redactor = new Redactor();

  it("blanks accessKeyId, refresh, passphrase and sig at any depth", () => {
    const value = {
      aws: { accessKeyId: "AKIDEXAMPLE", region: "eu-west-1" },
      oauth: { refresh: "r-123", scope: "read" },
      key: { passphrase: "open sesame" },
      blob: { sig: "s1", sv: "2022" },
    };
    expect(redactor.redact(value)).toEqual({
      aws: { accessKeyId: REDACTED, region: "eu-west-1" },
      oauth: { refresh: REDACTED, scope: "read" },
      key: { passphrase: REDACTED },
      blob: { sig: REDACTED, sv: "2022" },
    });
  });

  it("blanks the value after a secret flag in an argv array, and nothing else", () => {
    const argv = ["node", "sync.js", "--password", "hunter2!", "--org", "acme", "--token", "t0k", "-v"];
    expect(redactor.redact({ argv })).toEqual({
      argv: ["node", "sync.js", "--password", REDACTED, "--org", "acme", "--token", REDACTED, "-v"],
    });
    expect(redactor.stringify({ argv })).toBe(JSON.stringify(redactor.redact({ argv })));
  });

  it("prints binary values as their size only, never their bytes", () => {
    const bytes = Buffer.from("hunter2-secret");
    const value = {
      buffer: bytes,
      view: new Uint8Array(bytes),
      raw: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length),
      floats: new Float64Array(2),
    };
    expect(JSON.parse(redactor.stringify(value))).toEqual({
      buffer: "[binary: 14 bytes]",
      view: "[binary: 14 bytes]",
      raw: "[binary: 14 bytes]",
      floats: "[binary: 16 bytes]",
    });
  });

  it("prints Map, Set, Headers, URLSearchParams and AggregateError.errors with their contents, redacted", () => {
    const value = {
      map: new Map<unknown, unknown>([
        ["password", "p1"],
        ["user", "bob"],
      ]),
      objectKeys: new Map([[{ id: 1 }, "Bearer abcdefghijklmnop1"]]),
      set: new Set(["plain", "Bearer abcdefghijklmnop1"]),
      headers: new Headers({ authorization: "Bearer abcdefghijklmnop1", accept: "application/json" }),
      query: new URLSearchParams({ page: "2", access_token: "abc123" }),
      aggregate: new AggregateError([new Error("token=abc123"), "plain"], "2 failed"),
    };
    // JSON.parse gives any; the value stringified is an object, so its JSON parses to one.
    const printed = JSON.parse(redactor.stringify(value)) as Record<string, unknown>;
    expect(printed.map).toEqual({ password: REDACTED, user: "bob" });
    expect(printed.objectKeys).toEqual([[{ id: 1 }, `Bearer ${REDACTED}`]]);
    expect(printed.set).toEqual(["plain", `Bearer ${REDACTED}`]);
    expect(printed.headers).toEqual({ accept: "application/json", authorization: REDACTED });
    expect(printed.query).toBe(`page=2&access_token=${REDACTED}`);
    expect(printed.aggregate).toMatchObject({
      message: "2 failed",
      errors: [{ message: `token=${REDACTED}` }, "plain"],
    });
    expect(redactor.stringify(value)).toBe(JSON.stringify(redactor.redact(value)));
  });
});
