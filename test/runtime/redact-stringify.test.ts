import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { REDACTED, Redactor } from "../../src/runtime/redact.js";

describe("Redactor.stringify's sharing walk", () => {
  it("writes a line without secrets exactly as JSON.stringify does, the first time and the next", () => {
    const redactor = new Redactor();
    const line = {
      msg: "listed users for the weekly export",
      at: new Date(0),
      page: 2,
      tags: ["a", "b"],
      nothing: null,
      skipped: undefined,
    };
    expect(redactor.stringify(line)).toBe(JSON.stringify(line));
    expect(redactor.stringify(line)).toBe(JSON.stringify(line));
  });

  it("still blanks a secret key's value when the value is a string already known to be clean", () => {
    const redactor = new Redactor();
    expect(redactor.stringify({ note: "correct horse battery staple" })).toBe(
      '{"note":"correct horse battery staple"}',
    );
    expect(redactor.stringify({ note: "ok", user: { password: "correct horse battery staple" } })).toBe(
      `{"note":"ok","user":{"password":"${REDACTED}"}}`,
    );
  });

  it("redacts candidates, secrets-file values, BigInts and custom toJSON results", () => {
    const redactor = new Redactor({ secrets: ["s3cr3t-value"] });
    expect(redactor.stringify({ msg: "sent Authorization: Bearer abcdefgh12345678" })).not.toContain(
      "abcdefgh12345678",
    );
    expect(redactor.stringify({ msg: "the value s3cr3t-value leaked" })).not.toContain("s3cr3t-value");
    expect(redactor.stringify({ count: 10n })).toBe('{"count":"10"}');
    expect(redactor.stringify({ wrapped: { toJSON: () => ({ token: "abc" }) } })).toBe(
      `{"wrapped":{"token":"${REDACTED}"}}`,
    );
  });

  it("leaves the logged value untouched and keeps key order, including integer-like keys and __proto__", () => {
    const redactor = new Redactor();
    // JSON.parse gives any; the redacted text is a JSON object.
    const value = JSON.parse(
      '{"b":1,"2":"x","password":"hunter22","__proto__":{"token":"abc"},"list":[{"secret":"s"},"plain text"]}',
    ) as Record<string, unknown>;
    const before = JSON.stringify(value);
    expect(redactor.stringify(value)).toBe(JSON.stringify(redactor.redact(value)));
    expect(redactor.stringify(value)).toBe(
      `{"2":"x","b":1,"password":"${REDACTED}","__proto__":{"token":"${REDACTED}"},"list":[{"secret":"${REDACTED}"},"plain text"]}`,
    );
    expect(JSON.stringify(value)).toBe(before);
  });

  it("agrees with the copying path on an array that has its own toJSON", () => {
    const redactor = new Redactor();
    const list = Object.assign(["plain text"], { toJSON: () => "custom" });
    expect(redactor.stringify({ list })).toBe(JSON.stringify(redactor.redact({ list })));
  });

  it("prints boxed strings as JSON.stringify does, redacted", () => {
    const redactor = new Redactor({ secrets: ["boxed-secret-1"] });
    const value = { note: new String("boxed-secret-1"), count: new Number(3), flag: new Boolean(false) };
    expect(redactor.stringify(value)).toBe(`{"note":"${REDACTED}","count":3,"flag":false}`);
    expect(JSON.stringify(redactor.redact(value))).toBe(`{"note":"${REDACTED}","count":3,"flag":false}`);
  });

  it("survives a getter that throws and prints only own keys, even with a polluted Object.prototype", () => {
    const redactor = new Redactor();
    const throwing = Object.defineProperty({ name: "x" }, "broken", {
      enumerable: true,
      get: () => {
        throw new Error("no");
      },
    });
    expect(redactor.stringify(throwing)).toBe(JSON.stringify("[Unserializable value]"));
    class Legacy {
      name = "legacy";
    }
    // A prototype is an object; the test writes an extra key to it and removes it after.
    (Legacy.prototype as unknown as Record<string, unknown>).token = "inherited";
    expect(redactor.stringify({ item: new Legacy() })).toBe('{"item":{"name":"legacy"}}');
    Object.defineProperty(Object.prototype, "pollutedToken", {
      value: "abc",
      enumerable: true,
      configurable: true,
      writable: true,
    });
    try {
      expect(redactor.stringify({ plain: { a: 1 } })).toBe('{"plain":{"a":1}}');
    } finally {
      // A prototype is an object; the test writes an extra key to it and removes it after.
      delete (Object.prototype as Record<string, unknown>).pollutedToken;
    }
  });

  it("redacts short key=value text that the length shortcut used to skip", () => {
    const redactor = new Redactor({ keys: ["pw"] });
    expect(redactor.redactString("pwd=abc")).toBe(`pwd=${REDACTED}`);
    expect(redactor.redactString("pin=1")).toBe(`pin=${REDACTED}`);
    expect(redactor.redactString("pw=x")).toBe(`pw=${REDACTED}`);
  });
});

describe("the candidate shortcut of redactString never skips a string the full scan would change", () => {
  const run = (min: number, max: number) => fc.stringMatching(new RegExp(`^[A-Za-z0-9_-]{${min},${max}}$`));
  const glue = [
    ":",
    "=",
    ": ",
    " = ",
    '"',
    "'",
    '\\"',
    "\\",
    " ",
    "\t",
    "\n",
    ".",
    ",",
    ";",
    "&",
    "{",
    "}",
    "[",
    "]",
    "/",
    "-",
    "_",
    "+",
    "~",
    "<value>",
  ];
  const filler = ["listed users", "the weekly export", "https://", "?page=2", "123e4567-e89b-12d3-a456-426614174000"];
  const separators = ["", " ", "  ", "\t", ":", ": ", "=", " = ", '": "', '\\":\\"', "'='", "-", "_", "."];
  // Each family holds the pieces one kind of redaction is made of; pairing a family's pieces with
  // separators and value-like runs reaches its corners far more often than drawing from everything.
  const families: Record<string, string[]> = {
    keyValue: [
      "password",
      "Password",
      "pass_word",
      "token",
      "TOKEN",
      "client-secret",
      "api_key",
      "apiKey",
      "x-api-key",
      "pwd",
      "pin",
      "otp",
      "jwt",
      "_auth",
      "_sig",
      "_id",
      "auth",
      "secret",
      "ssn",
      "tokenCount",
      "?token=",
      "&sig=",
      "--token=",
      "-password",
      "accessKeyId",
      "refresh",
      "passphrase",
    ],
    scheme: ["Bearer", "BEARER", "bearer", "Basic", "Token", "Digest", "Authorization"],
    pem: [
      "-----BEGIN RSA PRIVATE KEY-----",
      "-----END RSA PRIVATE KEY-----",
      "-----BEGIN ",
      "-----END ",
      "CERTIFICATE",
      "-----",
    ],
    knownKey: [
      "sk_live_",
      "sk-proj-",
      "pk_test_",
      "rk-",
      "ghp_",
      "gho_",
      "xoxb-",
      "AKIA",
      "AIza",
      "glpat-",
      "whsec_",
      "github_pat_",
      "xapp-",
      "xoxe-",
      "ASIA",
    ],
    url: [
      "postgres://",
      "mongodb+srv://",
      "https://",
      "admin",
      "admin:",
      ":",
      "@",
      "//",
      "hooks.slack.com/services/",
      "hooks.slack.com/",
      "https://hooks.slack.com/workflows/",
    ],
    flag: [
      "--password",
      "-password",
      "--token",
      "--client-secret",
      "--verbose",
      "-u",
      "-u ",
      "--user",
      "--user=",
      "-u=",
      "curl -u",
      "--",
      "-",
      " ",
    ],
    base64: [
      "wJalrXUtnFEMI/K7MDENG/",
      "bPxRfiCYEXAMPLEKEY",
      "+",
      "/",
      "AbCd0123/+",
      "=",
      "0123456789abcdefABCDEF0123456789abcdefAB",
    ],
    jwt: ["eyJ", "eyJhbGciOiJIUzI1NiJ9", "."],
    literal: ["s3cr3t-value", "s3cr3t", "p@ss w0rd!", "p@ss"],
  };
  /** A family piece, a separator and something value-like, among glue and filler. */
  const textOf = (pieces: string[]) => {
    const value = fc.oneof(
      run(1, 12),
      run(14, 40),
      fc.stringMatching(/^[A-Za-z0-9]{16,24}$/),
      fc.stringMatching(/^[A-Z0-9]{16}$/),
      fc.stringMatching(/^[A-Za-z0-9/+]{18,42}$/),
      fc.constantFrom(...pieces),
      fc.string({ maxLength: 4 }),
    );
    const pair = fc
      .tuple(fc.constantFrom(...pieces), fc.constantFrom(...separators), value)
      .map((parts) => parts.join(""));
    const part = fc.oneof(
      { arbitrary: pair, weight: 4 },
      fc.constantFrom(...glue),
      fc.constantFrom(...filler),
      run(1, 40),
      fc.string({ maxLength: 4 }),
    );
    return fc.array(part, { maxLength: 8 }).map((parts) => parts.join(""));
  };
  const redactor = new Redactor({ secrets: ["s3cr3t-value", "p@ss w0rd!"], keys: ["ssn"], allowKeys: ["tokenCount"] });
  const sameBothWays = (sample: string) => {
    expect(redactor.redactString(sample)).toBe(redactor.redactStringFully(sample));
  };

  it("gives the same result on the shortest text each pattern changes", () => {
    const shortest = [
      "pin=1",
      "sig=1",
      "--pin 1",
      "ab://c:d@",
      "-u a:b",
      "hooks.slack.com/services/x",
      "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
      "AKIA1234567890ABCDEF",
      "sk_live_abcdefgh12345678",
      "xoxb-1234567890",
      "glpat-abcdefghij0123456789",
      "Bearer abcdefgh",
      "Basic dXNlcjpwYXNz1",
      "eyJabcde.abcde.x",
      "-----BEGIN A-----\n-----END A-----",
      "s3cr3t-value",
      "a1".repeat(16),
    ];
    for (const sample of shortest) {
      expect(redactor.redactStringFully(sample)).not.toBe(sample);
      sameBothWays(sample);
    }
  });

  for (const [family, pieces] of Object.entries(families)) {
    it(`gives the same result with and without the shortcut (${family})`, () => {
      fc.assert(fc.property(textOf(pieces), sameBothWays), { numRuns: 4000 });
    });
  }

  it("gives the same result with and without the shortcut (all families mixed)", () => {
    fc.assert(fc.property(textOf(Object.values(families).flat()), sameBothWays), { numRuns: 6000 });
  });
});
