import { execFile, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect } from "vitest";
import { runnableBlock } from "./docs/code-blocks.js";
import { itOnEachNode } from "./package/node-binaries.js";

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..");

/**
 * The blocks of README.md and docs/ that say they run as written (test/docs/code-blocks.test.ts
 * checks this file runs each one), run as written on every supported Node.
 */

describe("README", () => {
  itOnEachNode(
    "runs the runtime example as written (the package resolves itself by name from inside the repo)",
    (node) => {
      const dir = join(repoRoot, "test", ".tmp");
      mkdirSync(dir, { recursive: true });
      const file = join(dir, "readme-example.mjs");
      writeFileSync(file, runnableBlock("example.mjs"));
      const run = spawnSync(node, [file], { encoding: "utf8", cwd: repoRoot });
      expect(run.status).toBe(1);
      expect(run.stdout).toContain('"perSecond":10');
      expect(run.stdout).toContain('"burst":1');
      expect(run.stdout).not.toContain("abc.def.ghi");
      expect(run.stderr).toContain("global");
      expect(run.stderr).toMatch(/Problem[\s\S]*Solution[\s\S]*Example/);
    },
  );
});

/** A loopback server answering with `route`, recording each request's path and Authorization header. */
async function loopback(
  route: (request: IncomingMessage, response: ServerResponse) => void,
): Promise<{ url: string; seen: string[]; close: () => Promise<void> }> {
  const seen: string[] = [];
  const server = createServer((request, response) => {
    request.resume();
    request.on("end", () => {
      seen.push(`${request.url ?? ""} ${request.headers.authorization ?? "-"}`);
      route(request, response);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const close = (): Promise<void> => new Promise((resolve) => server.close(() => resolve()));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen, close };
}

function sendJson(response: ServerResponse, body: unknown): void {
  response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(body));
}

describe("README createApiClient example", () => {
  itOnEachNode("runs as written against a loopback token endpoint and API", async (node) => {
    const secret = "readme-Client-Secret-5521";
    const tokens = await loopback((_request, response) =>
      sendJson(response, { access_token: "readme-token-abc", token_type: "Bearer", expires_in: 3600 }),
    );
    const api = await loopback((request, response) =>
      sendJson(
        response,
        request.url === "/v1/users"
          ? [
              { id: 1, active: true },
              { id: 2, active: false },
            ]
          : { id: 1, name: "Ada" },
      ),
    );
    mkdirSync(join(repoRoot, "test", ".tmp"), { recursive: true });
    const dir = mkdtempSync(join(repoRoot, "test", ".tmp", "readme-api-"));
    try {
      // JSON.parse gives any; the README's example config has a global section of strings.
      const config = JSON.parse(
        readFileSync(join(repoRoot, "test", "fixtures", "runtime", "config", "acme-prod-config.json"), "utf8"),
      ) as { global: Record<string, string> };
      config.global["api-base-url"] = `${api.url}/v1`;
      config.global["oauth-token-url"] = `${tokens.url}/{tenant-id}/token`;
      mkdirSync(join(dir, "config"));
      writeFileSync(join(dir, "config", "acme-prod-config.json"), JSON.stringify(config));
      writeFileSync(join(dir, "config", "acme-prod-config-secrets.json"), JSON.stringify({ "client-secret": secret }));
      writeFileSync(join(dir, "export-users.mjs"), runnableBlock("export-users.mjs"));
      // Asynchronous: the loopback servers live in this process and must keep answering.
      const run = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
        const child = execFile(node, ["export-users.mjs"], { cwd: dir, encoding: "utf8" }, (_error, stdout, stderr) =>
          resolve({ code: child.exitCode, stdout, stderr }),
        );
      });
      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout).toContain("✅ 2 processed: 1 succeeded, 1 skipped, 0 failed");
      expect(run.stdout).toMatch(/acme-prod-users_\d{4}-\d\d-\d\dT\d{4}Z\.json/);
      expect(api.seen).toEqual(["/v1/users Bearer readme-token-abc", "/v1/users/1 Bearer readme-token-abc"]);
      expect(tokens.seen).toEqual(["/acme/token -"]);
      expect(`${run.stdout}${run.stderr}`).not.toContain(secret);
    } finally {
      rmSync(dir, { recursive: true, force: true });
      await Promise.all([tokens.close(), api.close()]);
    }
  });
});

/** The JSON block docs/runtime.md shows under the heading line naming `file`. */
function runtimeDocJson(file: string): unknown {
  const doc = readFileSync(join(repoRoot, "docs", "runtime.md"), "utf8");
  const match = new RegExp(`\`${file.replaceAll(".", "\\.")}\`\\n\\n\`\`\`json\\n([\\s\\S]*?)\`\`\``).exec(doc);
  if (!match?.[1]) throw new Error(`docs/runtime.md shows no JSON block for ${file}`);
  return JSON.parse(match[1]);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The object at `path` in a JSON value, or a failure naming the path the documented example lacks. */
function recordAt(value: unknown, path: readonly string[]): Record<string, unknown> {
  let current = value;
  for (const key of path) current = isRecord(current) ? current[key] : undefined;
  if (!isRecord(current)) throw new Error(`docs/runtime.md's example has no object at ${path.join(".")}`);
  return current;
}

describe("docs/runtime.md complete example", () => {
  itOnEachNode(
    "runs app.mjs as written with the two configuration files, and fails helpfully without a required key",
    (node) => {
      mkdirSync(join(repoRoot, "test", ".tmp"), { recursive: true });
      const dir = mkdtempSync(join(repoRoot, "test", ".tmp", "runtime-doc-"));
      try {
        const config = runtimeDocJson("config/acme-dev-config.json");
        const secrets = runtimeDocJson("config/acme-dev-config-secrets.json");
        mkdirSync(join(dir, "config"));
        writeFileSync(join(dir, "config", "acme-dev-config-secrets.json"), JSON.stringify(secrets));
        writeFileSync(join(dir, "config", "acme-dev-config.json"), JSON.stringify(config, null, 2));
        writeFileSync(join(dir, "app.mjs"), runnableBlock("app.mjs"));
        const ok = spawnSync(node, ["app.mjs"], { encoding: "utf8", cwd: dir });
        expect(ok.status, ok.stderr).toBe(0);
        expect(ok.stdout).toMatch(/^would write .*summary\.txt$/m);
        expect(ok.stderr).toContain("[REDACTED]");
        expect(`${ok.stdout}${ok.stderr}`).not.toContain(String(recordAt(secrets, [])["client-secret"]));
        delete recordAt(config, ["script-behavior", "rate-limiting"])["calls-per-second"];
        writeFileSync(join(dir, "config", "acme-dev-config.json"), JSON.stringify(config, null, 2));
        const failed = spawnSync(node, ["app.mjs"], {
          encoding: "utf8",
          cwd: dir,
          env: { ...process.env, NO_COLOR: "1" },
        });
        expect(failed.status).toBe(1);
        expect(failed.stderr).toContain('missing required key "script-behavior.rate-limiting.calls-per-second"');
        expect(failed.stderr).toMatch(/Problem[\s\S]*Solution[\s\S]*Example/);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );
});
