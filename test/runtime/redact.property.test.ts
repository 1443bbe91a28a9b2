import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { REDACTED, Redactor } from "../../src/runtime/redact.js";

const WORDS = [
  "the",
  "order",
  "was",
  "shipped",
  "to",
  "customer",
  "token",
  "password",
  "secret",
  "reset",
  "requested",
  "invoice",
  "42",
  "2024-05-01",
  "OK",
  "retry",
  "after",
  "GET",
  "/v1/users",
  "status",
  "200",
  "user@example.com",
  "bearer",
  "key",
  "api",
  "https://api.example.com/v1/orders?page=2",
];
const ORDINARY_KEYS = ["id", "name", "status", "count", "items", "message", "url", "createdAt", "tenant", "region"];
/** The ordinary key for a nesting level, cycling through the list. */
function ordinaryKey(level: number): string {
  const key = ORDINARY_KEYS[level % ORDINARY_KEYS.length];
  if (key === undefined) throw new Error("unreachable: the index is taken modulo the list's length");
  return key;
}
const SEPARATORS = [" ", ", ", ". ", " (", ") ", "\n", "\t", " - "];

const base64Url = (min: number, max: number) => fc.stringMatching(new RegExp(`^[A-Za-z0-9_-]{${min},${max}}$`));
const alphanumeric = (min: number, max: number) => fc.stringMatching(new RegExp(`^[A-Za-z0-9]{${min},${max}}$`));

const ordinaryText = fc
  .array(fc.tuple(fc.constantFrom(...WORDS), fc.constantFrom(...SEPARATORS)), { maxLength: 12 })
  .map((parts) => parts.map(([word, separator]) => `${word}${separator}`).join(""));
const uuid = fc.uuid();

interface SecretCase {
  /** The text the secret appears as. */
  text: string;
  /** Fragments of it that must never be printed. */
  mustNotAppear: string[];
  /** Values to hand to the redactor as secrets-file values. */
  secretsFile: string[];
}

const longKey = alphanumeric(32, 64).filter((key) => /\d/.test(key) && /[A-Za-z]/.test(key));
const jwt = fc.tuple(base64Url(10, 40), base64Url(10, 80), base64Url(16, 43)).map(([header, payload, signature]) => ({
  token: `eyJ${header}.eyJ${payload}.${signature}`,
  payload: `eyJ${payload}`,
}));
const secretFileValue = fc
  .stringMatching(/^[A-Za-z0-9!#$%&'()*+,\-./:;<=>?@[\]^_`{|}~" \\]{6,30}$/)
  .filter(
    (value) =>
      (value.match(/[A-Za-z0-9]/g)?.length ?? 0) >= 4 &&
      !`${REDACTED} [REDACTED PEM] ${WORDS.join(" ")}`.includes(value.trim()) &&
      value.trim() === value,
  );

const secretCases: fc.Arbitrary<SecretCase> = fc.oneof(
  fc.tuple(fc.constantFrom("Bearer", "BEARER"), alphanumeric(1, 1), base64Url(15, 64)).map(([scheme, first, rest]) => ({
    text: `${scheme} ${first}${rest}`,
    mustNotAppear: [`${first}${rest}`],
    secretsFile: [],
  })),
  fc
    .tuple(fc.constantFrom("Basic", "Token", "bearer"), alphanumeric(8, 40), fc.nat(9))
    .map(([scheme, token, digit]) => ({
      text: `${scheme} ${token}k${digit}==`,
      mustNotAppear: [`${token}k${digit}`],
      secretsFile: [],
    })),
  fc
    .tuple(fc.constantFrom("Authorization: Bearer ", "authorization=Bearer "), alphanumeric(16, 64))
    .map(([prefix, token]) => ({ text: `${prefix}${token}`, mustNotAppear: [token], secretsFile: [] })),
  jwt.map(({ token, payload }) => ({ text: token, mustNotAppear: [token, payload], secretsFile: [] })),
  longKey.map((key) => ({ text: key, mustNotAppear: [key], secretsFile: [] })),
  fc
    .tuple(fc.constantFrom("sk-proj-", "sk_live_", "ghp_", "glpat-"), alphanumeric(36, 40))
    .map(([prefix, key]) => ({ text: `${prefix}${key}`, mustNotAppear: [key], secretsFile: [] })),
  fc
    .tuple(
      fc.constantFrom("password", "client_secret", "api-key", "access_token", "X-Api-Key", "PASSWORD"),
      fc.constantFrom("=", ": ", "="),
      alphanumeric(6, 24),
    )
    .map(([key, separator, value]) => ({
      text: `${key}${separator}${value}`,
      mustNotAppear: [`${separator}${value}`],
      secretsFile: [],
    })),
  alphanumeric(20, 200).map((body) => ({
    text: `-----BEGIN PRIVATE KEY-----\n${body}\n-----END PRIVATE KEY-----`,
    mustNotAppear: [body],
    secretsFile: [],
  })),
  secretFileValue.map((value) => ({ text: value, mustNotAppear: [value], secretsFile: [value] })),
);

/** Places the secret text somewhere: in a sentence, an object at some depth, an array, or JSON inside a string. */
const placements = fc.constantFrom("sentence", "object", "array", "json-string", "secret-key");

function place(kind: string, secret: string, prefix: string, suffix: string, key: string, depth: number): unknown {
  const sentence = `${prefix} ${secret} ${suffix}`;
  let value: unknown;
  if (kind === "sentence") value = sentence;
  else if (kind === "array") value = [prefix, sentence, suffix];
  else if (kind === "json-string") value = JSON.stringify({ [key]: sentence, note: prefix });
  else if (kind === "secret-key") value = { password: { nested: [secret] }, token: secret };
  else value = { [key]: sentence };
  for (let level = 0; level < depth; level += 1) value = { [ordinaryKey(level)]: value, level };
  return value;
}

describe("Redactor (property-based)", () => {
  it("never lets a secret through, whatever its shape and position", () => {
    fc.assert(
      fc.property(
        secretCases,
        placements,
        ordinaryText,
        ordinaryText,
        fc.constantFrom(...ORDINARY_KEYS),
        fc.nat(5),
        (secret, kind, prefix, suffix, key, depth) => {
          const redactor = new Redactor({ secrets: secret.secretsFile });
          const input = place(kind, secret.text, prefix, suffix, key, depth);
          for (const output of [JSON.stringify(redactor.redact(input)), redactor.stringify(input)]) {
            for (const fragment of secret.mustNotAppear) {
              expect(output).not.toContain(fragment);
              expect(output).not.toContain(JSON.stringify(fragment).slice(1, -1));
            }
          }
        },
      ),
      { numRuns: 2000 },
    );
  });

  it("leaves ordinary text and ordinary objects exactly as they were", () => {
    const redactor = new Redactor({ secrets: ["s3cr3t-value-from-file"] });
    const ordinaryValue = fc.oneof(
      ordinaryText,
      uuid,
      fc.integer(),
      fc.boolean(),
      fc.constant(null),
      fc.stringMatching(/^[0-9a-f]{7,12}$/),
    );
    const ordinaryObject = fc.dictionary(
      fc.constantFrom(...ORDINARY_KEYS),
      fc.oneof(ordinaryValue, fc.array(ordinaryValue, { maxLength: 4 })),
      { maxKeys: 6 },
    );
    fc.assert(
      fc.property(ordinaryText, ordinaryObject, (text, object) => {
        expect(redactor.redactString(text)).toBe(text);
        expect(redactor.redact(object)).toEqual(object);
        expect(redactor.stringify(object)).toBe(JSON.stringify(object));
      }),
      { numRuns: 1000 },
    );
  });
});

describe("Redactor (examples)", () => {
  const redactor = new Redactor({ secrets: ["hunter2!secret"] });

  it("redacts by key name at any depth, case-insensitively", () => {
    const input = {
      user: "bob",
      Password: "p",
      nested: {
        deeper: [
          { "Client-Secret": "c", AUTHORIZATION: "Bearer x", "x-api-key": "k", accessToken: "t", _auth: "a", _id: 7 },
        ],
      },
    };
    expect(redactor.redact(input)).toEqual({
      user: "bob",
      Password: REDACTED,
      nested: {
        deeper: [
          {
            "Client-Secret": REDACTED,
            AUTHORIZATION: REDACTED,
            "x-api-key": REDACTED,
            accessToken: REDACTED,
            _auth: REDACTED,
            _id: 7,
          },
        ],
      },
    });
  });

  it("keeps the scheme word and the JSON shape when it redacts", () => {
    expect(redactor.redactString("Authorization: Bearer abcdefghijklmnop")).toBe(`Authorization: ${REDACTED}`);
    expect(redactor.redactString("sent Bearer abcdefghijklmnop")).toBe(`sent Bearer ${REDACTED}`);
    const json = redactor.redactString(JSON.stringify({ password: "a b c", user: "bob" }));
    expect(JSON.parse(json)).toEqual({ password: REDACTED, user: "bob" });
    expect(redactor.redactString("PEM -----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE----- done")).toBe(
      "PEM [REDACTED PEM] done",
    );
  });

  it("redacts quoted and unquoted key=value pairs, but only when the key is whole", () => {
    expect(redactor.redactString("pwd='abc def' ok")).toBe(`pwd='${REDACTED}' ok`);
    expect(redactor.redactString("'token': 'abc'")).toBe(`'token': '${REDACTED}'`);
    expect(redactor.redactString(String.raw`{\"password\":\"xy\"}`)).toBe(String.raw`{\"password\":\"${REDACTED}\"}`);
    expect(redactor.redactString("url=https://x.example/cb?access_token=abc123&state=ok")).toBe(
      `url=https://x.example/cb?access_token=${REDACTED}&state=ok`,
    );
    expect(redactor.redactString('{ "client-secret": <value> }')).toBe('{ "client-secret": <value> }');
    const message = 'Refusing file name "../../etc/passwd": it climbs out of its folder';
    expect(redactor.redactString(message)).toBe(message);
  });

  it("redacts secrets-file values wherever they occur, also JSON-escaped", () => {
    expect(redactor.redactString("login with hunter2!secret now")).toBe(`login with ${REDACTED} now`);
    expect(JSON.stringify(redactor.redact({ note: "x hunter2!secret y" }))).not.toContain("hunter2");
  });

  it("honours extra secret keys and allowed keys", () => {
    const custom = new Redactor({ keys: ["ssn"], allowKeys: ["tokenCount"] });
    expect(custom.redact({ SSN: "123", token_count: 5, tokenCount: 6 })).toEqual({
      SSN: REDACTED,
      token_count: 5,
      tokenCount: 6,
    });
  });

  it("survives cycles and errors", () => {
    const cyclic: Record<string, unknown> = { name: "loop" };
    cyclic.self = cyclic;
    expect(redactor.redact(cyclic)).toEqual({ name: "loop", self: "[Circular]" });
    expect(JSON.parse(redactor.stringify(cyclic))).toEqual({ name: "loop", self: "[Circular]" });
    const error = redactor.redact(new Error("failed with Bearer abcdefghijklmnop"));
    expect(error).toMatchObject({ message: `failed with Bearer ${REDACTED}` });
    expect(JSON.stringify(error)).not.toContain("abcdefghijklmnop");
  });
});

describe("Redactor.stringify writes a line natively only when redaction would change nothing: it agrees with the copying path", () => {
  const SECRET_KEYS = [
    "password",
    "Password",
    "client_secret",
    "x-api-key",
    "api key",
    "accessToken",
    "_auth",
    "_id",
    "authorization",
    "pass_word",
    "SSN",
    "tokenCount",
    "PIN",
    "session-id",
    "Set-Cookie",
    "x-signature",
    "jwt",
    "otp",
    "salt",
    "credentials",
    "private_key",
    "Bearer",
    "pwd",
  ];
  const anyText = fc.string({ unit: "binary", maxLength: 40 });
  const stringValue = fc.oneof(
    ordinaryText,
    secretCases.map((secret) => secret.text),
    fc
      .tuple(ordinaryText, secretCases, ordinaryText)
      .map(([before, secret, after]) => `${before}${secret.text} ${after}`),
    fc
      .tuple(fc.constantFrom(...SECRET_KEYS, ...ORDINARY_KEYS), secretCases)
      .map(([key, secret]) => JSON.stringify({ [key]: secret.text, note: "x" })),
    anyText,
    fc.constantFrom("hunter2!secret", 'quote"and\\back"slash', "hunter2!secret\n", "null", "1234"),
  );
  const keyName = fc.oneof(fc.constantFrom(...ORDINARY_KEYS, ...SECRET_KEYS), anyText);
  const { value: jsonLike } = fc.letrec<{ value: unknown }>((tie) => ({
    value: fc.oneof(
      { depthSize: "small", maxDepth: 5 },
      stringValue,
      fc.integer(),
      fc.double(),
      fc.boolean(),
      fc.constant(null),
      fc.array(tie("value"), { maxLength: 4 }),
      fc.dictionary(keyName, tie("value"), { maxKeys: 5 }),
    ),
  }));

  it("prints exactly JSON.stringify(redact(value)) for JSON-like values at any depth", () => {
    const redactor = new Redactor({
      secrets: ["hunter2!secret", 'quote"and\\back"slash', "1234"],
      keys: ["ssn"],
      allowKeys: ["tokenCount"],
    });
    fc.assert(
      fc.property(jsonLike, (value) => {
        expect(redactor.stringify(value)).toBe(JSON.stringify(redactor.redact(value)));
      }),
      { numRuns: 3000 },
    );
  });

  it("agrees for every generated secret shape and placement, with that secret in the secrets file", () => {
    fc.assert(
      fc.property(
        secretCases,
        placements,
        ordinaryText,
        ordinaryText,
        fc.constantFrom(...ORDINARY_KEYS),
        fc.nat(5),
        (secret, kind, prefix, suffix, key, depth) => {
          const redactor = new Redactor({ secrets: secret.secretsFile });
          const input = place(kind, secret.text, prefix, suffix, key, depth);
          expect(redactor.stringify(input)).toBe(JSON.stringify(redactor.redact(input)));
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe("Redactor.stringify (values JSON.stringify cannot print as they are)", () => {
  const redactor = new Redactor({ secrets: ["hunter2!secret"] });

  it("prints errors with their fields and causes, BigInts as strings, and survives throwing toJSON", () => {
    const error = new Error("failed with Bearer abcdefghijklmnop", { cause: new Error("inner hunter2!secret") });
    expect(JSON.parse(redactor.stringify(error))).toMatchObject({
      message: `failed with Bearer ${REDACTED}`,
      cause: { message: `inner ${REDACTED}` },
    });
    expect(JSON.parse(redactor.stringify({ big: 12n, token: 5n }))).toEqual({ big: "12", token: REDACTED });
    const throwing = {
      name: "x",
      broken: {
        toJSON: () => {
          throw new Error("no");
        },
      },
    };
    expect(JSON.parse(redactor.stringify(throwing))).toEqual({ name: "x", broken: "[toJSON failed]" });
    expect(JSON.parse(redactor.stringify({ when: new Date(Number.NaN), at: new Date(0) }))).toEqual({
      when: null,
      at: "1970-01-01T00:00:00.000Z",
    });
  });

  it("redacts secrets-file values that look like numbers, null or JSON punctuation only inside strings", () => {
    const numeric = new Redactor({ secrets: ["1234", "null", 'a","b'] });
    const value = {
      n: 12_345,
      list: ["a,", 1234, null, "b"],
      note: "pin 1234 here",
      "1234": true,
      pair: ["a", "b"],
      quoted: 'a","b',
    };
    expect(numeric.stringify(value)).toBe(JSON.stringify(numeric.redact(value)));
    expect(JSON.parse(numeric.stringify(value))).toMatchObject({
      n: 12_345,
      list: ["a,", 1234, null, "b"],
      note: `pin ${REDACTED} here`,
      quoted: REDACTED,
    });
  });

  it("keeps null under a secret key and blanks objects, arrays, numbers and booleans there", () => {
    const text = redactor.stringify({
      password: null,
      token: { a: [1, "}"] },
      secret: ["x"],
      pin: 1234,
      auth: true,
      after: "kept",
    });
    expect(JSON.parse(text)).toEqual({
      password: null,
      token: REDACTED,
      secret: REDACTED,
      pin: REDACTED,
      auth: REDACTED,
      after: "kept",
    });
  });
});
